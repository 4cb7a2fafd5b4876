"""Issue 11.5: "< 5" must not be undone by subtraction.

An outsider with the published figures (the statistics endpoint, the report) tries every
subtraction: a total minus the categories shown, the city minus the other wijken, a wijk minus
the other buurten. On the 2021 demo with synthetic volume, no count of 1 to 4 comes out."""

import pytest

from rapportage.demo import synthetische_contactmomenten
from rapportage.kengetallen import (
    GEHEIM,
    VERBORGEN,
    Periode,
    kengetallen,
    onderdruk,
    openbaar_per_wijk,
    openbare_cijfers,
)
from wijken.models import Buurt, Wijk

JAAR = Periode.jaar(2021)
# The categories that add up to a total (a contact has one channel, occasion, kind and staff
# organisation; signals and referrals add up to theirs; initiatives have one status).
DELEN_VAN_TOTAAL = [
    (("contactmomenten", "totaal"), ("contactmomenten", "per_kanaal")),
    (("contactmomenten", "totaal"), ("contactmomenten", "per_aanleiding")),
    (("contactmomenten", "totaal"), ("contactmomenten", "per_soort")),
    (("contactmomenten", "totaal"), ("contactmomenten", "per_organisatie")),
    (("signalen", "totaal"), ("signalen", "per_soort")),
    (("doorverwijzingen", "totaal"), ("doorverwijzingen", "per_organisatie")),
    (("initiatieven", "aangevraagd"), ("initiatieven", "per_status")),
]
SECTIES = ("contactmomenten", "signalen", "doorverwijzingen", "initiatieven", "koppeling")


def bladeren(cijfers):
    """{path: value} of every count (shown or hidden) in the public figures."""
    uit = {}
    for sectie in SECTIES:
        for veld, waarde in cijfers[sectie].items():
            items = waarde.items() if isinstance(waarde, dict) else [(None, waarde)]
            for sleutel, w in items:
                if (isinstance(w, int) and not isinstance(w, bool)) or w in (GEHEIM, VERBORGEN):
                    uit[(sectie, veld, sleutel) if sleutel else (sectie, veld)] = w
    return uit


def terug_te_rekenen(totaal, delen, onbekend_rest=False):
    """What subtraction gives away: the hidden parts of 1 to 4 whose value follows exactly, or
    a sum of 1 to 4 of hidden parts that holds a "< 5". ``delen`` may miss keys (0)."""
    if not isinstance(totaal, int):
        return []
    verborgen = [d for d in delen if isinstance(d, str)]
    rest = totaal - sum(d for d in delen if isinstance(d, int))
    if GEHEIM not in verborgen:
        return []
    if 0 < rest < 5:
        return [f"samen {rest}"]
    # what each hidden part can be: "< 5" is 1-4; "verborgen" is 0 or 5 and more (a reader
    # cannot tell which); a wijk's contacts without a buurt are 0 or more
    domeinen = [range(1, 5) if d == GEHEIM else [0, *range(5, rest + 1)] for d in verborgen]
    if onbekend_rest:
        domeinen.append(range(0, rest + 1))
    gevonden = []
    for j, domein in enumerate(domeinen[: len(verborgen)]):
        sommen = {0}  # the sums the other parts can make
        for i, ander in enumerate(domeinen):
            if i != j:
                sommen = {a + b for a in sommen for b in ander if a + b <= rest}
        mogelijk = [v for v in domein if rest - v in sommen]
        if verborgen[j] == GEHEIM and len(mogelijk) == 1:
            gevonden.append(mogelijk[0])
    return gevonden


def aanval(stad, per_wijk, per_buurt, exact):
    """Every subtraction on {scope: public figures}: the leaks found, and how many partitions
    held a "< 5" (so that the walk cannot pass by looking at nothing). ``exact``: {Wijk or
    Buurt: exact figures}, only to know where a wijk has nothing without a buurt."""
    lekken, met_geheim = [], 0

    def probeer(naam, totaal, delen, onbekend_rest=False, rest_is_nul=False):
        nonlocal met_geheim
        met_geheim += GEHEIM in delen
        # a reader may guess that every contact has a buurt: right where it is so
        varianten = ([False] if rest_is_nul else []) + [True] if onbekend_rest else [False]
        for v in varianten:
            if gevonden := terug_te_rekenen(totaal, delen, onbekend_rest=v):
                lekken.append((naam, totaal, delen, gevonden))

    alle = {"stad": stad, **per_wijk, **per_buurt}
    for scope, cijfers in alle.items():
        for totaal, dict_pad in DELEN_VAN_TOTAAL:
            delen = list(cijfers[dict_pad[0]][dict_pad[1]].values())
            probeer((scope, totaal, dict_pad), cijfers[totaal[0]][totaal[1]], delen)
        d = cijfers["doorverwijzingen"]
        probeer((scope, "vervolg"), d["vervolg_nodig"], [d["vervolg_open"], d["vervolg_afgerond"]])
    stad_bladeren = bladeren(stad)
    wijk_bladeren = {w: bladeren(c) for w, c in per_wijk.items()}
    for pad in set(stad_bladeren).union(*map(set, wijk_bladeren.values())):
        delen = [b.get(pad, 0) for b in wijk_bladeren.values()]
        probeer(("stad - wijken", pad), stad_bladeren.get(pad, 0), delen)
    for wijk in per_wijk:
        buurten = [bladeren(c) for b, c in per_buurt.items() if b.wijk_id == wijk.pk]
        wb = wijk_bladeren[wijk]
        echt = [bladeren(exact[b]) for b in per_buurt if b.wijk_id == wijk.pk]
        for pad in set(wb).union(*map(set, buurten)):
            delen = [b.get(pad, 0) for b in buurten]
            nul = bladeren(exact[wijk]).get(pad, 0) == sum(b.get(pad, 0) for b in echt)
            naam = ("wijk - buurten", wijk.slug, pad)
            probeer(naam, wb.get(pad, 0), delen, onbekend_rest=True, rest_is_nul=nul)
    return lekken, met_geheim


@pytest.fixture
def demo_met_volume(demo_2021):
    synthetische_contactmomenten(1500)  # 300 in 2021, spread over wijken, buurten, channels


def test_no_hidden_count_comes_out_of_any_subtraction(demo_met_volume):
    stad = openbare_cijfers(JAAR)
    per_wijk = openbaar_per_wijk(JAAR)
    per_buurt = {b: openbare_cijfers(JAAR, buurt=b) for b in Buurt.objects.select_related("wijk")}

    exact = {s: kengetallen(JAAR, wijk=s).as_dict() for s in per_wijk}
    exact |= {s: kengetallen(JAAR, buurt=s).as_dict() for s in per_buurt}
    lekken, met_geheim = aanval(stad, per_wijk, per_buurt, exact)

    assert met_geheim > 50  # many partitions hold a "< 5": the walk looked at them
    assert lekken == []
    # the same for each wijk asked on its own: the pattern is one for the whole city
    for wijk, cijfers in per_wijk.items():
        assert openbare_cijfers(JAAR, wijk=wijk) == cijfers


def test_with_only_the_under_five_rule_the_walk_finds_the_leaks(demo_met_volume):
    """The walk is not blind: on the same data, hiding only the counts of 1 to 4 (as before
    issue 11.5) gives suppressed cells away, e.g. Peelo's contacts through "anders"."""

    def alleen_onder_vijf(k):
        boom = k.as_dict()
        for sectie in SECTIES:
            for veld, waarde in boom[sectie].items():
                if isinstance(waarde, dict):
                    boom[sectie][veld] = {s: onderdruk(v) for s, v in waarde.items()}
                elif veld.startswith(("totaal", "vervolg", "aangevraagd", "contacten", "bewoners")):
                    boom[sectie][veld] = onderdruk(waarde)
        return boom

    stad = alleen_onder_vijf(kengetallen(JAAR))
    per_wijk = {w: alleen_onder_vijf(kengetallen(JAAR, wijk=w)) for w in Wijk.objects.all()}
    per_buurt = {
        b: alleen_onder_vijf(kengetallen(JAAR, buurt=b))
        for b in Buurt.objects.select_related("wijk")
    }
    exact = {s: kengetallen(JAAR, wijk=s).as_dict() for s in per_wijk}
    exact |= {s: kengetallen(JAAR, buurt=s).as_dict() for s in per_buurt}
    lekken, _ = aanval(stad, per_wijk, per_buurt, exact)
    assert lekken


def test_a_hidden_count_is_marked_for_what_it_is(demo_met_volume):
    """ "< 5" is a count of 1 to 4; "verborgen" one hidden to protect a "< 5" (5 or more, or
    a 0 where nothing else could be hidden)."""
    exact = kengetallen(JAAR).as_dict()
    openbaar = openbare_cijfers(JAAR)
    for pad, waarde in bladeren(openbaar).items():
        echt = exact[pad[0]][pad[1]] if len(pad) == 2 else exact[pad[0]][pad[1]][pad[2]]
        if waarde == GEHEIM:
            assert 0 < echt < 5, pad
        elif waarde == VERBORGEN:
            assert echt >= 5 or echt == 0, pad
        else:
            assert waarde == echt, pad


def test_the_pattern_is_worked_out_once_for_the_same_figures_and_again_when_one_changes(
    demo_met_volume,
):
    """The statistics endpoint asks for the same year again and again: the pattern comes from
    the cache then. A changed count gives other cells, so never a stale pattern."""
    from unittest import mock

    from activiteiten.models import Contactmoment
    from rapportage.kengetallen import Onderdrukking, kengetallen_stad_en_per_wijk

    stad, per_wijk = kengetallen_stad_en_per_wijk(JAAR)
    eerst = Onderdrukking(stad, per_wijk).status
    with mock.patch.object(Onderdrukking, "_oplossen") as oplossen:
        assert Onderdrukking(stad, per_wijk).status == eerst
    assert not oplossen.called

    # one more contact in a wijk: the cells differ, the pattern is worked out anew
    een = Contactmoment.objects.filter(datum__year=2021).first()
    een.pk = None
    een.save()
    stad2, per_wijk2 = kengetallen_stad_en_per_wijk(JAAR)
    with mock.patch.object(Onderdrukking, "_oplossen", autospec=True) as oplossen:
        Onderdrukking(stad2, per_wijk2)
    assert oplossen.called
