"""The annual report: one function builds its context, one template serves HTML and PDF."""

import datetime
import hashlib
import logging
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format

from activiteiten.models import Activiteit
from activiteiten.vraagstuk import vraagstukken_van_jaar
from wijken.models import FysiekProject, Indicator, Meting, Prioriteit, Wijk, Wijkprofiel

from . import grafieken
from .cijfertabel import cijferrijen
from .gereedheid import aantal_open, open_punten
from .kengetallen import (
    DEFINITIES,
    Periode,
    openbaar_stad_en_per_wijk,
    vergelijking_stad_en_per_wijk,
    werk_per_prioriteit,
)
from .models import Hoofdstuk, Jaarrapportage, PdfOpdracht, RapportVoorbeeld
from .paginas import werkrijen
from .prioriteiten import indicatorblokken
from .verantwoording import verantwoording

log = logging.getLogger(__name__)


def _grafieken(cijfers, jaar, sleutel, compact=False):
    """The charts of one scope (city or wijk), from its public (suppressed) figures; `compact`
    packs the rows closer (a wijk's chart in the PDF shares a page with its figures)."""
    nu, vorig = cijfers["huidig"], cijfers["vorige"]

    def rijen(sectie, veld, labelsoort):
        a, b = nu[sectie][veld], vorig[sectie][veld]
        sleutels = list(a) + [k for k in b if k not in a]
        # names, not slugs: a key seen only last year is named by last year's labels
        namen = {**vorig["labels"].get(labelsoort, {}), **nu["labels"].get(labelsoort, {})}
        return [(namen.get(k, k), a.get(k, 0), b.get(k, 0)) for k in sleutels]

    return {
        "kanaal": grafieken.staafgrafiek(
            "Contactmomenten per kanaal",
            rijen("contactmomenten", "per_kanaal", "kanaal"),
            jaar,
            jaar - 1,
            sleutel=f"{sleutel}-kanaal",
            rij_h=21 if compact else 26,
        ),
        "thema": grafieken.staafgrafiek(
            "Contactmomenten per thema",
            rijen("contactmomenten", "per_thema", "thema"),
            jaar,
            jaar - 1,
            sleutel=f"{sleutel}-thema",
            rij_h=21 if compact else 26,
        ),
        "signalen": grafieken.staafgrafiek(
            "Signalen per soort",
            rijen("signalen", "per_soort", "signaalsoort"),
            jaar,
            jaar - 1,
            sleutel=f"{sleutel}-signalen",
            rij_h=21 if compact else 26,
        ),
    }


class _Prioriteitblokken:
    """What the report says under each priority of a wijk: the work linked to it (``werk``: the
    wijk's public figures per priority, suppressed as every figure of the report), what was
    measured (``indicatoren``: each indicator's chart and verdict over its measurements up to
    the end of the year) and the team's explanation (``toelichting``). Three queries for all
    wijken together."""

    def __init__(self, rapportage, prioriteiten, pdf):
        self.jaar = jaar = rapportage.jaar
        self.pdf = pdf
        metingen = Prefetch(
            "metingen",
            Meting.objects.filter(datum__lte=datetime.date(jaar, 12, 31)).order_by("datum"),
        )
        self.indicatoren = defaultdict(list)
        for ind in (
            Indicator.objects.filter(prioriteit__in=prioriteiten)
            .order_by("pk")
            .prefetch_related(metingen)
        ):
            self.indicatoren[ind.prioriteit_id].append((ind, list(ind.metingen.all())))
        self.toelichtingen = dict(
            rapportage.prioriteittoelichtingen.values_list("prioriteit_id", "tekst")
        )

    def van(self, prioriteiten, cijfers):
        """The blocks of a wijk's ``prioriteiten``, from its public ``cijfers``."""
        werk = werk_per_prioriteit(cijfers["huidig"])
        blokken = []
        for p in prioriteiten:
            rijen = werkrijen(werk.get(p.pk, {}))
            blokken.append(
                {
                    "prioriteit": p,
                    "werk": rijen,
                    "werk_gekoppeld": any(r["waarde"] != 0 for r in rijen),
                    "indicatoren": indicatorblokken(
                        self.indicatoren[p.pk],
                        breedte=560,
                        hoogte=170 if self.pdf else 200,
                        sleutel=f"rapport-{self.jaar}-indicator",
                    ),
                    "toelichting": self.toelichtingen.get(p.pk, ""),
                }
            )
        return blokken


def versie(rapportage):
    """Which version this is, for the cover, the running header and the PDF's metadata: the
    published report says when it was published; a concept says that it is one, and of when."""
    if rapportage.gepubliceerd:
        datum = date_format(timezone.localtime(rapportage.gepubliceerd_op), "j F Y")
        return f"Definitieve versie, gepubliceerd op {datum}"
    return f"Concept — cijfers van {date_format(timezone.localdate(), 'j F Y')}"


def rapport_context(rapportage, pdf=False):
    """Everything the report shows, for HTML and PDF alike. A constant number of queries,
    whatever the number of contact moments: the figures come from rapportage.kengetallen."""
    jaar = rapportage.jaar
    periode = Periode.jaar(jaar)
    begin, eind = periode.start, periode.eind

    hoofdstukken = {h.sleutel: h for h in rapportage.hoofdstukken.all()}
    wijken = list(Wijk.objects.all())
    profielen = {p.wijk_id: p for p in Wijkprofiel.objects.filter(jaar=jaar)}
    prioriteiten = defaultdict(list)
    for p in Prioriteit.objects.geldig_in(jaar):
        prioriteiten[p.wijk_id].append(p)
    blokken = _Prioriteitblokken(
        rapportage, [p for lijst in prioriteiten.values() for p in lijst], pdf
    )
    projecten = defaultdict(list)
    for p in FysiekProject.objects.actief_in(begin, eind).select_related("eigenaar"):
        projecten[p.wijk_id].append(p)
    gekozen = (
        RapportVoorbeeld.objects.filter(rapportage=rapportage)
        .select_related("voorbeeld")
        .prefetch_related("voorbeeld__fotos")
        .order_by("volgorde", "pk")
    )
    voorbeelden = defaultdict(list)
    for rv in gekozen:
        voorbeelden[rv.voorbeeld.wijk_id].append(rv.voorbeeld)
    stedelijk = list(
        Activiteit.objects.stedelijk()
        .in_jaar(jaar)
        .exclude(status=Activiteit.Status.AFGELAST)
        .prefetch_related("kerncijfers", "organisatoren")
        .order_by("start", "pk")
    )

    stad, wijk_cijfers = vergelijking_stad_en_per_wijk(periode)  # one scan per year
    stad, wijk_cijfers = openbaar_stad_en_per_wijk(stad, wijk_cijfers)  # one pattern per year
    per_wijk = {w.pk: v for w, v in wijk_cijfers.items()}

    wijknaam = {w.slug: w.naam for w in wijken}
    vraagstukken = vraagstukken_van_jaar([w.pk for w in wijken], jaar)  # one query
    secties = []
    for nummer, wijk in enumerate(wijken, start=1):
        cijfers = per_wijk[wijk.pk]
        secties.append(
            {
                "nummer": f"2.{nummer}",
                "anker": f"wijk-{wijk.slug}",
                "wijk": wijk,
                "profiel": profielen.get(wijk.pk),
                "prioriteiten": blokken.van(prioriteiten[wijk.pk], cijfers),
                "projecten": projecten[wijk.pk],
                "voorbeelden": voorbeelden[wijk.pk],
                "vraagstukken": vraagstukken.get(wijk.pk, []),
                "cijfers": cijfers,
                "cijferrijen": cijferrijen(cijfers),
                "cijfertitel": f"{wijk.naam}: het jaar {jaar} tegen {jaar - 1}",
                "grafieken": _grafieken(cijfers, jaar, wijk.slug, compact=pdf),
            }
        )

    return {
        "rapportage": rapportage,
        "versie": versie(rapportage),
        "jaar": jaar,
        "vorig_jaar": jaar - 1,
        "pdf": pdf,
        "hoofdstukken": hoofdstukken,
        "extra_inzet": [w for w in wijken if w.inzet == Wijk.Inzet.EXTRA],
        "wijken": secties,
        "stedelijke_voorbeelden": voorbeelden[None],
        "stedelijke_activiteiten": stedelijk,
        "stad": stad,
        "stad_cijferrijen": cijferrijen(stad),
        "stad_cijfertitel": f"Assen: het jaar {jaar} tegen {jaar - 1}",
        "definities": DEFINITIES,
        "zonder_indicator": [
            f"{p['titel']} ({wijknaam.get(p['wijk'], p['wijk'])})"
            for p in stad["huidig"]["indicatoren"]
            if not p["indicatoren"]
        ],
        "oordelen": [
            {
                "wijk": wijknaam.get(p["wijk"], p["wijk"]),
                "titel": p["titel"],
                "indicatoren": [
                    {**i, "oordeel_label": Indicator.Oordeel(i["oordeel"]).label}
                    for i in p["indicatoren"]
                ],
            }
            for p in stad["huidig"]["indicatoren"]
        ],
        "stad_grafieken": _grafieken(stad, jaar, "stad"),
        "verantwoording": verantwoording(rapportage, (stad, wijk_cijfers)),
        "wijk_totalen": grafieken.staafgrafiek(
            "Contactmomenten per wijk",
            [
                (
                    s["wijk"].naam,
                    s["cijfers"]["huidig"]["contactmomenten"]["totaal"],
                    s["cijfers"]["vorige"]["contactmomenten"]["totaal"],
                )
                for s in secties
            ],
            jaar,
            jaar - 1,
            sleutel="wijk-totalen",
        ),
    }


def rapport_html(rapportage, pdf=False):
    """The report as HTML. For a published report: the HTML stored when it was published."""
    if rapportage.gepubliceerd and rapportage.gepubliceerde_html and not pdf:
        return rapportage.gepubliceerde_html
    return render_to_string("rapportage/rapport.html", rapport_context(rapportage, pdf=pdf))


def _hash(html):
    return hashlib.sha256(html.encode()).hexdigest()


# A job still waiting after this long is queued again (see pdf_aanvragen).
PDF_OPNIEUW_NA = datetime.timedelta(minutes=5)


class WachtrijOnbereikbaar(Exception):
    """The task queue (Redis) could not be reached: the PDF cannot be made now."""


def _in_wachtrij(opdracht):
    from .tasks import maak_pdf

    try:
        maak_pdf.apply_async(args=[opdracht.pk], retry=False)
    except Exception as e:  # kombu raises OperationalError and friends when Redis is down
        if isinstance(e, WachtrijOnbereikbaar):
            raise
        if maak_pdf.app.conf.task_always_eager:
            raise  # eager: the render itself failed, and that is a bug to see, not to hide
        log.warning("PDF-opdracht %s niet in de wachtrij: %s", opdracht.pk, e)
        PdfOpdracht.objects.filter(pk=opdracht.pk).update(
            status=PdfOpdracht.Status.MISLUKT,
            fout="De wachtrij voor PDF's is nu niet bereikbaar. Probeer het over een paar minuten "
            "opnieuw.",
        )
        raise WachtrijOnbereikbaar(str(e)) from e


def pdf_aanvragen(rapportage):
    """The PDF job for the report as it is now (a concept) or as it was published. The same
    content is never rendered twice; a failed job is queued again."""
    if rapportage.gepubliceerd:
        html, pdf_hash = None, rapportage.pdf_hash
    else:
        html = rapport_html(rapportage, pdf=True)
        pdf_hash = _hash(html)
    with transaction.atomic():
        opdracht = (
            PdfOpdracht.objects.select_for_update()
            .filter(rapportage=rapportage, html_hash=pdf_hash)
            .first()
        )
        if opdracht is None:
            if html is None:  # published, but its job is gone: render what was published
                html = rapportage.gepubliceerde_pdf_html
            opdracht = PdfOpdracht.objects.create(
                rapportage=rapportage, html_hash=pdf_hash, html=html, in_wachtrij_op=timezone.now()
            )
            nieuw = True
        else:
            # Failed, or waiting so long that its message must be lost (a Redis that restarted
            # without keeping its data): queue it again. The task is idempotent, so a job that
            # was only slow is not rendered twice.
            nieuw = opdracht.status == PdfOpdracht.Status.MISLUKT or (
                opdracht.status == PdfOpdracht.Status.WACHTRIJ
                and (opdracht.in_wachtrij_op or opdracht.aangemaakt_op)
                < timezone.now() - PDF_OPNIEUW_NA
            )
            if nieuw:
                opdracht.status = PdfOpdracht.Status.WACHTRIJ
                opdracht.fout = ""
                opdracht.in_wachtrij_op = timezone.now()
                opdracht.save(update_fields=["status", "fout", "in_wachtrij_op"])
        if nieuw:
            transaction.on_commit(lambda: _in_wachtrij(opdracht))
    opdracht.refresh_from_db()
    return opdracht


class OpenPuntenNietBevestigd(ValidationError):
    """The report has open points (``gereedheid``) and publishing them was not confirmed, or
    confirmed for another number of points than there are now."""

    def __init__(self, aantal, bevestigd=None):
        self.aantal = aantal
        if bevestigd:
            tekst = (
                f"Er staan nu {aantal} punten open, niet {bevestigd}: bekijk wat er nog "
                "ontbreekt en bevestig opnieuw."
            )
        else:
            tekst = (
                f"Er {'staat 1 punt' if aantal == 1 else f'staan {aantal} punten'} open. "
                "Bevestig dat u met open punten publiceert; ze komen in de Verantwoording."
            )
        super().__init__(tekst, code="open_punten")


@transaction.atomic
def rapportage_publiceren(rapportage, open_punten_bevestigd=0):
    """Freezes the report: its HTML and PDF are stored as they are now and served as they were,
    whatever changes later. A report with open points (``gereedheid.open_punten``) is published
    only when their number is confirmed (``open_punten_bevestigd``: the number the person saw);
    they are then in its Verantwoording. Every way to publish comes through here."""
    aantal = aantal_open(open_punten(rapportage))
    if aantal and open_punten_bevestigd != aantal:
        raise OpenPuntenNietBevestigd(aantal, open_punten_bevestigd)
    # published first, then rendered: what is frozen says it is the published version, and when
    rapportage.status = Jaarrapportage.Status.GEPUBLICEERD
    rapportage.gepubliceerd_op = timezone.now()
    rapportage.gepubliceerde_html = rapport_html(rapportage)
    pdf_html = rapport_html(rapportage, pdf=True)
    rapportage.gepubliceerde_pdf_html = pdf_html
    rapportage.pdf_hash = _hash(pdf_html)
    rapportage.full_clean()
    rapportage.save()
    return pdf_aanvragen(rapportage)


class JaarBestaatAl(Exception):
    """There is a report of that year already."""


def rapportage_starten(jaar, teksten_overnemen=False):
    """Starts the report of a new year with the structure of the latest earlier one: its
    chapters with their titles and its signature; its voorwoord and chapter texts only when
    asked (a new year is otherwise written afresh). Examples are chosen per year, so none are
    taken over. Without an earlier report the chapters start empty under their own names."""
    if Jaarrapportage.objects.filter(jaar=jaar).exists():
        raise JaarBestaatAl(jaar)
    vorige = Jaarrapportage.objects.filter(jaar__lt=jaar).order_by("-jaar").first()
    nieuw = Jaarrapportage(jaar=jaar, titel=f"Jaarrapportage {jaar}")
    hoofdstukken = {sleutel: (label, "") for sleutel, label in Hoofdstuk.Sleutel.choices}
    if vorige is not None:
        nieuw.ondertekening = vorige.ondertekening
        if teksten_overnemen:
            nieuw.voorwoord_titel = vorige.voorwoord_titel
            nieuw.voorwoord = vorige.voorwoord
        for h in vorige.hoofdstukken.all():
            # a title that names the year ("Stedelijke activiteiten 2021") names the new one
            titel = h.titel.replace(str(vorige.jaar), str(jaar))
            hoofdstukken[h.sleutel] = (titel, h.tekst if teksten_overnemen else "")
    try:
        with transaction.atomic():
            nieuw.full_clean()
            nieuw.save()
            Hoofdstuk.objects.bulk_create(
                Hoofdstuk(rapportage=nieuw, sleutel=sleutel, titel=titel, tekst=tekst)
                for sleutel, (titel, tekst) in hoofdstukken.items()
            )
    except IntegrityError as e:  # started at the same moment by someone else
        if Jaarrapportage.objects.filter(jaar=jaar).exists():
            raise JaarBestaatAl(jaar) from e
        raise
    return nieuw
