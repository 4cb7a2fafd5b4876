"""Small-number suppression ("< 5"), in one place, holding against subtraction.

``Onderdrukking`` works out which cells of one period's figures are hidden outside the staff
app; ``cijfers.onderdrukking_voor()`` makes it for a period, and ``Kengetallen.openbaar``,
``openbare_cijfers``, ``openbaar_per_wijk`` and ``openbaar_stad_en_per_wijk`` apply it for the
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

The pattern is a function of the cells alone, so it is kept in the cache under a key made of
every cell's place and count (``Onderdrukking._sleutel``): the same figures give the same
pattern without solving again, changed figures give another key. The figures themselves are
still counted for every request; the cache saves only the solving.
"""

import dataclasses
import hashlib
from collections import defaultdict
from dataclasses import dataclass

from django.core.cache import cache

from activiteiten.tellingen import TELLINGEN
from initiatieven.models import Bewonersinitiatief

from .periode import Periode, Scope
from .resultaten import EIGEN_VELD, OVERIGE

DREMPEL = 5
InitiatiefStatus = Bewonersinitiatief.Status


def onderdruk(waarde, drempel=DREMPEL):
    """A count of 1 to drempel-1 becomes "< 5": outside the staff app it could point at a
    household. 0, None and anything that is not a count stay as they are."""
    if isinstance(waarde, bool) or not isinstance(waarde, int):
        return waarde
    return f"< {drempel}" if 0 < waarde < drempel else waarde


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
    (
        ("doorverwijzingen", "overdracht_totaal"),
        ("doorverwijzingen", "overdracht_per_organisatie"),
        True,
    ),
    (
        ("doorverwijzingen", "overdracht_totaal"),
        [("doorverwijzingen", "overdracht_beantwoord")],
        False,
    ),
    (
        ("doorverwijzingen", "overdracht_beantwoord"),
        [("doorverwijzingen", "overdracht_binnen_termijn")],
        False,
    ),
    (("initiatieven", "aangevraagd"), ("initiatieven", "per_status"), True),
    (("initiatieven", "aangevraagd"), [("initiatieven", "met_draagvlak")], False),
    (
        ("initiatieven", "toegekend"),
        [("initiatieven", "per_status", s) for s in Bewonersinitiatief.TOEGEKENDE_STATUSSEN],
        True,
    ),
    # a figure added by one declaration whose values add up to another (``deel_van``)
    *(
        (EIGEN_VELD[t.deel_van], ("contactmomenten", "overige", t.naam), True)
        for t in TELLINGEN
        if t.naam in OVERIGE and t.deel_van
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
                    if isinstance(n, dict):  # Contactmomenten.overige: a figure per value
                        for w, m in n.items():
                            uit[(sectie.name, f.name, sleutel, w)] = m
                    else:
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
