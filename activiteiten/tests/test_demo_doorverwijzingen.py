"""The demo (``make run``) shows referrals in every state, one overdue, one to an organisation
without MBA accounts; loading it twice adds none."""

import datetime
import io

from django.core.management import call_command
from django.test import override_settings

from activiteiten.doorverwijzing import Status, te_laat_voor
from activiteiten.models import Doorverwijzing
from mba.models import Medewerker


def demo():
    with override_settings(DEBUG=True):
        call_command("demo", stdout=io.StringIO())


def test_the_demo_has_referrals_in_every_state_and_loads_them_once(db, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 4, 10, 0))
    demo()
    assert {d.status for d in Doorverwijzing.objects.all()} == set(Status.values)
    for d in Doorverwijzing.objects.filter(status__in=["afgerond", "niet_opgepakt"]):
        assert d.antwoord and d.wijzigingen.count() >= 2
    actium = Medewerker.objects.get(username="medewerker-actium")
    assert te_laat_voor(actium).exists()
    politie = Doorverwijzing.objects.get(naar_organisatie__slug="politie")
    assert politie.wijzigingen.last().door == actium  # the writer recorded the outcome
    aantal = Doorverwijzing.objects.count()
    demo()
    assert Doorverwijzing.objects.count() == aantal
