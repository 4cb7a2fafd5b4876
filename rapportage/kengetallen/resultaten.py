"""The result types of the figures: one frozen dataclass per section of ``Kengetallen``.

A field made with ``_telling()`` holds counts of contacts, signals, referrals, residents or
initiatives: those are the cells that the suppression (``onderdrukking``) may hide outside the
staff app. A field made with ``_afgeleid_van(...)`` is a share computed from such counts, left
out when one of them is hidden. ``VERGELIJKBAAR`` names the sections compared with the previous
period; the Dutch name and definition of every field are in ``definities``.
``Kengetallen`` itself, which holds one of each, lives in ``cijfers`` beside the entry points
that make it.

Dicts keyed by a choice list (channel, occasion, status) hold every choice, also at 0; dicts
keyed by a managed list (themes, signals, organisations, kinds of support) hold only the slugs
that occur; ``Kengetallen.labels`` gives the name of every key used.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from activiteiten.tellingen import TELLINGEN
from wijken.models import Indicator

# The declarations of activiteiten.tellingen that have a field of their own (where), or only
# serve one (dagen: the average days to a finished follow-up); every other one (a figure added
# by one declaration) goes into ``Contactmomenten.overige`` under its name.
EIGEN_VELD = {
    "totaal": ("contactmomenten", "totaal"),
    "bereikt": ("contactmomenten", "bewoners_bereikt"),
    "kanaal": ("contactmomenten", "per_kanaal"),
    "aanleiding": ("contactmomenten", "per_aanleiding"),
    "soort": ("contactmomenten", "per_soort"),
    "thema": ("contactmomenten", "per_thema"),
    "met_signaal": ("signalen", "contacten_met_signaal"),
    "signaal": ("signalen", "per_soort"),
    "vervolg": ("doorverwijzingen", "vervolg_nodig"),
    "vervolg_open": ("doorverwijzingen", "vervolg_open"),
    "vervolg_afgerond": ("doorverwijzingen", "vervolg_afgerond"),
    "dagen": ("doorverwijzingen", "gemiddeld_dagen_tot_afronding"),
    "met_project": ("koppeling", "contacten_met_project"),
    "organisatie": ("contactmomenten", "per_organisatie"),
    "doorverwezen": ("doorverwijzingen", "per_organisatie"),
}
OVERIGE = tuple(t.naam for t in TELLINGEN if t.naam not in EIGEN_VELD)


def _telling():
    """A field holding counts of contacts, signals, referrals, residents or initiatives."""
    return field(metadata={"onderdrukken": True})


def _afgeleid_van(*paden):
    """A share computed from counts (section, field): hidden (None) when one of them is."""
    return field(metadata={"onderdrukken_met": paden})


@dataclass(frozen=True)
class Contactmomenten:
    totaal: int = _telling()
    bewoners_bereikt: int = _telling()
    per_kanaal: dict[str, int] = _telling()
    per_aanleiding: dict[str, int] = _telling()
    per_soort: dict[str, int] = _telling()  # individueel / collectief
    per_thema: dict[str, int] = _telling()
    per_organisatie: dict[str, int] = _telling()  # the staff member's organisation
    # {name: n or {value: n}}: every figure declared in activiteiten.tellingen.TELLINGEN that
    # has no field of its own above (a figure added by one declaration)
    overige: dict[str, int | dict[str, int]] = _telling()


@dataclass(frozen=True)
class Signalen:
    totaal: int = _telling()  # signals, so a contact with two counts twice
    per_soort: dict[str, int] = _telling()
    contacten_met_signaal: int = _telling()
    aandeel_met_signaal: float | None = _afgeleid_van(  # % of contacts
        ("signalen", "contacten_met_signaal"), ("contactmomenten", "totaal")
    )


@dataclass(frozen=True)
class Doorverwijzingen:
    totaal: int = _telling()
    per_organisatie: dict[str, int] = _telling()  # the receiving organisation
    vervolg_nodig: int = _telling()  # referrals and other follow-ups
    vervolg_open: int = _telling()
    vervolg_afgerond: int = _telling()
    gemiddeld_dagen_tot_afronding: float | None
    # Referrals as records of their own (activiteiten.Doorverwijzing, issue 14): sent in the
    # period, per receiving organisation, answered, answered within the due date. Counted by a
    # query of their own in ``uitvoeren`` (the report, the statistics API); the sections the
    # home and wijk pages make from the monthly counts alone leave them at 0.
    overdracht_totaal: int = field(default=0, metadata={"onderdrukken": True})
    overdracht_per_organisatie: dict[str, int] = field(
        default_factory=dict, metadata={"onderdrukken": True}
    )
    overdracht_beantwoord: int = field(default=0, metadata={"onderdrukken": True})
    overdracht_binnen_termijn: int = field(default=0, metadata={"onderdrukken": True})
    overdracht_gemiddeld_dagen_tot_antwoord: float | None = field(
        default=None,
        metadata={"onderdrukken_met": (("doorverwijzingen", "overdracht_beantwoord"),)},
    )


@dataclass(frozen=True)
class Koppeling:
    """Fysiek-sociale koppeling: social work linked to physical projects."""

    contacten_met_project: int = _telling()
    activiteiten_met_project: int
    projecten_actief: int
    projecten_zonder_koppeling: list[dict]  # active in the period, no contact, no activity


@dataclass(frozen=True)
class Initiatieven:
    aangevraagd: int = _telling()
    met_draagvlak: int = _telling()
    toegekend: int = _telling()  # toegekend, in uitvoering or gerealiseerd
    afgewezen: int = _telling()
    gerealiseerd: int = _telling()
    gestopt: int = _telling()
    per_status: dict[str, int] = _telling()  # the status today
    gevraagd_bedrag: Decimal
    toegekend_bedrag: Decimal
    gevraagde_ondersteuning: dict[str, int] = _telling()
    geboden_ondersteuning: dict[str, int] = _telling()
    # {priority id: {"aangevraagd", "toegekend", "gerealiseerd": n}}: the initiatives asked for
    # in the period that are linked to the priority
    per_prioriteit: dict[str, dict[str, int]] = _telling()
    # after the decision (initiatieven.voortgang): money spent, granted support delivered
    besteed_bedrag: Decimal = Decimal("0")
    ondersteuning_geleverd: int = field(default=0, metadata={"onderdrukken": True})


@dataclass(frozen=True)
class Activiteiten:
    gehouden: int
    gepland: int
    afgelast: int
    deelnemers: int  # of held activities
    gemiddeld_deelnemers: float | None  # per held activity with a number of participants
    stedelijk: int
    in_wijk: int
    per_thema: dict[str, int]
    # {priority id: {"gehouden", "deelnemers": n}}: held activities linked to the priority
    per_prioriteit: dict[str, dict[str, int]]


@dataclass(frozen=True)
class Woningen:
    gesloopt: int
    opgeleverd: int
    gepland: int
    per_eigenaar: dict[str, dict[str, int]]
    projecten: list[dict]
    projecten_per_prioriteit: dict[str, int]  # projects active in the period, per priority


@dataclass(frozen=True)
class IndicatorCijfers:
    id: int
    naam: str
    eenheid: str
    richting: str
    nulmeting: Decimal | None
    nulmeting_jaar: int | None
    nulmeting_datum: datetime.date | None
    streefwaarde: Decimal | None
    streefjaar: int | None
    streefdatum: datetime.date | None
    laatste_meting: dict | None  # {"jaar", "datum", "waarde"}, the latest up to the period's end
    vorige_meting: dict | None  # the one before it
    verschil: Decimal | None  # latest minus the previous meting, or else minus the nulmeting
    trend: str | None  # "beter", "slechter" or "gelijk", given the indicator's richting
    doel_bereikt: bool | None
    oordeel: str  # Indicator.Oordeel over the measurements up to the period's end

    @property
    def oordeel_label(self):
        return Indicator.Oordeel(self.oordeel).label


@dataclass(frozen=True)
class PrioriteitCijfers:
    id: int
    wijk: str
    titel: str
    volgorde: int
    indicatoren: list[IndicatorCijfers]


# Sections whose numbers are compared with the previous period.
VERGELIJKBAAR = (
    "contactmomenten",
    "signalen",
    "doorverwijzingen",
    "koppeling",
    "initiatieven",
    "activiteiten",
    "woningen",
)


def indicator_cijfers(ind, metingen):
    """An indicator's figures, given its measurements up to the end of the period's year in
    date order; its verdict (``Indicator.oordeel``) over those measurements."""
    laatste = metingen[-1] if metingen else None
    vorige = metingen[-2] if len(metingen) > 1 else None
    verschil, trend = ind.ontwikkeling(metingen)
    return IndicatorCijfers(
        id=ind.pk,
        naam=ind.naam,
        eenheid=ind.eenheid,
        richting=ind.richting,
        nulmeting=ind.nulmeting,
        nulmeting_jaar=ind.nulmeting_jaar,
        nulmeting_datum=ind.nulmeting_datum,
        streefwaarde=ind.streefwaarde,
        streefjaar=ind.streefjaar,
        streefdatum=ind.streefdatum,
        laatste_meting=meting_cijfers(laatste),
        vorige_meting=meting_cijfers(vorige),
        verschil=verschil,
        trend=trend,
        doel_bereikt=ind.doel_bereikt(laatste.waarde if laatste else None),
        oordeel=ind.oordeel(metingen),
    )


def meting_cijfers(m):
    return None if m is None else {"jaar": m.jaar, "datum": m.datum, "waarde": m.waarde}
