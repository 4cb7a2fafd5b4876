"""Is the year's report ready for the steering group? What it still lacks, each with a link.

``CONTROLES`` lists the checks, one entry each: a key, a Dutch heading, what it looks for, and a
function of the report that gives its open points (``OpenPunt``: what is missing and where to
fix it). One more check is one more entry. ``open_punten(rapportage)`` runs them all; the page
``/rapportage/<jaar>/gereed/`` shows them, publishing asks to confirm them
(``rapport.rapportage_publiceren``) and the report's Verantwoording lists them.

"Linked work" of a physical project is what the fysiek-sociale koppeling counts (chapter 3.2):
a contact moment or a held activity of the year that names the project. A project's own link to
priorities is not work done with residents, so it does not count; the check reads the declared
figure ``koppeling.projecten_zonder_koppeling`` from the year's figures, no query of its own.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.http import urlencode

from activiteiten.models import Contactmoment
from wijken.models import Indicator, Meting, Prioriteit, Wijk, Wijkprofiel

from .cijfertabel import CIJFERRIJEN
from .kengetallen import (
    GEHEIM,
    VERBORGEN,
    Periode,
    openbaar_stad_en_per_wijk,
    vergelijking_stad_en_per_wijk,
)
from .models import Hoofdstuk, RapportVoorbeeld, Voorbeeld

# At most this many open points of one check are named one by one; the rest are one line.
HOOGSTENS = 25


@dataclass(frozen=True)
class OpenPunt:
    tekst: str  # what is missing, in Dutch
    link: str  # where to fix it
    linktekst: str = "Aanvullen"


@dataclass(frozen=True)
class Controle:
    sleutel: str
    titel: str  # the heading on the page and in the Verantwoording
    uitleg: str  # what it looks for, in Dutch
    vind: object = field(repr=False)  # (rapportage, Gegevens) -> [OpenPunt]


class Gegevens:
    """What more than one check reads, read once: the year's public figures (the city's and
    per wijk, as the report shows them), or those the report has counted already."""

    def __init__(self, rapportage, openbare_cijfers=None):
        self.rapportage = rapportage
        if openbare_cijfers is not None:
            self.openbare_cijfers = openbare_cijfers

    @cached_property
    def openbare_cijfers(self):
        periode = Periode.jaar(self.rapportage.jaar)
        return openbaar_stad_en_per_wijk(*vergelijking_stad_en_per_wijk(periode))


def _beheer(model, pk=None, **params):
    """The beheer's page of a record (or a new one, with ``params`` filled in)."""
    meta = model._meta
    if pk is None:
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
        return f"{url}?{urlencode(params)}" if params else url
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[pk])


def _bewerken(rapportage, anker=""):
    return reverse("rapportage:bewerken", args=[rapportage.jaar]) + (f"#{anker}" if anker else "")


def _prioriteiten(jaar):
    return Prioriteit.objects.geldig_in(jaar).select_related("wijk")


def prioriteiten_zonder_indicator(jaar):
    """The priorities of ``jaar`` without an indicator (here and in the Verantwoording)."""
    return _prioriteiten(jaar).filter(~Exists(Indicator.objects.filter(prioriteit=OuterRef("pk"))))


def indicatoren_zonder_meting(jaar):
    """The indicators of the priorities of ``jaar`` without a measurement in ``jaar``."""
    return (
        Indicator.objects.filter(prioriteit__in=_prioriteiten(jaar))
        .filter(~Exists(Meting.objects.filter(indicator=OuterRef("pk"), datum__year=jaar)))
        .select_related("prioriteit__wijk")
        .order_by("prioriteit__wijk__volgorde", "prioriteit__volgorde", "pk")
    )


def zonder_indicator(rapportage, gegevens):
    qs = prioriteiten_zonder_indicator(rapportage.jaar)
    return [
        OpenPunt(
            f"{p.wijk.naam}: “{p.titel}” heeft geen indicator.",
            reverse("wijken:indicator_nieuw", args=[p.wijk.slug, p.pk]),
            "Indicator toevoegen",
        )
        for p in qs
    ]


def zonder_meting(rapportage, gegevens):
    jaar = rapportage.jaar
    qs = indicatoren_zonder_meting(jaar)
    return [
        OpenPunt(
            f"{i.prioriteit.wijk.naam}: “{i.prioriteit.titel}”, indicator “{i.naam}” heeft "
            f"geen meting in {jaar}.",
            reverse("wijken:meting_nieuw", args=[i.prioriteit.wijk.slug, i.prioriteit_id, i.pk]),
            "Meting invoeren",
        )
        for i in qs
    ]


def zonder_voorbeeld(rapportage, gegevens):
    gekozen = set(
        RapportVoorbeeld.objects.filter(rapportage=rapportage, voorbeeld__wijk__isnull=False)
        .values_list("voorbeeld__wijk", flat=True)
        .distinct()
    )
    beschikbaar = set(
        Voorbeeld.objects.filter(jaar=rapportage.jaar, wijk__isnull=False)
        .values_list("wijk", flat=True)
        .distinct()
    )
    punten = []
    for wijk in Wijk.objects.exclude(pk__in=gekozen):
        if wijk.pk in beschikbaar:
            punten.append(
                OpenPunt(
                    f"{wijk.naam}: er is een voorbeeld, maar het is niet gekozen.",
                    _bewerken(rapportage, "voorbeelden"),
                    "Voorbeeld kiezen",
                )
            )
        else:
            punten.append(
                OpenPunt(
                    f"{wijk.naam}: geen voorbeeld in {rapportage.jaar}.",
                    _beheer(Voorbeeld, wijk=wijk.pk, jaar=rapportage.jaar),
                    "Voorbeeld schrijven",
                )
            )
    return punten


def lege_teksten(rapportage, gegevens):
    punten = []
    if not rapportage.voorwoord.strip():
        punten.append(
            OpenPunt("Het voorwoord is leeg.", _bewerken(rapportage, "voorwoord"), "Schrijven")
        )
    teksten = dict(rapportage.hoofdstukken.values_list("sleutel", "tekst"))
    for sleutel, label in Hoofdstuk.Sleutel.choices:
        if not (teksten.get(sleutel) or "").strip():
            punten.append(
                OpenPunt(
                    f"Hoofdstuk {label}: de tekst is leeg.",
                    _bewerken(rapportage, f"hoofdstuk-{sleutel}"),
                    "Schrijven",
                )
            )
    profielen = {p.wijk_id: p for p in Wijkprofiel.objects.filter(jaar=rapportage.jaar)}
    for wijk in Wijk.objects.all():
        profiel = profielen.get(wijk.pk)
        if profiel is None or not profiel.tekst.strip():
            punten.append(
                OpenPunt(
                    f"{wijk.naam}: de tekst over de wijk (wijkprofiel {rapportage.jaar}) is leeg.",
                    _beheer(Wijkprofiel, profiel.pk)
                    if profiel
                    else _beheer(Wijkprofiel, wijk=wijk.pk, jaar=rapportage.jaar),
                    "Schrijven",
                )
            )
    return punten


def projectcontact_zonder_project(rapportage, gegevens):
    """Contacts at or about a physical project (the channel or the occasion says so) that name
    no project: the fysiek-sociale koppeling misses them. The channel's rule holds in the
    database (``activiteiten_contactmoment_projectkanaal_noemt_project``); the occasion's is
    for people to fix."""
    qs = (
        Contactmoment.objects.filter(datum__year=rapportage.jaar, fysiek_project__isnull=True)
        .filter(
            Q(kanaal=Contactmoment.Kanaal.PROJECT)
            | Q(aanleiding=Contactmoment.Aanleiding.FYSIEK_PROJECT)
        )
        .select_related("wijk")
        .order_by("datum", "pk")
    )
    rijen = list(qs[: HOOGSTENS + 1])
    punten = [
        OpenPunt(
            f"{c.wijk.naam}: contactmoment van {c.datum:%d-%m-%Y} gaat over een fysiek project "
            "maar noemt geen project.",
            reverse("activiteiten:contactmoment_bewerken", args=[c.pk]),
            "Project kiezen",
        )
        for c in rijen[:HOOGSTENS]
    ]
    if len(rijen) > HOOGSTENS:
        meer = qs.count() - HOOGSTENS
        lijst = reverse("activiteiten:contactmomenten")
        punten.append(
            OpenPunt(
                f"En nog {meer} contactmomenten zoals deze.",
                f"{lijst}?{urlencode({'jaar': rapportage.jaar, 'aanleiding': 'fysiek_project'})}",
                "Alle bekijken",
            )
        )
    return punten


def project_zonder_werk(rapportage, gegevens):
    """Physical projects active in the year with no contact moment and no held activity of the
    year naming them (the figure ``koppeling.projecten_zonder_koppeling``, as chapter 3.2
    shows it): the report cannot say what was done with the residents around them."""
    stad, _ = gegevens.openbare_cijfers
    namen = {w.slug: w.naam for w in Wijk.objects.all()}
    return [
        OpenPunt(
            f"{namen.get(p['wijk'], p['wijk'])}: project “{p['naam']}” liep in "
            f"{rapportage.jaar}, maar er is geen contactmoment of activiteit aan gekoppeld.",
            reverse("wijken:project", args=[p["id"]]),
            "Project bekijken",
        )
        for p in stad["huidig"]["koppeling"]["projecten_zonder_koppeling"]
    ]


def _verborgen(waarde):
    return waarde in (GEHEIM, VERBORGEN)


def _alles_verborgen(waarden):
    """Every count is hidden or 0, and at least one is hidden: the figure says nothing."""
    waarden = [w for w in waarden if isinstance(w, int | str) and not isinstance(w, bool)]
    return any(map(_verborgen, waarden)) and all(_verborgen(w) or w == 0 for w in waarden)


# The figures of the report that can be all suppressed in a wijk: its figures table and its
# charts (rapport._grafieken), as (name, the values read from a scope's public figures).
_ONDERDRUKBAAR = (
    ("de tabel met kengetallen", lambda c: [r.waarde(c) for r in CIJFERRIJEN if not r.euro]),
    (
        "de grafiek contactmomenten per kanaal",
        lambda c: c["contactmomenten"]["per_kanaal"].values(),
    ),
    ("de grafiek contactmomenten per thema", lambda c: c["contactmomenten"]["per_thema"].values()),
    ("de grafiek signalen per soort", lambda c: c["signalen"]["per_soort"].values()),
)


def alles_onderdrukt(rapportage, gegevens):
    """Figures of the report whose every count is shown as "< 5" or hidden (for the city or a
    wijk): too little work logged to show them at all."""
    stad, per_wijk = gegevens.openbare_cijfers
    lijst = reverse("activiteiten:contactmomenten")
    punten = []
    for wijk, cijfers in [(None, stad), *per_wijk.items()]:
        naam = wijk.naam if wijk else "Assen"
        params = {"jaar": rapportage.jaar, **({"wijk": wijk.slug} if wijk else {})}
        for wat, waarden in _ONDERDRUKBAAR:
            if _alles_verborgen(waarden(cijfers["huidig"])):
                punten.append(
                    OpenPunt(
                        f"{naam}: {wat} toont in {rapportage.jaar} alleen aantallen onder de 5.",
                        f"{lijst}?{urlencode(params)}",
                        "Vastgelegd werk bekijken",
                    )
                )
    return punten


CONTROLES = [
    Controle(
        "zonder_indicator",
        "Prioriteiten zonder indicator",
        "Een prioriteit van dit jaar zonder indicator: niet te zeggen of het werk effect heeft.",
        zonder_indicator,
    ),
    Controle(
        "zonder_meting",
        "Indicatoren zonder meting dit jaar",
        "Een indicator van een prioriteit van dit jaar zonder meting in dit jaar.",
        zonder_meting,
    ),
    Controle(
        "zonder_voorbeeld",
        "Wijken zonder voorbeeld",
        "Een wijk waarvoor geen voorbeeld in de rapportage is gekozen.",
        zonder_voorbeeld,
    ),
    Controle(
        "lege_teksten",
        "Lege teksten",
        "Het voorwoord, een hoofdstuk of de tekst over een wijk (wijkprofiel) is leeg.",
        lege_teksten,
    ),
    Controle(
        "project_zonder_werk",
        "Projecten zonder gekoppeld werk",
        "Een fysiek project dat dit jaar liep, zonder contactmoment of gehouden activiteit van "
        "dit jaar die het project noemt.",
        project_zonder_werk,
    ),
    Controle(
        "projectcontact_zonder_project",
        "Contacten bij een project zonder project",
        "Een contactmoment met kanaal of aanleiding 'fysiek project' dat geen project noemt.",
        projectcontact_zonder_project,
    ),
    Controle(
        "alles_onderdrukt",
        "Kengetallen die helemaal onderdrukt zijn",
        "Een tabel of grafiek waarin elk aantal onder de 5 blijft of verborgen is.",
        alles_onderdrukt,
    ),
]


def open_punten(rapportage, openbare_cijfers=None):
    """[(Controle, [OpenPunt])] for every check, also those without open points.
    ``openbare_cijfers``: the year's public figures (city, {wijk: figures}) when counted
    already (the report)."""
    gegevens = Gegevens(rapportage, openbare_cijfers)
    return [(c, c.vind(rapportage, gegevens)) for c in CONTROLES]


def aantal_open(resultaat):
    return sum(len(punten) for _, punten in resultaat)
