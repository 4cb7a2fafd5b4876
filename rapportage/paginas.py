"""The pages that combine every app: the home dashboard and the wijk page.

They read contact moments, activities, initiatives, projects and the figures together, so they
live on the top floor (README: floors). Their addresses stay where staff know them: ``/`` (name
``home``) and ``/wijken/<slug>/`` (name ``wijken:wijk``, mounted by ``mba/urls.py``, the one
file that includes every app).
"""

import datetime

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from activiteiten import tellingen, vraagstuk
from activiteiten.doorverwijzing import antwoorden_voor
from activiteiten.models import Activiteit, Contactmoment
from activiteiten.views import namen_per_rij
from initiatieven.models import Bewonersinitiatief, StatusWijziging
from mba import audit, rechten
from mba.wijzigingen import CONTACTEN, PROGRAMMA, alle_bewaard, bewaard
from wijken.models import FysiekProject, Prioriteit, Wijk, Wijkprofiel

from .cijfertabel import KERNRIJEN, cijferrijen
from .kengetallen import (
    PRIORITEITCIJFERS,
    Periode,
    contactcijfers,
    contactrijen_van_wijk,
    programma_stad_en_per_wijk,
    werk_per_prioriteit,
)


def _programma(jaar):
    """What the pages show of a year and the year before that reads no contact moment, for
    the city (key None) and every wijk, kept until the programme changes: a contact logged does
    not count it again. With the lists the contact figures are named by."""

    def tel():
        huidig, vorige = Periode.jaar(jaar), Periode.jaar(jaar - 1)
        lijsten, secties = programma_stad_en_per_wijk([huidig, vorige])
        return {
            "lijsten": lijsten,
            "secties": {
                k: {"huidig": secties[huidig][k], "vorige": secties[vorige][k]}
                for k in secties[huidig]
            },
        }

    return bewaard(f"jaar:{jaar}:programma", tel, [PROGRAMMA])


def _contactrijen(jaren, wijk_ids):
    """{(jaar, wijk id): the rows of the year's contact figures of the wijk}, each kept until a
    contact moment of that year in that wijk changes (``tellingen.versie_van``): a contact
    logged in one wijk counts only that wijk's year again, one query."""
    wat = {
        (j, w): (
            lambda j=j, w=w: contactrijen_van_wijk(Periode.jaar(j), w),
            [CONTACTEN, tellingen.versie_van(j, w)],
        )
        for j in jaren
        for w in wijk_ids
    }
    gevonden = alle_bewaard({f"contacten:{j}:{w}": v for (j, w), v in wat.items()})
    return {(j, w): gevonden[f"contacten:{j}:{w}"] for j, w in wat}


def jaarcijfers(jaar, wijk_ids=None):
    """The figures of a year against the year before, as the home and wijk pages show them:
    {wijk id: {"rijen": rows, "indicatoren": [PrioriteitCijfers]}} for the wijken of
    ``wijk_ids``, or {None: {"rijen": rows}} for the city when it is None. The numbers of
    ``vergelijking_stad_en_per_wijk``, put together from two parts kept in the cache, the
    programme's (``_programma``) and the contact figures per wijk and year (``_contactrijen``;
    the city's are its wijken's added up), and kept themselves until either changes."""
    jaren = (jaar, jaar - 1)
    delen = [
        tellingen.versie_van(j, w)
        for j in jaren
        for w in ([None] if wijk_ids is None else wijk_ids)
    ]
    naam = f"jaarcijfers:{jaar}:{'stad' if wijk_ids is None else ','.join(map(str, wijk_ids))}"
    return bewaard(naam, lambda: _jaarcijfers(jaar, wijk_ids), [PROGRAMMA, CONTACTEN, *delen])


def _jaarcijfers(jaar, wijk_ids):
    programma = _programma(jaar)
    stad = wijk_ids is None
    if stad:
        wijk_ids = [k for k in programma["secties"] if k is not None]
    rijen = _contactrijen((jaar, jaar - 1), wijk_ids)
    contact = {
        kant: contactcijfers(
            Periode.jaar(j), {w: rijen[(j, w)] for w in wijk_ids}, programma["lijsten"]
        )
        for kant, j in (("huidig", jaar), ("vorige", jaar - 1))
    }
    uit = {}
    for k in [None] if stad else wijk_ids:
        secties = programma["secties"][k]
        vergelijking = {kant: secties[kant] | contact[kant][k] for kant in secties}
        uit[k] = {
            "rijen": cijferrijen(vergelijking, KERNRIJEN),
            "indicatoren": secties["huidig"]["indicatoren"],
            "werk": werk_per_prioriteit(vergelijking["huidig"]),
        }
    return uit


def werkrijen(werk):
    """The rows of a priority's table of linked work: each figure of ``PRIORITEITCIJFERS``
    with its name and definition (shown beside it), in the declared order."""
    return [
        {"label": d.label, "uitleg": d.uitleg, "waarde": werk.get(naam, 0)}
        for naam, (_, _, d) in PRIORITEITCIJFERS.items()
    ]


def _wijkgegevens(wijk, jaar):
    """What the wijk page shows of the wijk itself in a year besides its figures, none of it
    personal data: the priorities' texts, the profile, the projects and the locations open."""
    peildatum = min(timezone.localdate(), datetime.date(jaar, 12, 31))
    return {
        "teksten": {
            p.pk: p
            for p in Prioriteit.objects.filter(wijk=wijk).only("pk", "toelichting", "beoogd_effect")
        },
        "profiel": Wijkprofiel.objects.filter(wijk=wijk, jaar__lte=jaar).order_by("-jaar").first(),
        "projecten": list(wijk.projecten.select_related("eigenaar", "buurt")),
        "locaties": [
            loc for loc in wijk.locaties.select_related("buurt") if loc.is_open_op(peildatum)
        ],
    }


def gekozen_jaar(request):
    """?jaar=2021 within 2015 and this year; default this year."""
    dit_jaar = timezone.localdate().year
    try:
        jaar = int(request.GET.get("jaar", dit_jaar))
    except ValueError:
        jaar = dit_jaar
    return min(max(jaar, 2015), dit_jaar)


def jaarkeuze(jaar):
    return list(range(timezone.localdate().year, 2018, -1))


@login_required
def home(request):
    user = request.user
    if not rechten.rollen(user):
        return render(request, "home.html", {"geen_rol": True}, status=403)
    jaar = gekozen_jaar(request)
    vandaag = timezone.localdate()
    team = rechten.team_wijk_ids(user)
    eigen_wijken = list(Wijk.objects.filter(pk__in=team)) if team else []
    overzicht_wijken = eigen_wijken or list(Wijk.objects.all())
    wijk_ids = [w.pk for w in overzicht_wijken]

    vervolgen = teamvervolgen = None
    if rechten.mag_contactmomenten_zien(user):
        open_vervolg = Contactmoment.objects.zichtbaar_voor(user).open_vervolg()
        vervolgen = list(
            open_vervolg.filter(medewerker=user)
            .select_related("wijk", "doorverwezen_naar")
            .prefetch_related("signalen")
            .order_by("datum", "pk")[:25]
        )
        teamvervolgen = open_vervolg.filter(wijk__in=team).exclude(medewerker=user).count()
        if vervolgen:
            audit.vastleggen(
                request, audit.Actie.BEKEKEN, objecttype=audit.CONTACTMOMENT, aantal=len(vervolgen)
            )

    initiatieven = list(
        Bewonersinitiatief.objects.filter(wijk__in=wijk_ids)
        .exclude(status__in=Bewonersinitiatief.AFGESLOTEN_STATUSSEN)
        .select_related("wijk")
        .order_by("aangevraagd_op", "pk")[:10]
    )
    activiteiten = list(
        Activiteit.objects.filter(start__gte=vandaag, status=Activiteit.Status.GEPLAND)
        .filter(Q(wijk__in=wijk_ids) | Q(wijk__isnull=True))
        .select_related("wijk")
        .order_by("start", "naam")[:8]
    )

    # My wijken's figures, or (without a team: coordinator, stuurgroep) the city's.
    cijfers, stad = [], None
    if eigen_wijken:
        per_wijk = jaarcijfers(jaar, [w.pk for w in eigen_wijken])
        cijfers = [{"wijk": w, "rijen": per_wijk[w.pk]["rijen"]} for w in eigen_wijken]
    else:
        stad = jaarcijfers(jaar)[None]["rijen"]
    return render(
        request,
        "home.html",
        {
            "eigen_wijken": eigen_wijken,
            "overzicht_wijken": overzicht_wijken,
            "vervolgen": vervolgen,
            "doorverwijzing_antwoorden": antwoorden_voor(user) if vervolgen is not None else None,
            "teamvervolgen": teamvervolgen,
            "initiatieven": initiatieven,
            "activiteiten": activiteiten,
            "cijfers": cijfers,
            "stad": stad,
            "jaar": jaar,
            "vorig_jaar": jaar - 1,
            "jaren": jaarkeuze(jaar),
            "rol": rechten.rol(user),
            "mag_loggen": rechten.mag_contactmoment_loggen(user),
            "vandaag": vandaag,
            "binnenkort": vandaag + datetime.timedelta(days=60),
        },
    )


TIJDLIJN = 40
# The newest contact moments only: there are hundreds a year, they would hide everything else.
CONTACTEN_IN_TIJDLIJN = 10


def tijdlijn(user, wijk, tot, projecten=None):
    """Everything logged in the wijk, newest first, up to ``tot``: the contact moments the user
    may see, activities, initiative steps, physical projects starting or finishing (of
    ``projecten``, the wijk's projects, read when not given)."""
    items = []
    if rechten.mag_contactmomenten_zien(user):
        # the signals from the bit masks, named from memory (docs/adr/0002): no link query
        signalen = namen_per_rij()["signalen"]
        contacten = (
            Contactmoment.objects.zichtbaar_voor(user)
            .filter(wijk=wijk, datum__lt=tot)
            .only("datum", "kanaal", "signalen_bits")
            .order_by("-datum", "-pk")[:CONTACTEN_IN_TIJDLIJN]
        )
        for c in contacten:
            namen = ", ".join(n for bit, n in signalen if c.signalen_bits >> bit & 1)
            tekst = f"Contact {c.get_kanaal_display().lower()}" + (f": {namen}" if namen else "")
            items.append(
                (c.datum, "Contact", tekst, reverse("activiteiten:contactmoment", args=[c.pk]))
            )
    for a in wijk.activiteiten.filter(start__lt=tot).order_by("-start", "naam")[:TIJDLIJN]:
        items.append(
            (a.start, "Activiteit", a.naam, reverse("activiteiten:activiteit", args=[a.pk]))
        )
    stappen = (
        StatusWijziging.objects.filter(initiatief__wijk=wijk, op__date__lt=tot)
        .select_related("initiatief")
        .order_by("-op", "-pk")[:TIJDLIJN]
    )
    for s in stappen:
        items.append(
            (
                timezone.localtime(s.op).date(),
                "Initiatief",
                f"{s.initiatief.titel}: {s.get_naar_status_display().lower()}",
                reverse("initiatieven:initiatief", args=[s.initiatief_id]),
            )
        )
    for p in wijk.projecten.all() if projecten is None else projecten:
        url = reverse("wijken:project", args=[p.pk])
        if p.start and p.start < tot:
            items.append((p.start, "Project", f"Start {p.naam}", url))
        if p.eind and p.eind < tot and p.status == FysiekProject.Status.AFGEROND:
            items.append((p.eind, "Project", f"Afgerond: {p.naam}", url))
    items.sort(key=lambda i: i[0], reverse=True)
    return [{"datum": d, "soort": s, "tekst": t, "url": u} for d, s, t, u in items[:TIJDLIJN]]


@login_required
def wijk(request, slug):
    rechten.vereis_rol(request.user)
    wijk = get_object_or_404(Wijk, slug=slug)
    jaar = gekozen_jaar(request)
    cijfers = jaarcijfers(jaar, [wijk.pk])[wijk.pk]
    gegevens = bewaard(f"wijk:{wijk.pk}:{jaar}", lambda: _wijkgegevens(wijk, jaar), [PROGRAMMA])
    teksten = gegevens["teksten"]
    prioriteiten = [
        {
            "cijfers": p,
            "prioriteit": teksten.get(p.id),
            "werk": werkrijen(cijfers["werk"].get(p.id, {})),
        }
        for p in cijfers["indicatoren"]
    ]
    items = tijdlijn(request.user, wijk, datetime.date(jaar + 1, 1, 1), gegevens["projecten"])
    vraagstukken = vraagstuk.wijkpagina(request.user, wijk, jaar)
    tot = datetime.date(jaar + 1, 1, 1)
    items = vraagstuk.met_vraagstukken(items, vraagstukken["vraagstukken_jaar"], tot)[:TIJDLIJN]
    if contacten := sum(1 for item in items if item["soort"] == "Contact"):
        audit.vastleggen(
            request, audit.Actie.BEKEKEN, objecttype=audit.CONTACTMOMENT, aantal=contacten
        )
    return render(
        request,
        "wijken/wijk.html",
        {
            "wijk": wijk,
            "jaar": jaar,
            "vorig_jaar": jaar - 1,
            "jaren": jaarkeuze(jaar),
            "cijferrijen": cijfers["rijen"],
            "prioriteiten": prioriteiten,
            **gegevens,
            "tijdlijn": items,
            **vraagstukken,
            "mag_bewerken": wijk.mag_bewerken(request.user),
            "mag_loggen": rechten.mag_contactmoment_loggen(request.user),
            "is_team": wijk.pk in rechten.team_wijk_ids(request.user),
        },
    )
