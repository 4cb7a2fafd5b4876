"""The figures (kengetallen) of Mijn Buurt Assen: one definition of every figure.

The annual report, the dashboard, the exports and the statistics endpoint all call this module, so
a number cannot differ between two pages. Every figure is counted from the logged work for a
period (``Periode``), for the city, a wijk or a buurt, and can be set against the same period a
year earlier (``vergelijking``).

    kengetallen(Periode.jaar(2021), wijk=lariks).as_dict()   # staff: exact counts
    openbare_cijfers(Periode.jaar(2021), wijk=lariks)          # outside the staff app
    vergelijking(Periode.jaar(2021)).as_dict()                # this year, last year, difference
    kengetallen_per_wijk(Periode.jaar(2021))                  # {Wijk: Kengetallen}, one go
    kengetallen_stad_en_per_wijk(Periode.jaar(2021))          # (city, {Wijk: ...}), one go

Suppression ("< 5"), in one place (``Onderdrukking``; ``openbare_cijfers``,
``openbaar_per_wijk``, ``openbaar_stad_en_per_wijk``, ``Kengetallen.openbaar``), used by the
report, the statistics endpoint and every page outside the staff app. The rule:
- a count of 1 to 4 contacts, signals, referrals, residents or initiatives is shown as "< 5";
- a partition is a total and the parts that add up to it: the categories of a total (channel,
  occasion, kind, organisation, kind of signal, receiving organisation, status), the city and
  its wijken, a wijk and its buurten (plus what has no buurt, never shown), a count and the
  part of it not shown (contacts without a signal, initiatives without draagvlak);
- where a partition's total is shown, it never has exactly one hidden part, the hidden parts
  never add up to 1 to 4, and no "< 5" follows exactly from the bounds a reader knows ("< 5"
  is 1-4, "verborgen" 0 or 5 and more): else the smallest shown part above 0 is hidden too as
  "verborgen", or the total, and again until none does;
- then all partitions together are solved as a reader would (bounds tightened until nothing
  changes), and where a "< 5" still comes out exactly, more is hidden;
- the pattern is one for the whole city per period: a wijk shows the same asked alone, in the
  overview or in the report; buurten only ever hide their own cells;
- a share (``aandeel_met_signaal``) is left out when a count it is made of is hidden.
Record collections (``/api/v1/contactmomenten/``) are only for keys with scope ``alles``,
which read every record and so count any cell themselves; the suppression is what protects
the statistics key, the report and its readers.

Queries. ``kengetallen()`` always runs the same 15 queries, whatever the number of rows, wijken,
themes or channels (``KENGETALLEN_QUERIES``); ``kengetallen_per_wijk()`` runs the same 15 grouped
by wijk, plus one for the wijken (``KENGETALLEN_PER_WIJK_QUERIES``), and so does
``kengetallen_stad_en_per_wijk()``, which adds the wijken up for the city.
``vergelijking_stad_en_per_wijk()`` (the annual report) shares queries 1-4 and the wijken between
the two years, with one scan of both years' contact moments
(``VERGELIJKING_STAD_EN_PER_WIJK_QUERIES``):

     1. organisaties (names and order of the organisations counted in 4)
     2. thema's and 3. signaalsoorten, with their bits
     4. contactmomenten: ONE scan of the period's contact moments, grouped by organisation x
        receiving organisation, with conditional counts (channel, occasion, kind, signal,
        follow-up, project, and every theme and kind of signal from the bit masks
        ``themas_bits``/``signalen_bits``, so without joining the links) and sums
     5. initiatieven: one aggregate (counts per status, draagvlak, amounts)
     6. support asked, grouped by kind
     7. support given, grouped by kind
     8. activiteiten: one aggregate
     9. activiteit-thema links of held activities grouped by theme
    10. projects finished in the period (homes demolished / delivered)
    11. projects not finished at the end of the period (homes planned)
    12. projects active in the period, each with "has a contact" and "has an activity"
    13. prioriteiten valid in the period's year
    14. their indicatoren
    15. their metingen up to the period's year

Counting rules, decided once here:
- a contact moment, initiative (``aangevraagd_op``) or activity (``start``) counts in the period
  its date falls in; periods are date ranges [start, eind), never ``__year`` lookups;
- a contact with two themes counts once for each theme, so the themes add up to more than the
  total; the same holds for signals and kinds of support;
- a follow-up is open while it has no ``vervolg_afgerond_op`` (the state today, as
  ``Contactmoment.objects.open_vervolg()``);
- an activity counts once it is held (status ``gehouden``); city-wide activities count only for
  the city, not for a wijk;
- homes demolished and delivered count in the year of the project's ``eind``
  (``FysiekProject.objects.afgerond_in``); homes planned are those of projects not finished at the
  end of the period; a project without dates is taken as open-ended;
- dicts keyed by a choice list (channel, occasion, status) hold every choice, also at 0; dicts
  keyed by a managed list (themes, signals, organisations, kinds of support) hold only the slugs
  that occur; ``labels`` gives the name of every key used.
"""

import dataclasses
import datetime
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)

from activiteiten.models import (
    Activiteit,
    Contactmoment,
    Contacttelling,
    Signaalsoort,
    jaar_grenzen,
)
from activiteiten.tellingen import (
    GROEP,
    VASTE_KOLOMMEN,
    contact_aggregaten,
    keuze_kolommen,
    volgende_maand,
)
from initiatieven.models import Bewonersinitiatief
from mba.models import Organisatie, Thema
from wijken.models import Buurt, FysiekProject, Indicator, Meting, Prioriteit, Wijk

KENGETALLEN_QUERIES = 15
KENGETALLEN_PER_WIJK_QUERIES = KENGETALLEN_QUERIES + 1
# both years share queries 1-4 (one scan of the contact moments of the two years) and the wijken
VERGELIJKING_STAD_EN_PER_WIJK_QUERIES = 2 * KENGETALLEN_PER_WIJK_QUERIES - 5

DREMPEL = 5
CENT = Decimal("0.01")

_LIJSTVELDEN = ("pk", "slug", "naam", "kernpartner")
ActiviteitThemaLink = Activiteit.themas.through
GevraagdLink = Bewonersinitiatief.gevraagde_ondersteuning.through
GebodenLink = Bewonersinitiatief.geboden_ondersteuning.through

Kanaal = Contactmoment.Kanaal
Aanleiding = Contactmoment.Aanleiding
ContactSoort = Contactmoment.Soort
InitiatiefStatus = Bewonersinitiatief.Status


# --- period and scope -----------------------------------------------------------------------


def _jaar_eerder(datum, schrikkeldag):
    try:
        return datum.replace(year=datum.year - 1)
    except ValueError:  # 29 February
        return schrikkeldag(datum.year - 1)


@dataclass(frozen=True)
class Periode:
    """A date range: ``start`` inclusive, ``eind`` exclusive."""

    start: datetime.date
    eind: datetime.date

    def __post_init__(self):
        if not self.start < self.eind:
            raise ValueError(f"Een periode eindigt na het begin ({self.start} – {self.eind}).")

    @classmethod
    def jaar(cls, jaar):
        return cls(*jaar_grenzen(jaar))

    def vorige(self):
        """The same period one year earlier (29 February: from 28 February, up to 1 March)."""
        return Periode(
            _jaar_eerder(self.start, lambda j: datetime.date(j, 2, 28)),
            _jaar_eerder(self.eind, lambda j: datetime.date(j, 3, 1)),
        )

    @property
    def peiljaar(self):
        """The year the period ends in: which priorities are valid, which measurements count."""
        return (self.eind - datetime.timedelta(days=1)).year

    @property
    def is_kalenderjaar(self):
        return (self.start, self.eind) == jaar_grenzen(self.start.year)

    def q(self, veld):
        return Q(**{f"{veld}__gte": self.start, f"{veld}__lt": self.eind})

    def __str__(self):
        if self.is_kalenderjaar:
            return str(self.start.year)
        laatste = self.eind - datetime.timedelta(days=1)
        return f"{self.start:%-d-%-m-%Y} t/m {laatste:%-d-%-m-%Y}"

    def as_dict(self):
        return {
            "start": self.start.isoformat(),
            "eind": self.eind.isoformat(),
            "peiljaar": self.peiljaar,
            "label": str(self),
        }


@dataclass(frozen=True)
class Scope:
    """The city (no wijk, no buurt), a wijk, or a buurt (its wijk is filled in)."""

    wijk: Wijk | None = None
    buurt: Buurt | None = None

    def __post_init__(self):
        if self.buurt is None:
            return
        if self.wijk is None:
            object.__setattr__(self, "wijk", self.buurt.wijk)
        elif self.buurt.wijk_id != self.wijk.pk:
            raise ValueError(f"De buurt {self.buurt} ligt niet in de wijk {self.wijk}.")

    @property
    def niveau(self):
        return "buurt" if self.buurt else "wijk" if self.wijk else "stad"

    def q(self, pad=""):
        """The filter for this scope on a model with ``wijk`` and ``buurt`` at ``pad``."""
        if self.buurt is not None:
            return Q(**{f"{pad}buurt": self.buurt.pk})
        if self.wijk is not None:
            return Q(**{f"{pad}wijk": self.wijk.pk})
        return Q()

    def as_dict(self):
        return {
            "niveau": self.niveau,
            "wijk": self.wijk.slug if self.wijk else None,
            "buurt": self.buurt.slug if self.buurt else None,
        }


# --- small-number suppression ---------------------------------------------------------------


def onderdruk(waarde, drempel=DREMPEL):
    """A count of 1 to drempel-1 becomes "< 5": outside the staff app it could point at a
    household. 0, None and anything that is not a count stay as they are."""
    if isinstance(waarde, bool) or not isinstance(waarde, int):
        return waarde
    return f"< {drempel}" if 0 < waarde < drempel else waarde


def _telling():
    """A field holding counts of contacts, signals, referrals, residents or initiatives."""
    return field(metadata={"onderdrukken": True})


def _afgeleid_van(*paden):
    """A share computed from counts (section, field): hidden (None) when one of them is."""
    return field(metadata={"onderdrukken_met": paden})


# --- the figures ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Contactmomenten:
    totaal: int = _telling()
    bewoners_bereikt: int = _telling()
    per_kanaal: dict[str, int] = _telling()
    per_aanleiding: dict[str, int] = _telling()
    per_soort: dict[str, int] = _telling()  # individueel / collectief
    per_thema: dict[str, int] = _telling()
    per_organisatie: dict[str, int] = _telling()  # the staff member's organisation


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


@dataclass(frozen=True)
class Woningen:
    gesloopt: int
    opgeleverd: int
    gepland: int
    per_eigenaar: dict[str, dict[str, int]]
    projecten: list[dict]


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


@dataclass(frozen=True)
class Kengetallen:
    periode: Periode
    scope: Scope
    contactmomenten: Contactmomenten
    signalen: Signalen
    doorverwijzingen: Doorverwijzingen
    koppeling: Koppeling
    initiatieven: Initiatieven
    activiteiten: Activiteiten
    woningen: Woningen
    indicatoren: list[PrioriteitCijfers]
    labels: dict[str, dict[str, str]]

    def as_dict(self):
        """Every figure, exact, JSON-serialisable (amounts and measurements as strings)."""
        return _json(_boom(self, openbaar=False))

    def openbaar(self, onderdrukking=None):
        """As ``as_dict``, for everything outside the staff app: counts of 1 to 4 contacts,
        signals, referrals, residents and initiatives shown as "< 5", and the counts that would
        give one of them away by subtraction as "verborgen" (``Onderdrukking``, made for this
        period when not given: that reads the city and every wijk)."""
        o = onderdrukking or Onderdrukking.voor(self.periode, self.scope)
        return _json(_openbaar_boom(self, o.verborgen_in(self.scope)))


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


@dataclass(frozen=True)
class Vergelijking:
    huidig: Kengetallen
    vorige: Kengetallen

    def as_dict(self):
        return self._dict(openbaar=False)

    def openbaar(self, huidig=None, vorige=None):
        """Suppressed on both sides (each year's ``Onderdrukking``, made when not given); a
        difference is given only where both numbers are shown."""
        bomen = []
        for k, o in ((self.huidig, huidig), (self.vorige, vorige)):
            o = o or Onderdrukking.voor(k.periode, k.scope)
            bomen.append(_openbaar_boom(k, o.verborgen_in(k.scope)))
        return _vergeleken(*bomen)

    def _dict(self, openbaar):
        return _vergeleken(_boom(self.huidig, openbaar), _boom(self.vorige, openbaar))


def kengetallen(periode, wijk=None, buurt=None):
    """The figures for a period, for the city, a wijk or a buurt (model instances)."""
    scope = Scope(wijk, buurt)
    return _Berekening(periode, scope, per_wijk=False).uitvoeren({None: scope})[None]


def kengetallen_per_wijk(periode):
    """{Wijk: Kengetallen} for every wijk in report order, in the same number of queries as one
    wijk: each query is grouped by wijk."""
    wijken = list(Wijk.objects.all())
    scopes = {w.pk: Scope(wijk=w) for w in wijken}
    berekend = _Berekening(periode, Scope(), per_wijk=True).uitvoeren(scopes)
    return {w: berekend[w.pk] for w in wijken}


def kengetallen_stad_en_per_wijk(periode):
    """(the city, {Wijk: Kengetallen}) in the queries of ``kengetallen_per_wijk()``: the city's
    figures are its wijken's added up, with the city-wide activities."""
    return _stad_en_per_wijk([periode])[periode]


def vergelijking(periode, wijk=None, buurt=None):
    """The figures for the period and for the same period a year earlier."""
    return Vergelijking(
        kengetallen(periode, wijk=wijk, buurt=buurt),
        kengetallen(periode.vorige(), wijk=wijk, buurt=buurt),
    )


def vergelijking_per_wijk(periode):
    huidig, vorige = kengetallen_per_wijk(periode), kengetallen_per_wijk(periode.vorige())
    return {w: Vergelijking(huidig[w], vorige[w]) for w in huidig}


def vergelijking_stad_en_per_wijk(periode):
    """(Vergelijking of the city, {Wijk: Vergelijking}), as ``kengetallen_stad_en_per_wijk``, in
    VERGELIJKING_STAD_EN_PER_WIJK_QUERIES: the annual report reads the contact moments of both
    years in one scan."""
    vorige = periode.vorige()
    berekend = _stad_en_per_wijk([periode, vorige])
    (stad, huidig), (stad_vorige, eerder) = berekend[periode], berekend[vorige]
    return Vergelijking(stad, stad_vorige), {w: Vergelijking(huidig[w], eerder[w]) for w in huidig}


def _stad_en_per_wijk(periodes):
    """{periode: (city, {Wijk: Kengetallen})}, the contact moments of all periods in one scan."""
    lijsten = _Lijsten()
    rijen = _contact_rijen(lijsten, periodes, per_wijk=True)
    wijken = list(Wijk.objects.all())
    scopes = {w.pk: Scope(wijk=w) for w in wijken} | {None: Scope()}
    uit = {}
    for p in periodes:
        berekening = _Berekening(p, Scope(), per_wijk=True, met_stad=True, lijsten=lijsten)
        berekend = berekening.uitvoeren(scopes, contact_rijen=rijen[p])
        uit[p] = berekend[None], {w: berekend[w.pk] for w in wijken}
    return uit


# --- suppression that holds against subtraction ---------------------------------------------
#
# The cells: every count of a ``_telling()`` field (a number, or each key of a dict of counts) of
# every scope of one period. The partitions (``Deling``): a total and the parts that add up to
# it, within a scope (``DELINGEN``), the city and its wijken, a wijk and its buurten. A part that
# is not published (the contacts without a signal, a wijk's contacts without a buurt) is a cell
# too, never shown. The attacker's knowledge of a hidden cell: "< 5" is 1-4, "verborgen" is at
# least 5 (or a 0, hidden only where nothing else could be), an unpublished part is at least 0.

GEHEIM = f"< {DREMPEL}"  # a count of 1 to 4
VERBORGEN = "verborgen"  # hidden so that a "< 5" cannot be worked out (5 or more, or a 0)
_ONEINDIG = float("inf")

# (total, parts, exact): ``parts`` is a dict field (all its keys) or a list of cells. Not exact:
# the parts are some of the total, the rest is an unpublished part.
DELINGEN = (
    (("contactmomenten", "totaal"), ("contactmomenten", "per_kanaal"), True),
    (("contactmomenten", "totaal"), ("contactmomenten", "per_aanleiding"), True),
    (("contactmomenten", "totaal"), ("contactmomenten", "per_soort"), True),
    (("contactmomenten", "totaal"), ("contactmomenten", "per_organisatie"), True),
    (("contactmomenten", "totaal"), [("signalen", "contacten_met_signaal")], False),
    (("contactmomenten", "totaal"), [("koppeling", "contacten_met_project")], False),
    (("signalen", "totaal"), ("signalen", "per_soort"), True),
    (("doorverwijzingen", "totaal"), ("doorverwijzingen", "per_organisatie"), True),
    (
        ("doorverwijzingen", "vervolg_nodig"),
        [("doorverwijzingen", "vervolg_open"), ("doorverwijzingen", "vervolg_afgerond")],
        True,
    ),
    (("doorverwijzingen", "vervolg_nodig"), [("doorverwijzingen", "totaal")], False),
    (("initiatieven", "aangevraagd"), ("initiatieven", "per_status"), True),
    (("initiatieven", "aangevraagd"), [("initiatieven", "met_draagvlak")], False),
    (
        ("initiatieven", "toegekend"),
        [("initiatieven", "per_status", s) for s in Bewonersinitiatief.TOEGEKENDE_STATUSSEN],
        True,
    ),
    *(
        (("initiatieven", s), [("initiatieven", "per_status", s)], True)
        for s in (
            InitiatiefStatus.AFGEWEZEN,
            InitiatiefStatus.GEREALISEERD,
            InitiatiefStatus.GESTOPT,
        )
    ),
)


def _cellen(k):
    """{path: count} of every suppressible count in the figures."""
    uit = {}
    for sectie in dataclasses.fields(k):
        obj = getattr(k, sectie.name)
        if not dataclasses.is_dataclass(obj) or isinstance(obj, Periode | Scope):
            continue
        for f in dataclasses.fields(obj):
            if not f.metadata.get("onderdrukken"):
                continue
            waarde = getattr(obj, f.name)
            if isinstance(waarde, dict):
                for sleutel, n in waarde.items():
                    uit[(sectie.name, f.name, sleutel)] = n
            else:
                uit[(sectie.name, f.name)] = waarde
    return uit


def _delen(cellen, spec):
    if isinstance(spec, tuple):
        return [p for p in cellen if p[: len(spec)] == spec and len(p) == len(spec) + 1]
    return list(spec)


@dataclass
class Deling:
    """A total and the parts that add up to it exactly (cells are (scope, path))."""

    totaal: tuple
    delen: list
    niet_beschermend: frozenset = frozenset()  # parts the attacker might guess (no buurt)


# Change the version when the rule of ``Onderdrukking`` changes, so that no pattern of the old
# rule is taken from the cache; a pattern is kept a day (it cannot go stale: see ``_sleutel``).
ONDERDRUKKING_VERSIE = 1
ONDERDRUKKING_CACHE_SECONDEN = 24 * 3600


class Onderdrukking:
    """Which cells of one period's figures are hidden outside the staff app. Built from the
    figures of the city and every wijk (and, when a buurt is asked for, the buurten of its
    wijk), so that one pattern serves the report, the API and every page:

    1. a count of 1 to 4 is "< 5" (primary);
    2. in every partition whose total is shown, the hidden parts never number exactly one and
       their sum is never 1 to 4 while one of them is a "< 5" or an unpublished part of 1 to 4:
       else the smallest shown part above 0 is hidden too ("verborgen"), or the total;
    3. then every partition at once is solved the way an attacker would (bounds on each hidden
       cell, tightened until nothing changes): where a count of 1 to 4 comes out exactly,
       another part of a partition it is in is hidden, and again until none does.

    The buurten never change what the city and the wijken show: their own cells are hidden
    instead, so a wijk's figures are the same asked alone or with its buurten."""

    def __init__(self, stad, per_wijk, per_buurt=None):
        self.waarde, self.status, self.delingen = {}, {}, []
        self._laag = set()  # cells that may be hidden as secondary in the current round
        wijken = {("wijk", w.pk): k for w, k in per_wijk.items()}
        # The pattern is a function of the cells alone (their place and count): a pattern worked
        # out before for the very same cells is taken from the cache (see ``_sleutel``).
        sleutel = self._sleutel(stad, wijken, per_buurt)
        bewaard = cache.get(sleutel)
        self._scopes({"stad": stad, **wijken})
        self._geografisch("stad", list(wijken))
        self._vrij = set(self.waarde)
        if bewaard is None:
            self._oplossen()
        if per_buurt:
            per_wijk_id = defaultdict(dict)
            for b, k in per_buurt.items():
                per_wijk_id[b.wijk_id][("buurt", b.pk)] = k
            nieuw = set()
            for wijk_id, buurten in per_wijk_id.items():
                voor = set(self.waarde)
                self._scopes(buurten)
                self._zonder_buurt(("wijk", wijk_id), list(buurten))
                nieuw |= set(self.waarde) - voor
            self._vrij = {c for c in nieuw if c[0][0] == "buurt"}
            if bewaard is None:
                self._oplossen()
        if bewaard is None:
            cache.set(sleutel, self.status, ONDERDRUKKING_CACHE_SECONDEN)
        else:
            self.status = bewaard

    @staticmethod
    def _sleutel(stad, wijken, per_buurt):
        """A cache key made of every cell's place and count, and of the rule's version: the
        same figures always give the same pattern, so a stored pattern can never belong to
        other figures (changed data gives other cells, hence another key). Working the
        pattern out costs ~0.15 s for the city and ~0.3 s with the buurten of a wijk
        (docs/benchmarks.md); the statistics endpoint and the pages ask for the same period
        again and again."""
        delen = [("stad", sorted(_cellen(stad).items()))]
        delen += [(s, sorted(_cellen(k).items())) for s, k in sorted(wijken.items())]
        for b, k in sorted((per_buurt or {}).items(), key=lambda bk: bk[0].pk):
            delen.append((("buurt", b.pk, b.wijk_id), sorted(_cellen(k).items())))
        inhoud = repr((ONDERDRUKKING_VERSIE, delen)).encode()
        return "mba:onderdrukking:" + hashlib.sha256(inhoud).hexdigest()

    # building the cells and partitions

    def _scopes(self, kengetallen):
        for scope, k in kengetallen.items():
            cellen = _cellen(k)
            for pad, n in cellen.items():
                self._zet((scope, pad), n)
            for i, (totaal, spec, exact) in enumerate(DELINGEN):
                delen = [(scope, p) for p in _delen(cellen, spec) if p in cellen]
                som = sum(self.waarde[c] for c in delen)
                if not exact or som != cellen[totaal]:
                    rest = (scope, ("_rest", i))
                    self._zet(rest, cellen[totaal] - som, status="rest")
                    delen.append(rest)
                self.delingen.append(Deling((scope, totaal), delen))

    def _zet(self, cel, n, status=None):
        self.waarde[cel] = n
        self.status[cel] = status or (GEHEIM if 0 < n < DREMPEL else "getoond")

    def _paden(self, scopes):
        return {c[1] for c in self.waarde if c[0] in scopes}

    def _geografisch(self, geheel, delen):
        for pad in self._paden([geheel, *delen]):
            self._zet_ontbrekend([(geheel, pad), *((d, pad) for d in delen)])
            self.delingen.append(Deling((geheel, pad), [(d, pad) for d in delen]))

    def _zonder_buurt(self, wijk, buurten):
        """wijk = its buurten + its contacts (and initiatives) without a buurt, never shown."""
        for pad in self._paden([wijk, *buurten]):
            self._zet_ontbrekend([(wijk, pad), *((b, pad) for b in buurten)])
            rest = (("zonder_buurt", wijk[1]), pad)
            n = self.waarde[(wijk, pad)] - sum(self.waarde[(b, pad)] for b in buurten)
            self._zet(rest, n, status="rest")
            delen = [(b, pad) for b in buurten] + [rest]
            self.delingen.append(Deling((wijk, pad), delen, frozenset([rest])))

    def _zet_ontbrekend(self, cellen):
        for c in cellen:
            if c not in self.waarde:  # a key that does not occur there: 0
                self._zet(c, 0)

    # solving

    def _verborgen(self, cel):
        return self.status[cel] != "getoond"

    def _gevoelig(self, cel):
        return self._verborgen(cel) and 0 < self.waarde[cel] < DREMPEL

    def _schending(self, d, zonder=frozenset()):
        """Rule 2 for one partition; ``zonder``: parts counted as known to the attacker."""
        if self._verborgen(d.totaal):
            return False
        verborgen = [c for c in d.delen if self._verborgen(c) and c not in zonder]
        if not any(self._gevoelig(c) for c in verborgen):
            return False
        som = sum(self.waarde[c] for c in verborgen)
        if len(verborgen) == 1 or 0 < som < DREMPEL:
            return True
        # within this partition alone: does a hidden count of 1 to 4 follow exactly?
        grenzen = [self._grens(c) for c in verborgen]
        laag_som, hoog_som = sum(g[0] for g in grenzen), sum(g[1] for g in grenzen)
        for c, (lo, hi) in zip(verborgen, grenzen, strict=True):
            if self._gevoelig(c):
                laag = max(lo, som - (hoog_som - hi))
                hoog = min(hi, som - (laag_som - lo))
                if laag == hoog:
                    return True
        return False

    def _grens(self, cel):
        """What the attacker knows of a cell by its sign alone."""
        n = self.waarde[cel]
        return {
            "getoond": (n, n),
            GEHEIM: (1, DREMPEL - 1),
            VERBORGEN: (DREMPEL if n else 0, _ONEINDIG),
            "rest": (0, _ONEINDIG),
        }[self.status[cel]]

    def _verberg_erbij(self, d):
        """Hides the smallest shown part above 0 that may be hidden, else the total."""
        kandidaten = sorted(
            (self.waarde[c] == 0, self.waarde[c], c)
            for c in d.delen
            if c in self._vrij and not self._verborgen(c)
        )
        # A part above 0 first; then the total; a 0 only when nothing else can be hidden (the
        # buurten of a wijk whose total stays as the wijk shows it): the attacker cannot tell
        # a hidden 0 from a hidden 5 or more.
        if kandidaten and not kandidaten[0][0]:
            self.status[kandidaten[0][2]] = VERBORGEN
            return True
        if d.totaal in self._vrij and not self._verborgen(d.totaal):
            self.status[d.totaal] = VERBORGEN
            return True
        if kandidaten:
            self.status[kandidaten[0][2]] = VERBORGEN
            return True
        return False

    def _oplossen(self):
        delingen = [d for d in self.delingen if d.totaal in self._vrij or self._vrij & set(d.delen)]
        for _ in range(len(self.waarde) + 1):
            veranderd = False
            for d in delingen:
                while (self._schending(d) or self._schending(d, d.niet_beschermend)) and (
                    self._verberg_erbij(d)
                ):
                    veranderd = True
            if veranderd:
                continue
            blootgesteld = self.blootgesteld()
            if not blootgesteld:
                return
            for cel in blootgesteld:
                for d in delingen:
                    if (cel == d.totaal or cel in d.delen) and self._verberg_erbij(d):
                        veranderd = True
                        break
            if not veranderd:
                return  # nothing left to hide: the caller's test says so

    def grenzen(self):
        """What an attacker can know of every cell: {cel: (lo, hi)}, from what is shown and
        every partition together (bounds tightened until nothing changes)."""
        lo, hi = {}, {}
        for cel in self.status:
            lo[cel], hi[cel] = self._grens(cel)
        vergelijkingen = [[(1, d.totaal), *((-1, c) for c in d.delen)] for d in self.delingen]
        for _ in range(100):
            veranderd = False
            for termen in vergelijkingen:
                # sum of c*x = 0: each term lies within minus the others' range
                laag = [c * lo[x] if c > 0 else -hi[x] for c, x in termen]
                hoog = [c * hi[x] if c > 0 else -lo[x] for c, x in termen]
                laag_som = sum(v for v in laag if v != -_ONEINDIG)
                laag_inf = sum(v == -_ONEINDIG for v in laag)
                hoog_som = sum(v for v in hoog if v != _ONEINDIG)
                hoog_inf = sum(v == _ONEINDIG for v in hoog)
                for (c, x), lj, hj in zip(termen, laag, hoog, strict=True):
                    andere_laag = (
                        -_ONEINDIG
                        if laag_inf - (lj == -_ONEINDIG)
                        else laag_som - (lj * (lj != -_ONEINDIG))
                    )
                    andere_hoog = (
                        _ONEINDIG
                        if hoog_inf - (hj == _ONEINDIG)
                        else hoog_som - (hj * (hj != _ONEINDIG))
                    )
                    # c*x = -(others): within [-andere_hoog, -andere_laag]
                    a, b = -andere_hoog, -andere_laag
                    nieuw_lo, nieuw_hi = (a, b) if c > 0 else (-b, -a)
                    if nieuw_lo > lo[x]:
                        lo[x], veranderd = nieuw_lo, True
                    if nieuw_hi < hi[x]:
                        hi[x], veranderd = nieuw_hi, True
            if not veranderd:
                break
        return lo, hi

    def blootgesteld(self):
        """The hidden cells of 1 to 4 that an attacker can work out exactly."""
        lo, hi = self.grenzen()
        return [c for c in self.waarde if self._gevoelig(c) and lo[c] == hi[c]]

    def scope_sleutel(self, scope):
        if scope.buurt is not None:
            return ("buurt", scope.buurt.pk)
        if scope.wijk is not None:
            return ("wijk", scope.wijk.pk)
        return "stad"

    def verborgen_in(self, scope):
        """{path: "< 5" or "verborgen"} of the hidden cells of this scope."""
        sleutel = self.scope_sleutel(scope)
        return {
            c[1]: s for c, s in self.status.items() if c[0] == sleutel and s in (GEHEIM, VERBORGEN)
        }

    @classmethod
    def voor(cls, periode, scope=None):
        """The pattern for a period, from the figures of the city and every wijk (16 queries)
        and, for a buurt, those of every buurt of its wijk (15 queries each)."""
        stad, per_wijk = kengetallen_stad_en_per_wijk(periode)
        per_buurt = {}
        if scope is not None and scope.buurt is not None:
            for b in Buurt.objects.filter(wijk=scope.wijk.pk):
                per_buurt[b] = kengetallen(periode, buurt=b)
        return cls(stad, per_wijk, per_buurt)


def _openbaar_boom(k, verborgen):
    """The figures as plain data with the hidden cells replaced by their sign, and a share
    left out (None) when the count it is made of, or the count it is a share of, is hidden."""
    boom = _boom(k, openbaar=False)
    for pad, teken in verborgen.items():
        knoop = boom
        for deel in pad[:-1]:
            knoop = knoop[deel]
        knoop[pad[-1]] = teken
    for sectie in dataclasses.fields(k):
        obj = getattr(k, sectie.name)
        if not dataclasses.is_dataclass(obj) or isinstance(obj, Periode | Scope):
            continue
        for f in dataclasses.fields(obj):
            paden = f.metadata.get("onderdrukken_met", ())
            if any(isinstance(boom[a][b], str) for a, b in paden):
                boom[sectie.name][f.name] = None
    return boom


def openbare_cijfers(periode, wijk=None, buurt=None, vergelijk=False):
    """The figures of the city, a wijk or a buurt as shown outside the staff app: the pattern
    of ``Onderdrukking`` over the city and every wijk (and the buurten of the wijk, for a
    buurt). With ``vergelijk``: {"huidig", "vorige", "verschil"}, each year its own pattern."""
    scope = Scope(wijk, buurt)
    periodes = [periode, periode.vorige()] if vergelijk else [periode]
    berekend = _stad_en_per_wijk(periodes)
    bomen = []
    for p in periodes:
        stad, per_wijk = berekend[p]
        per_buurt = {}
        if scope.buurt is not None:
            per_buurt = {
                b: kengetallen(p, buurt=b) for b in Buurt.objects.filter(wijk=scope.wijk.pk)
            }
        k = {"stad": stad, "wijk": per_wijk.get(scope.wijk), "buurt": per_buurt.get(scope.buurt)}
        o = Onderdrukking(stad, per_wijk, per_buurt)
        bomen.append(_openbaar_boom(k[scope.niveau], o.verborgen_in(scope)))
    return _json(bomen[0]) if not vergelijk else _vergeleken(*bomen)


def openbaar_per_wijk(periode, vergelijk=False):
    """{Wijk: the public figures of that wijk}, as ``openbare_cijfers`` for each."""
    periodes = [periode, periode.vorige()] if vergelijk else [periode]
    berekend = _stad_en_per_wijk(periodes)
    per_periode = []
    for p in periodes:
        stad, per_wijk = berekend[p]
        o = Onderdrukking(stad, per_wijk)
        per_periode.append(
            {w: _openbaar_boom(k, o.verborgen_in(k.scope)) for w, k in per_wijk.items()}
        )
    if not vergelijk:
        return {w: _json(b) for w, b in per_periode[0].items()}
    return {w: _vergeleken(b, per_periode[1][w]) for w, b in per_periode[0].items()}


def openbaar_stad_en_per_wijk(stad, per_wijk):
    """For the annual report: (the city's public Vergelijking dict, {Wijk: dict}), from the
    Vergelijkingen of ``vergelijking_stad_en_per_wijk`` (no queries of its own)."""
    patronen = [
        Onderdrukking(getattr(stad, kant), {w: getattr(v, kant) for w, v in per_wijk.items()})
        for kant in ("huidig", "vorige")
    ]
    return stad.openbaar(*patronen), {w: v.openbaar(*patronen) for w, v in per_wijk.items()}


def _vergeleken(huidig, vorige):
    verschil = {s: _verschil(huidig[s], vorige[s]) for s in VERGELIJKBAAR}
    return _json({"huidig": huidig, "vorige": vorige, "verschil": verschil})


# --- the queries ----------------------------------------------------------------------------


def _dagen(duur):
    return None if duur is None else round(duur.total_seconds() / 86400, 1)


def _euro(bedrag):
    return (bedrag or Decimal(0)).quantize(CENT)


def _procent(deel, geheel):
    return round(100 * deel / geheel, 1) if geheel else None


def _opgeteld(rijen):
    """Rows of counts and sums added up; None where every row has None."""
    uit = {}
    for rij in rijen:
        for k, v in rij.items():
            if uit.get(k) is None:
                uit[k] = v
            elif v is not None:
                uit[k] += v
    return uit


class _Lijsten:
    """Queries 1-3: the organisations, themes and kinds of signal the contacts are counted by."""

    def __init__(self):
        self.organisaties = {o["pk"]: o for o in Organisatie.objects.values(*_LIJSTVELDEN)}
        self.themas = list(Thema.objects.order_by("volgorde", "naam").values("bit", "slug", "naam"))
        self.soorten = list(
            Signaalsoort.objects.order_by("volgorde", "naam").values("bit", "slug", "naam")
        )


_CONTACT_GROEP = GROEP


def _maanden(periode):
    """(first month, month after the last) of the whole months in the period, or None; and the
    date ranges of the days before and after them."""
    eerste = periode.start if periode.start.day == 1 else volgende_maand(periode.start)
    laatste = periode.eind.replace(day=1)
    if eerste >= laatste:
        return None, [(periode.start, periode.eind)]
    randen = [(a, b) for a, b in ((periode.start, eerste), (laatste, periode.eind)) if a < b]
    return (eerste, laatste), randen


def _contact_rijen(lijsten, periodes, scope=None, per_wijk=False):
    """Query 4: {periode: rows of counts and sums}, grouped by organisation x receiving
    organisation (and wijk). Whole months come from the monthly counts (``Contacttelling``, kept
    by the model layer, see activiteiten.tellingen); the days of a month the period only partly
    covers are counted from the contact moments themselves, with the same aggregates. Two
    periods share one query each way."""
    groep = (["wijk"] if per_wijk else []) + list(_CONTACT_GROEP)
    scope_q = (scope or Scope()).q()
    uit = {p: [] for p in periodes}
    maanden = {p: _maanden(p) for p in periodes}

    kolommen = [
        "dagen",
        *VASTE_KOLOMMEN,
        *keuze_kolommen(),
        *(f"themas_bits_{t['bit']}" for t in lijsten.themas),
        *(f"signalen_bits_{s['bit']}" for s in lijsten.soorten),
    ]
    heel = {p: m[0] for p, m in maanden.items() if m[0]}
    if heel:
        q = Q()
        welke = Case(
            *(
                When(maand__gte=a, maand__lt=b, then=Value(i))
                for i, (a, b) in enumerate(heel.values())
            ),
            output_field=IntegerField(),
        )
        for a, b in heel.values():
            q |= Q(maand__gte=a, maand__lt=b)
        rijen = Contacttelling.objects.filter(q & scope_q)
        if len(heel) > 1:
            rijen = rijen.annotate(_periode=welke).values("_periode", *groep)
        else:
            rijen = rijen.values(*groep)
        perioden = list(heel)
        for rij in rijen.annotate(**{k: Sum(k) for k in kolommen}).order_by():
            rij["dagen"] = datetime.timedelta(days=rij["dagen"] or 0)
            uit[perioden[rij.pop("_periode", 0)]].append(rij)

    randen = [(p, a, b) for p, m in maanden.items() for a, b in m[1]]
    if randen:
        aggregaten = contact_aggregaten(
            [t["bit"] for t in lijsten.themas], [s["bit"] for s in lijsten.soorten]
        )
        q = Q()
        for _, a, b in randen:
            q |= Q(datum__gte=a, datum__lt=b)
        welke = Case(
            *(When(datum__gte=a, datum__lt=b, then=Value(i)) for i, (_, a, b) in enumerate(randen)),
            output_field=IntegerField(),
        )
        for rij in (
            Contactmoment.objects.filter(q & scope_q)
            .annotate(_rand=welke)
            .values("_rand", *groep)
            .annotate(**aggregaten)
            .order_by()
        ):
            rij["dagen"] = datetime.timedelta(days=rij["dagen"] or 0)
            uit[randen[rij.pop("_rand")][0]].append(rij)
    return uit


class _Berekening:
    """Runs the fixed set of queries for one period: for one scope (every row under the key
    None), or for the whole city grouped by wijk (every row under its wijk's id; with
    ``met_stad`` also added up under None, the city)."""

    def __init__(self, periode, scope, per_wijk, met_stad=False, lijsten=None):
        self.periode = periode
        self.scope = scope
        self.per_wijk = per_wijk
        self.met_stad = met_stad
        self.lijsten = lijsten
        self.namen = defaultdict(dict)  # "thema" -> {slug: naam}, for the labels

    def _groep(self, wijkpad):
        return [wijkpad] if self.per_wijk else []

    def _sleutels(self, wijk_id):
        """The keys a row of wijk ``wijk_id`` counts under. A city-wide row (no wijk) counts
        under None, the city, only."""
        if not self.per_wijk:
            return (None,)
        if self.met_stad and wijk_id is not None:
            return (wijk_id, None)
        return (wijk_id,)

    def _totalen(self, qs, wijkpad, **aggregaten):
        """One query: the aggregates over the queryset, or per wijk."""
        if not self.per_wijk:
            return {None: qs.aggregate(**aggregaten)}
        rijen = qs.values(wijkpad).annotate(**aggregaten).order_by()
        uit = {rij.pop(wijkpad): rij for rij in rijen}
        if self.met_stad:
            uit[None] = _opgeteld(list(uit.values()))
        return uit

    def _tel_per(self, qs, wijkpad, rel, categorie):
        """One query: rows of ``qs`` (a link table) counted per ``rel`` (a managed list with
        slug, naam and volgorde), in the list's order."""
        velden = [f"{rel}__slug", f"{rel}__naam", f"{rel}__volgorde"]
        rijen = qs.values(*self._groep(wijkpad), *velden).annotate(n=Count("pk")).order_by()
        uit = defaultdict(dict)
        for rij in sorted(rijen, key=lambda r: (r[velden[2]], r[velden[1]])):
            slug = rij[velden[0]]
            self.namen[categorie][slug] = rij[velden[1]]
            for s in self._sleutels(rij.get(wijkpad)):
                uit[s][slug] = uit[s].get(slug, 0) + rij["n"]
        return uit

    def uitvoeren(self, scopes, contact_rijen=None):
        """{key: Kengetallen} for {key: Scope}; the key is None, or a wijk's id per wijk.
        ``contact_rijen``: the rows of query 4 when they were fetched with another period."""
        sleutels = list(scopes)
        contact, signalen, doorverwijzingen, met_project = self._contactmomenten(
            sleutels, contact_rijen
        )
        activiteiten, act_met_project = self._activiteiten(sleutels)
        initiatieven = self._initiatieven(sleutels)
        woningen = self._woningen(sleutels)
        koppeling = self._koppeling(sleutels, met_project, act_met_project)
        indicatoren = self._indicatoren(sleutels)
        return {
            s: Kengetallen(
                periode=self.periode,
                scope=scopes[s],
                contactmomenten=contact[s],
                signalen=signalen[s],
                doorverwijzingen=doorverwijzingen[s],
                koppeling=koppeling[s],
                initiatieven=initiatieven[s],
                activiteiten=activiteiten[s],
                woningen=woningen[s],
                indicatoren=indicatoren[s],
                labels=self._labels(
                    contact[s],
                    signalen[s],
                    doorverwijzingen[s],
                    initiatieven[s],
                    activiteiten[s],
                    woningen[s],
                ),
            )
            for s in sleutels
        }

    def _labels(self, contact, signalen, doorverwijzingen, initiatieven, activiteiten, woningen):
        """The name of every key used in these figures."""

        def gebruikt(categorie, *dicts):
            namen = self.namen[categorie]
            return {slug: namen[slug] for d in dicts for slug in d}

        return {
            "kanaal": dict(Kanaal.choices),
            "aanleiding": dict(Aanleiding.choices),
            "soort_contact": dict(ContactSoort.choices),
            "initiatief_status": dict(InitiatiefStatus.choices),
            "thema": gebruikt("thema", contact.per_thema, activiteiten.per_thema),
            "signaalsoort": gebruikt("signaalsoort", signalen.per_soort),
            "organisatie": gebruikt(
                "organisatie",
                contact.per_organisatie,
                doorverwijzingen.per_organisatie,
                woningen.per_eigenaar,
            ),
            "ondersteuningsvorm": gebruikt(
                "ondersteuningsvorm",
                initiatieven.gevraagde_ondersteuning,
                initiatieven.geboden_ondersteuning,
            ),
        }

    # Queries 1-4.
    def _contactmomenten(self, sleutels, rijen=None):
        """Every figure about contact moments from one scan of the period's contact moments:
        conditional counts, and the themes and signals from the bit masks ``themas_bits`` and
        ``signalen_bits`` (no join with the links), grouped by the pair of organisations."""
        if self.lijsten is None:
            self.lijsten = _Lijsten()
        organisaties, themas, soorten = (
            self.lijsten.organisaties,
            self.lijsten.themas,
            self.lijsten.soorten,
        )
        if rijen is None:
            rijen = _contact_rijen(self.lijsten, [self.periode], self.scope, self.per_wijk)
            rijen = rijen[self.periode]

        # The groups (organisation x receiving organisation) added up per key.
        totalen, per_org, per_ontvanger = (defaultdict(lambda: defaultdict(int)) for _ in range(3))
        dagen = defaultdict(datetime.timedelta)
        for rij in rijen:
            for s in self._sleutels(rij.get("wijk")):
                per_org[s][rij["organisatie"]] += rij["totaal"]
                if rij["doorverwezen_naar"] is not None:
                    per_ontvanger[s][rij["doorverwezen_naar"]] += rij["totaal"]
                    totalen[s]["doorverwezen"] += rij["totaal"]
                dagen[s] += rij["dagen"] or datetime.timedelta(0)
                for naam, waarde in rij.items():
                    if naam not in ("wijk", "dagen", *_CONTACT_GROEP):
                        totalen[s][naam] += waarde or 0

        def op_volgorde(tellingen):
            """{slug: n} for the organisations that occur, core partners first, by name."""
            volgorde = sorted(
                (organisaties[pk] for pk in tellingen),
                key=lambda o: (not o["kernpartner"], o["naam"]),
            )
            for o in volgorde:
                self.namen["organisatie"][o["slug"]] = o["naam"]
            return {o["slug"]: tellingen[o["pk"]] for o in volgorde}

        def per_bit(t, kolom, lijst, categorie):
            uit = {}
            for item in lijst:
                if n := t.get(f"{kolom}_{item['bit']}"):
                    self.namen[categorie][item["slug"]] = item["naam"]
                    uit[item["slug"]] = n
            return uit

        contact, signalen, doorverwijzingen, met_project = {}, {}, {}, {}
        for s in sleutels:
            t = totalen.get(s, {})
            totaal = t.get("totaal", 0)

            def keuze(veld, keuzes, t=t):
                return {w: t.get(f"{veld}_{w}", 0) for w in keuzes.values}

            contact[s] = Contactmomenten(
                totaal=totaal,
                bewoners_bereikt=t.get("bereikt", 0),
                per_kanaal=keuze("kanaal", Kanaal),
                per_aanleiding=keuze("aanleiding", Aanleiding),
                per_soort=keuze("soort", ContactSoort),
                per_thema=per_bit(t, "themas_bits", themas, "thema"),
                per_organisatie=op_volgorde(per_org[s]),
            )
            per_signaal = per_bit(t, "signalen_bits", soorten, "signaalsoort")
            met_signaal_n = t.get("met_signaal", 0)
            signalen[s] = Signalen(
                totaal=sum(per_signaal.values()),
                per_soort=per_signaal,
                contacten_met_signaal=met_signaal_n,
                aandeel_met_signaal=_procent(met_signaal_n, totaal),
            )
            afgerond_n = t.get("vervolg_afgerond", 0)
            doorverwijzingen[s] = Doorverwijzingen(
                totaal=t.get("doorverwezen", 0),
                per_organisatie=op_volgorde(per_ontvanger[s]),
                vervolg_nodig=t.get("vervolg", 0),
                vervolg_open=t.get("vervolg_open", 0),
                vervolg_afgerond=afgerond_n,
                gemiddeld_dagen_tot_afronding=_dagen(dagen[s] / afgerond_n) if afgerond_n else None,
            )
            met_project[s] = t.get("met_project", 0)
        return contact, signalen, doorverwijzingen, met_project

    # Queries 5-7.
    def _initiatieven(self, sleutels):
        qs = Bewonersinitiatief.objects.aangevraagd_in(self.periode.start, self.periode.eind)
        qs = qs.filter(self.scope.q())
        aggregaten = {
            "aangevraagd": Count("pk"),
            "met_draagvlak": Count("pk", filter=Q(huishoudens_gevraagd__isnull=False)),
            "toegekend": Count("pk", filter=Q(status__in=Bewonersinitiatief.TOEGEKENDE_STATUSSEN)),
            "som_gevraagd": Sum("gevraagd_bedrag"),
            "som_toegekend": Sum("toegekend_bedrag"),
        }
        for status in InitiatiefStatus.values:
            aggregaten[f"status_{status}"] = Count("pk", filter=Q(status=status))
        totalen = self._totalen(qs, "wijk", **aggregaten)

        link_filter = (
            self.periode.q("bewonersinitiatief__aangevraagd_op"),
            self.scope.q("bewonersinitiatief__"),
        )
        vormen = {}
        for naam, link in (("gevraagd", GevraagdLink), ("geboden", GebodenLink)):
            vormen[naam] = self._tel_per(
                link.objects.filter(*link_filter),
                "bewonersinitiatief__wijk",
                "ondersteuningsvorm",
                "ondersteuningsvorm",
            )

        uit = {}
        for s in sleutels:
            t = totalen.get(s, {})
            per_status = {st: t.get(f"status_{st}") or 0 for st in InitiatiefStatus.values}
            uit[s] = Initiatieven(
                aangevraagd=t.get("aangevraagd") or 0,
                met_draagvlak=t.get("met_draagvlak") or 0,
                toegekend=t.get("toegekend") or 0,
                afgewezen=per_status[InitiatiefStatus.AFGEWEZEN],
                gerealiseerd=per_status[InitiatiefStatus.GEREALISEERD],
                gestopt=per_status[InitiatiefStatus.GESTOPT],
                per_status=per_status,
                gevraagd_bedrag=_euro(t.get("som_gevraagd")),
                toegekend_bedrag=_euro(t.get("som_toegekend")),
                gevraagde_ondersteuning=vormen["gevraagd"][s],
                geboden_ondersteuning=vormen["geboden"][s],
            )
        return uit

    # Queries 8-9.
    def _activiteiten(self, sleutels):
        qs = Activiteit.objects.filter(self.periode.q("start"), self.scope.q())
        gehouden = Q(status=Activiteit.Status.GEHOUDEN)
        totalen = self._totalen(
            qs,
            "wijk",
            gehouden=Count("pk", filter=gehouden),
            gepland=Count("pk", filter=Q(status=Activiteit.Status.GEPLAND)),
            afgelast=Count("pk", filter=Q(status=Activiteit.Status.AFGELAST)),
            som_deelnemers=Sum("deelnemers", filter=gehouden),
            met_deelnemers=Count("deelnemers", filter=gehouden),
            stedelijk=Count("pk", filter=gehouden & Q(wijk__isnull=True)),
            in_wijk=Count("pk", filter=gehouden & Q(wijk__isnull=False)),
            met_project=Count("pk", filter=gehouden & Q(fysiek_project__isnull=False)),
        )
        per_thema = self._tel_per(
            ActiviteitThemaLink.objects.filter(
                self.periode.q("activiteit__start"),
                self.scope.q("activiteit__"),
                activiteit__status=Activiteit.Status.GEHOUDEN,
            ),
            "activiteit__wijk",
            "thema",
            "thema",
        )
        uit, met_project = {}, {}
        for s in sleutels:
            t = totalen.get(s, {})
            som, met_deelnemers = t.get("som_deelnemers") or 0, t.get("met_deelnemers")
            uit[s] = Activiteiten(
                gehouden=t.get("gehouden") or 0,
                gepland=t.get("gepland") or 0,
                afgelast=t.get("afgelast") or 0,
                deelnemers=t.get("som_deelnemers") or 0,
                gemiddeld_deelnemers=round(som / met_deelnemers, 1) if met_deelnemers else None,
                stedelijk=t.get("stedelijk") or 0,
                in_wijk=t.get("in_wijk") or 0,
                per_thema=per_thema[s],
            )
            met_project[s] = t.get("met_project") or 0
        return uit, met_project

    # Queries 10-11.
    def _woningen(self, sleutels):
        velden = (
            "pk",
            "naam",
            "soort",
            "status",
            "eind",
            "wijk_id",
            "wijk__slug",
            "eigenaar__slug",
            "eigenaar__naam",
            "woningen_gesloopt",
            "woningen_opgeleverd",
            "woningen_gepland",
        )
        projecten = FysiekProject.objects.filter(self.scope.q()).order_by("wijk__volgorde", "naam")
        afgerond = projecten.afgerond_in(self.periode.start, self.periode.eind).filter(
            Q(woningen_gesloopt__gt=0) | Q(woningen_opgeleverd__gt=0)
        )
        niet_af = projecten.filter(
            Q(eind__isnull=True) | Q(eind__gte=self.periode.eind), woningen_gepland__gt=0
        )
        lijsten = defaultdict(list)
        per_eigenaar = defaultdict(dict)
        for klaar, qs in ((True, afgerond), (False, niet_af)):
            for p in qs.values(*velden):
                telling = {
                    "gesloopt": p["woningen_gesloopt"] if klaar else 0,
                    "opgeleverd": p["woningen_opgeleverd"] if klaar else 0,
                    "gepland": 0 if klaar else p["woningen_gepland"],
                }
                eigenaar = p["eigenaar__slug"]
                self.namen["organisatie"][eigenaar] = p["eigenaar__naam"]
                project = {
                    "id": p["pk"],
                    "naam": p["naam"],
                    "wijk": p["wijk__slug"],
                    "eigenaar": eigenaar,
                    "soort": p["soort"],
                    "status": p["status"],
                    "eind": p["eind"],
                    "afgerond": klaar,
                    **telling,
                }
                for s in self._sleutels(p["wijk_id"]):
                    som = per_eigenaar[s].setdefault(eigenaar, dict.fromkeys(telling, 0))
                    for k, v in telling.items():
                        som[k] += v
                    lijsten[s].append(project)
        uit = {}
        for s in sleutels:
            uit[s] = Woningen(
                gesloopt=sum(p["gesloopt"] for p in lijsten[s]),
                opgeleverd=sum(p["opgeleverd"] for p in lijsten[s]),
                gepland=sum(p["gepland"] for p in lijsten[s]),
                per_eigenaar=per_eigenaar[s],
                projecten=lijsten[s],
            )
        return uit

    # Query 12.
    def _koppeling(self, sleutels, contacten_met_project, activiteiten_met_project):
        p = self.periode
        contact = Contactmoment.objects.filter(p.q("datum"), fysiek_project=OuterRef("pk"))
        activiteit = Activiteit.objects.filter(
            p.q("start"), status=Activiteit.Status.GEHOUDEN, fysiek_project=OuterRef("pk")
        )
        rijen = (
            FysiekProject.objects.actief_in(p.start, p.eind)
            .filter(self.scope.q())
            .annotate(heeft_contact=Exists(contact), heeft_activiteit=Exists(activiteit))
            .order_by("wijk__volgorde", "naam")
            .values(
                "pk",
                "naam",
                "soort",
                "status",
                "wijk_id",
                "wijk__slug",
                "heeft_contact",
                "heeft_activiteit",
            )
        )
        actief_n, zonder = defaultdict(int), defaultdict(list)
        for rij in rijen:
            for s in self._sleutels(rij["wijk_id"]):
                actief_n[s] += 1
                if not rij["heeft_contact"] and not rij["heeft_activiteit"]:
                    zonder[s].append(
                        {
                            "id": rij["pk"],
                            "naam": rij["naam"],
                            "wijk": rij["wijk__slug"],
                            "soort": rij["soort"],
                            "status": rij["status"],
                        }
                    )
        return {
            s: Koppeling(
                contacten_met_project=contacten_met_project[s],
                activiteiten_met_project=activiteiten_met_project[s],
                projecten_actief=actief_n[s],
                projecten_zonder_koppeling=zonder[s],
            )
            for s in sleutels
        }

    # Queries 13-15.
    def _indicatoren(self, sleutels):
        jaar = self.periode.peiljaar
        prioriteiten = Prioriteit.objects.geldig_in(jaar)
        if self.scope.wijk is not None:
            prioriteiten = prioriteiten.filter(wijk=self.scope.wijk.pk)
        indicatoren = defaultdict(list)
        for ind in Indicator.objects.filter(prioriteit__in=prioriteiten).order_by("pk"):
            indicatoren[ind.prioriteit_id].append(ind)
        metingen = defaultdict(list)
        for m in Meting.objects.filter(
            indicator__prioriteit__in=prioriteiten, jaar__lte=jaar
        ).order_by("jaar"):
            metingen[m.indicator_id].append(m)

        uit = defaultdict(list)
        for prio in prioriteiten.select_related("wijk"):
            cijfers = PrioriteitCijfers(
                id=prio.pk,
                wijk=prio.wijk.slug,
                titel=prio.titel,
                volgorde=prio.volgorde,
                indicatoren=[_indicator(i, metingen[i.pk]) for i in indicatoren[prio.pk]],
            )
            for s in self._sleutels(prio.wijk_id):
                uit[s].append(cijfers)
        return {s: uit[s] for s in sleutels}


def _indicator(ind, metingen):
    """An indicator's figures, given its measurements up to the period's year in year order."""
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
        streefwaarde=ind.streefwaarde,
        streefjaar=ind.streefjaar,
        laatste_meting=_meting(laatste),
        vorige_meting=_meting(vorige),
        verschil=verschil,
        trend=trend,
        doel_bereikt=ind.doel_bereikt(laatste.waarde if laatste else None),
    )


def _meting(m):
    return None if m is None else {"jaar": m.jaar, "waarde": m.waarde}


# --- to plain data --------------------------------------------------------------------------


def _boom(obj, openbaar=False):
    """The figures as nested dicts and lists of Python values, exact. (Public figures:
    ``_openbaar_boom``, which hides cells by the pattern of ``Onderdrukking``.)"""
    if isinstance(obj, Periode | Scope):
        return obj.as_dict()
    if dataclasses.is_dataclass(obj):
        return {f.name: _boom(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        return {k: _boom(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_boom(v) for v in obj]
    return obj


def _is_getal(waarde):
    return isinstance(waarde, int | float | Decimal) and not isinstance(waarde, bool)


def _verschil(nu, toen):
    """This period minus the previous, for every number present on both sides (a key missing
    from a dict of counts is 0); text such as "< 5" gives no difference."""
    if isinstance(nu, dict) or isinstance(toen, dict):
        nu = nu if isinstance(nu, dict) else {}
        toen = toen if isinstance(toen, dict) else {}
        uit = {}
        for k in [*nu, *(k for k in toen if k not in nu)]:
            d = _verschil(nu.get(k, 0), toen.get(k, 0))
            if d is not None and d != {}:
                uit[k] = d
        return uit
    if _is_getal(nu) and _is_getal(toen):
        d = nu - toen
        return round(d, 1) if isinstance(d, float) else d
    return None


def _json(waarde):
    if isinstance(waarde, dict):
        return {str(k): _json(v) for k, v in waarde.items()}
    if isinstance(waarde, list):
        return [_json(v) for v in waarde]
    if isinstance(waarde, Decimal):
        return str(waarde)
    if isinstance(waarde, datetime.date):
        return waarde.isoformat()
    return waarde
