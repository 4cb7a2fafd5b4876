"""The figures as callers ask for them: ``Kengetallen`` (one period, one scope), ``Vergelijking``
(against the same period a year earlier), the entry points that count them, and their public
form with the suppression applied.

    kengetallen(Periode.jaar(2021), wijk=lariks).as_dict()   # staff: exact counts
    openbare_cijfers(Periode.jaar(2021), wijk=lariks)          # outside the staff app
    vergelijking(Periode.jaar(2021)).as_dict()                # this year, last year, difference
    kengetallen_per_wijk(Periode.jaar(2021))                  # {Wijk: Kengetallen}, one go
    kengetallen_stad_en_per_wijk(Periode.jaar(2021))          # (city, {Wijk: ...}), one go

The queries each runs are listed in ``telwerk``. The public form needs the suppression pattern
of the period, made from the city and every wijk (``onderdrukking_voor``): another
``KENGETALLEN_PER_WIJK_QUERIES`` unless the caller passes the pattern in, and for a buurt one
query for the buurten of its wijk and ``KENGETALLEN_QUERIES`` for each of them.
"""

from dataclasses import dataclass

from wijken.models import Buurt, Wijk

from .definities import PRIORITEITCIJFERS
from .onderdrukking import Onderdrukking
from .periode import Periode, Scope
from .resultaten import (
    Activiteiten,
    Contactmomenten,
    Doorverwijzingen,
    Initiatieven,
    Koppeling,
    PrioriteitCijfers,
    Signalen,
    Woningen,
)
from .serialisatie import _boom, _json, _openbaar_boom, _vergeleken
from .telwerk import _Berekening, _contact_rijen, _Lijsten


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
        period by ``onderdrukking_voor`` when not given: that reads the city and every wijk)."""
        o = onderdrukking or onderdrukking_voor(self.periode, self.scope)
        return _json(_openbaar_boom(self, o.verborgen_in(self.scope)))


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
            o = o or onderdrukking_voor(k.periode, k.scope)
            bomen.append(_openbaar_boom(k, o.verborgen_in(k.scope)))
        return _vergeleken(*bomen)

    def _dict(self, openbaar):
        return _vergeleken(_boom(self.huidig, openbaar), _boom(self.vorige, openbaar))


def kengetallen(periode, wijk=None, buurt=None):
    """The figures for a period, for the city, a wijk or a buurt (model instances)."""
    scope = Scope(wijk, buurt)
    return _samengesteld(_Berekening(periode, scope, per_wijk=False), {None: scope})[None]


def kengetallen_per_wijk(periode):
    """{Wijk: Kengetallen} for every wijk in report order, in the same number of queries as one
    wijk: each query is grouped by wijk."""
    wijken = list(Wijk.objects.all())
    scopes = {w.pk: Scope(wijk=w) for w in wijken}
    berekend = _samengesteld(_Berekening(periode, Scope(), per_wijk=True), scopes)
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
    VERGELIJKING_STAD_EN_PER_WIJK_QUERIES: the annual report reads the contact figures of both
    years in one query (query 4 of ``telwerk``)."""
    vorige = periode.vorige()
    berekend = _stad_en_per_wijk([periode, vorige])
    (stad, huidig), (stad_vorige, eerder) = berekend[periode], berekend[vorige]
    return Vergelijking(stad, stad_vorige), {w: Vergelijking(huidig[w], eerder[w]) for w in huidig}


def _stad_en_per_wijk(periodes):
    """{periode: (city, {Wijk: Kengetallen})}, query 4 (the contact figures) shared by all
    periods."""
    lijsten = _Lijsten()
    rijen = _contact_rijen(lijsten, periodes, per_wijk=True)
    wijken = list(Wijk.objects.all())
    scopes = {w.pk: Scope(wijk=w) for w in wijken} | {None: Scope()}
    uit = {}
    for p in periodes:
        berekening = _Berekening(p, Scope(), per_wijk=True, met_stad=True, lijsten=lijsten)
        berekend = _samengesteld(berekening, scopes, contact_rijen=rijen[p])
        uit[p] = berekend[None], {w: berekend[w.pk] for w in wijken}
    return uit


# --- The figures in two parts, for a cache that keeps each until its own data changes --------
#
# ``Kengetallen`` of the city and every wijk are the sections that read no contact moment
# (``programma_stad_en_per_wijk``, queries 1-3, 5-11 and 13-15) and those counted from the
# monthly counts of the contact moments (query 4), which are the sums of the wijken's rows
# (a contact moment always has a wijk): ``contactrijen_van_wijk`` reads one wijk's rows of a
# period, ``contactcijfers`` makes the sections from the rows of some wijken, without a query.
# Both give the sections as ``Kengetallen.as_dict()`` does (the indicators as
# ``PrioriteitCijfers``). ``koppeling`` is in neither part: it reads both.


def programma_stad_en_per_wijk(periodes):
    """(the lists the contact figures are named by, {periode: {key: {section: figures}}}) for
    the city (key None, with the city-wide activities) and every wijk (its id): the sections of
    ``PROGRAMMASECTIES``."""
    lijsten = _Lijsten()
    sleutels = [*Wijk.objects.values_list("pk", flat=True), None]
    uit = {}
    for p in periodes:
        berekening = _Berekening(p, Scope(), per_wijk=True, met_stad=True, lijsten=lijsten)
        uit[p] = {
            k: {
                naam: sectie if naam == "indicatoren" else _json(_boom(sectie))
                for naam, sectie in secties.items()
            }
            for k, secties in berekening.programmasecties(sleutels).items()
        }
    return lijsten, uit


def contactrijen_van_wijk(periode, wijk_id):
    """Query 4 for one wijk: the rows its contact figures of the period are made of."""
    return _contact_rijen(None, [periode], Scope(wijk=Wijk(pk=wijk_id)))[periode]


def contactcijfers(periode, rijen_per_wijk, lijsten):
    """{key: {section: figures}} of ``CONTACTSECTIES`` for every wijk of ``rijen_per_wijk``
    ({wijk id: ``contactrijen_van_wijk``}) and, under None, for them together: the city when
    they are all wijken. No query."""
    rijen = [{**rij, "wijk": w} for w, lijst in rijen_per_wijk.items() for rij in lijst]
    berekening = _Berekening(periode, Scope(), per_wijk=True, met_stad=True, lijsten=lijsten)
    secties = berekening.contactsecties([*rijen_per_wijk, None], rijen)
    return {k: {naam: _json(_boom(v)) for naam, v in s.items()} for k, s in secties.items()}


def _samengesteld(berekening, scopes, contact_rijen=None):
    """{key: Kengetallen} for {key: Scope}, from the sections the query engine counts."""
    secties = berekening.uitvoeren(list(scopes), contact_rijen)
    return {
        s: Kengetallen(periode=berekening.periode, scope=scope, **secties[s])
        for s, scope in scopes.items()
    }


def onderdrukking_voor(periode, scope=None):
    """The suppression pattern for a period, from the figures of the city and every wijk
    (``KENGETALLEN_PER_WIJK_QUERIES``) and, for a buurt, those of every buurt of its wijk (one
    query for the buurten, ``KENGETALLEN_QUERIES`` each)."""
    stad, per_wijk = kengetallen_stad_en_per_wijk(periode)
    per_buurt = {}
    if scope is not None and scope.buurt is not None:
        for b in _buurten_van(scope.wijk):
            per_buurt[b] = kengetallen(periode, buurt=b)
    return Onderdrukking(stad, per_wijk, per_buurt)


def _buurten_van(wijk):
    return Buurt.objects.filter(wijk=wijk.pk).select_related("wijk")


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
            per_buurt = {b: kengetallen(p, buurt=b) for b in _buurten_van(scope.wijk)}
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


# --- The figures per priority ------------------------------------------------------------------


def werk_per_prioriteit(boom):
    """{priority id: {figure: n}} from the figures as plain data (``Kengetallen.as_dict()``,
    ``openbare_cijfers(...)``: exact or suppressed, as given), for every priority valid in the
    period in the scope (``indicatoren``): the work linked to it, each figure of
    ``PRIORITEITCIJFERS`` (0 where nothing is linked). No query."""
    uit = {}
    for prio in boom["indicatoren"]:
        prio_id = prio["id"] if isinstance(prio, dict) else prio.id
        pid = str(prio_id)
        cijfers = {}
        for naam, (pad, sleutel, _) in PRIORITEITCIJFERS.items():
            knoop = boom
            for deel in pad:
                knoop = knoop.get(deel, {}) if isinstance(knoop, dict) else {}
            waarde = knoop.get(pid, 0) if isinstance(knoop, dict) else 0
            if sleutel is not None:
                waarde = waarde.get(sleutel, 0) if isinstance(waarde, dict) else waarde
            cijfers[naam] = waarde
        uit[prio_id] = cijfers
    return uit


def per_prioriteit(jaar, wijk=None, openbaar=False):
    """{priority id: {figure: n}} for the priorities valid in ``jaar`` (of ``wijk``, a Wijk, or
    of the city): contacts, residents reached, contacts with a signal, referrals, activities
    held and their participants, initiatives asked / granted / realised and projects active,
    each linked to the priority (``PRIORITEITCIJFERS``, with their definitions). Exact for the
    staff app; with ``openbaar`` suppressed as every public figure (``openbare_cijfers``). The
    queries of ``kengetallen()`` (or of ``openbare_cijfers()``): the figures per priority are
    part of them."""
    periode = Periode.jaar(jaar)
    if openbaar:
        boom = openbare_cijfers(periode, wijk=wijk)
    else:
        boom = kengetallen(periode, wijk=wijk).as_dict()
    return werk_per_prioriteit(boom)
