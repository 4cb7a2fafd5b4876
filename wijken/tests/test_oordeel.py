"""A priority's indicator says whether the work is on course, by the rule the page writes out
(``Indicator.OORDEEL_REGEL``): tested here at its edges."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from wijken.models import Indicator, Meting, Prioriteit

pytestmark = pytest.mark.django_db

BEGIN = datetime.date(2021, 1, 1)
EIND = BEGIN + datetime.timedelta(days=100)
HALVERWEGE = BEGIN + datetime.timedelta(days=50)
OP_KOERS, ACHTER, BEREIKT, ONBEKEND = (
    Indicator.Oordeel.OP_KOERS,
    Indicator.Oordeel.ACHTER,
    Indicator.Oordeel.DOEL_BEREIKT,
    Indicator.Oordeel.ONBEKEND,
)


@pytest.fixture
def prio(wijk_a):
    return Prioriteit.objects.create(wijk=wijk_a, titel="Ontmoeten", geldig_van=2021)


def indicator(prio, richting="hoger", nul="20", doel="70", **kwargs):
    velden = {
        "nulmeting": Decimal(nul),
        "nulmeting_datum": BEGIN,
        "streefwaarde": Decimal(doel),
        "streefdatum": EIND,
        **kwargs,
    }
    return Indicator.objects.create(prioriteit=prio, naam="Bezoekers", richting=richting, **velden)


def oordeel(ind, *metingen):
    return ind.oordeel([Meting(indicator=ind, datum=d, waarde=Decimal(w)) for d, w in metingen])


def test_halfway_in_time_the_line_is_halfway_between_baseline_and_target(prio):
    ind = indicator(prio)
    midden = (ind.nulmeting + ind.streefwaarde) / 2
    assert ind.verwacht_op(HALVERWEGE) == midden
    # exactly on the line is on course; a hundredth behind it is behind
    assert oordeel(ind, (HALVERWEGE, midden)) == OP_KOERS
    assert oordeel(ind, (HALVERWEGE, midden - Decimal("0.01"))) == ACHTER
    assert oordeel(ind, (HALVERWEGE, midden + Decimal("0.01"))) == OP_KOERS


def test_the_target_itself_is_reached_also_before_its_date(prio):
    ind = indicator(prio)
    doel = ind.streefwaarde
    assert oordeel(ind, (HALVERWEGE, doel)) == BEREIKT
    assert oordeel(ind, (EIND, doel)) == BEREIKT
    assert oordeel(ind, (EIND, doel - Decimal("0.01"))) == ACHTER
    # after the target date a value short of the target is behind, however close
    assert oordeel(ind, (EIND + datetime.timedelta(days=1), doel - Decimal("0.01"))) == ACHTER


def test_for_lower_is_better_the_line_runs_down(prio):
    ind = indicator(prio, richting="lager", nul="40", doel="20")
    midden = (ind.nulmeting + ind.streefwaarde) / 2
    assert oordeel(ind, (HALVERWEGE, midden)) == OP_KOERS
    assert oordeel(ind, (HALVERWEGE, midden - 1)) == OP_KOERS
    assert oordeel(ind, (HALVERWEGE, midden + Decimal("0.01"))) == ACHTER
    assert oordeel(ind, (HALVERWEGE, ind.streefwaarde)) == BEREIKT
    assert oordeel(ind, (HALVERWEGE, ind.streefwaarde - 1)) == BEREIKT


def test_a_measurement_on_the_baseline_date_at_the_baseline_is_on_course(prio):
    ind = indicator(prio)
    assert oordeel(ind, (BEGIN, ind.nulmeting)) == OP_KOERS
    assert oordeel(ind, (BEGIN, ind.nulmeting - 1)) == ACHTER


def test_measurements_before_the_baseline_date_do_not_count(prio):
    ind = indicator(prio)
    voor = BEGIN - datetime.timedelta(days=1)
    assert oordeel(ind, (voor, ind.streefwaarde)) == ONBEKEND
    # only the later one counts: behind, although the earlier one reached the target
    assert oordeel(ind, (voor, ind.streefwaarde), (HALVERWEGE, ind.nulmeting)) == ACHTER


def test_the_latest_measurement_decides_whatever_the_order_given(prio):
    ind = indicator(prio)
    vroeg = BEGIN + datetime.timedelta(days=10)
    assert oordeel(ind, (HALVERWEGE, ind.nulmeting), (vroeg, ind.streefwaarde)) == ACHTER
    assert oordeel(ind, (vroeg, ind.nulmeting), (HALVERWEGE, ind.streefwaarde)) == BEREIKT


def test_without_baseline_target_or_measurement_the_verdict_is_unknown(prio):
    zonder_nulmeting = indicator(prio, nul="0", nulmeting=None, nulmeting_datum=None)
    zonder_doel = Indicator.objects.create(
        prioriteit=prio, naam="Zonder doel", nulmeting=Decimal(20), nulmeting_datum=BEGIN
    )
    met_alles = Indicator.objects.create(
        prioriteit=prio,
        naam="Nog niet gemeten",
        nulmeting=Decimal(20),
        nulmeting_datum=BEGIN,
        streefwaarde=Decimal(70),
        streefdatum=EIND,
    )
    assert oordeel(zonder_nulmeting, (HALVERWEGE, 70)) == ONBEKEND
    assert oordeel(zonder_doel, (HALVERWEGE, 70)) == ONBEKEND
    assert oordeel(met_alles) == ONBEKEND
    # without a list the indicator reads its own measurements
    Meting.objects.create(indicator=met_alles, datum=HALVERWEGE, waarde=Decimal(70))
    assert met_alles.oordeel() == BEREIKT


def test_the_rule_is_written_out_for_readers_with_every_verdict():
    for keuze in Indicator.Oordeel:
        assert keuze.label in Indicator.OORDEEL_REGEL


@pytest.mark.parametrize(
    "velden, veld, bericht",
    [
        ({"richting": "hoger", "nulmeting": 50, "streefwaarde": 40}, None, "goede richting"),
        ({"richting": "lager", "nulmeting": 40, "streefwaarde": 50}, None, "goede richting"),
        ({"streefdatum": BEGIN}, None, "streefdatum ligt na"),
        ({"nulmeting_datum": None}, "nulmeting_datum", "datum van de nulmeting"),
        ({"streefdatum": None}, "streefdatum", "Vul de streefdatum in"),
    ],
)
def test_an_indicator_that_cannot_be_judged_is_refused_with_a_dutch_message(
    prio, velden, veld, bericht
):
    ind = Indicator(
        prioriteit=prio,
        naam="Deelnemers",
        nulmeting=20,
        nulmeting_datum=BEGIN,
        streefwaarde=70,
        streefdatum=EIND,
    )
    for k, v in velden.items():
        setattr(ind, k, v)
    with pytest.raises(ValidationError) as fout:
        ind.full_clean()
    berichten = fout.value.message_dict
    assert any(bericht in m for m in berichten[veld or "__all__"]), berichten
