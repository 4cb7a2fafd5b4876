"""The result types of the figures: one frozen dataclass per section of ``Kengetallen``.

A field made with ``_telling()`` holds counts of contacts, signals, referrals, residents or
initiatives: those are the cells that the suppression (``onderdrukking``) may hide outside the
staff app. A field made with ``_afgeleid_van(...)`` is a share computed from such counts, left
out when one of them is hidden. ``DEFINITIES`` holds the Dutch names and definitions shown
beside some figures; ``VERGELIJKBAAR`` the sections compared with the previous period.
``Kengetallen`` itself, which holds one of each, lives in ``cijfers`` beside the entry points
that make it.

Dicts keyed by a choice list (channel, occasion, status) hold every choice, also at 0; dicts
keyed by a managed list (themes, signals, organisations, kinds of support) hold only the slugs
that occur; ``Kengetallen.labels`` gives the name of every key used.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from activiteiten.tellingen import TELLINGEN

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


@dataclass(frozen=True)
class Koppeling:
    """Fysiek-sociale koppeling: social work linked to physical projects."""

    contacten_met_project: int = _telling()
    activiteiten_met_project: int
    projecten_actief: int
    projecten_zonder_koppeling: list[dict]  # active in the period, no contact, no activity


@dataclass(frozen=True)
class Definitie:
    """A figure's name and its definition, in Dutch, for readers."""

    label: str
    uitleg: str


# Names and definitions shown beside the figures (the report, 3.2 and "in cijfers"). Two figures
# count contacts around physical projects and differ on purpose: the channel says where a
# contact took place; the link says which project it was about, whatever the channel. A contact
# with the project channel always names its project (the model's rule
# ``activiteiten_contactmoment_projectkanaal_noemt_project``), so the channel's count is part
# of the linked count and never larger.
DEFINITIES = {
    "koppeling": {
        "contacten_met_project": Definitie(
            "Contacten gekoppeld aan een fysiek project",
            "Contactmomenten die aan een fysiek project zijn gekoppeld, via welk kanaal ook: "
            "ook een gesprek aan de deur of op straat over bijvoorbeeld een renovatie telt mee.",
        ),
    },
    "contactmomenten": {
        "kanaal_project": Definitie(
            "waarvan op de plek van het project (kanaal 'Bij een fysiek project')",
            "Het kanaal zegt waar het contact plaatsvond. Deze contacten vonden plaats bij het "
            "project zelf, bijvoorbeeld op de bouwplaats of bij een inloop; elk ervan is aan "
            "dat project gekoppeld en telt dus ook mee bij de gekoppelde contacten.",
        ),
        "per_kanaal": Definitie(
            "Contactmomenten per kanaal",
            "Het kanaal is waar of hoe het contact plaatsvond: aan de deur, in het BIC, op "
            "straat, telefonisch, digitaal, tijdens een activiteit, bij een fysiek project of "
            "anders. Elk contact heeft één kanaal.",
        ),
        # a figure added by one declaration brings its own name and definition
        **{t.naam: Definitie(t.titel, t.uitleg) for t in TELLINGEN if t.naam in OVERIGE},
    },
}


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
    streefwaarde: Decimal | None
    streefjaar: int | None
    laatste_meting: dict | None  # {"jaar", "waarde"}, the latest up to the period's year
    vorige_meting: dict | None  # the one before it
    verschil: Decimal | None  # latest minus the previous meting, or else minus the nulmeting
    trend: str | None  # "beter", "slechter" or "gelijk", given the indicator's richting
    doel_bereikt: bool | None


@dataclass(frozen=True)
class PrioriteitCijfers:
    id: int
    wijk: str
    titel: str
    volgorde: int
    indicatoren: list[IndicatorCijfers]


# The figures per priority: the work linked to it (``cijfers.per_prioriteit``), each once, with
# where it is counted (a path in the figures, then the priority's id, then a key of a dict of
# figures, if any) and its Dutch name and definition. The contact figures are declarations of
# activiteiten.tellingen (``Contactmomenten.overige``); the rest are counted by query 16.
_TELLING = {t.naam: t for t in TELLINGEN}
PRIORITEITCIJFERS = {
    naam: (pad, sleutel, Definitie(*tekst))
    for naam, pad, sleutel, tekst in (
        *(
            (naam, ("contactmomenten", "overige", telling), None, (t.titel, t.uitleg))
            for naam, telling in (
                ("contactmomenten", "prioriteit"),
                ("bewoners_bereikt", "bereikt_per_prioriteit"),
                ("signalen", "signaal_per_prioriteit"),
                ("doorverwijzingen", "doorverwezen_per_prioriteit"),
            )
            for t in [_TELLING[telling]]
        ),
        (
            "activiteiten",
            ("activiteiten", "per_prioriteit"),
            "gehouden",
            (
                "Activiteiten per prioriteit",
                "Gehouden activiteiten die aan de prioriteit zijn gekoppeld.",
            ),
        ),
        (
            "deelnemers",
            ("activiteiten", "per_prioriteit"),
            "deelnemers",
            (
                "Deelnemers per prioriteit",
                "De deelnemers aan de gehouden activiteiten van de prioriteit, opgeteld.",
            ),
        ),
        *(
            (
                f"initiatieven_{k}",
                ("initiatieven", "per_prioriteit"),
                k,
                (f"Initiatieven {woord} per prioriteit", uitleg),
            )
            for k, woord, uitleg in (
                (
                    "aangevraagd",
                    "aangevraagd",
                    "Bewonersinitiatieven die in de periode zijn aangevraagd en aan de "
                    "prioriteit zijn gekoppeld.",
                ),
                (
                    "toegekend",
                    "toegekend",
                    "Daarvan toegekend (ook in uitvoering of gerealiseerd).",
                ),
                ("gerealiseerd", "gerealiseerd", "Daarvan gerealiseerd."),
            )
        ),
        (
            "projecten",
            ("woningen", "projecten_per_prioriteit"),
            None,
            (
                "Fysieke projecten per prioriteit",
                "Fysieke projecten die in de periode liepen en aan de prioriteit zijn gekoppeld.",
            ),
        ),
    )
}


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
