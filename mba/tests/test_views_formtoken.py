"""The one-time form token: a record is saved once per token, whatever the timing."""

import uuid

import pytest

from mba.forms import DubbelIngediend, sla_eenmalig_op
from mba.models import Formulierinzending


def test_a_token_saves_once_and_then_points_at_what_it_saved(medewerker_a):
    token = uuid.uuid4()
    opgeslagen = []

    def opslaan():
        opgeslagen.append(len(opgeslagen) + 1)
        return opgeslagen[-1]

    assert sla_eenmalig_op(medewerker_a, token, opslaan, lambda n: f"/ding/{n}/") == 1
    with pytest.raises(DubbelIngediend) as dubbel:
        sla_eenmalig_op(medewerker_a, token, opslaan, lambda n: f"/ding/{n}/")
    assert dubbel.value.url == "/ding/1/"
    assert opgeslagen == [1]


def test_a_failed_save_does_not_use_up_the_token(medewerker_a):
    token = uuid.uuid4()

    def mislukt():
        raise ValueError("database zegt nee")

    with pytest.raises(ValueError):
        sla_eenmalig_op(medewerker_a, token, mislukt, str)
    assert not Formulierinzending.objects.filter(token=token).exists()
    assert sla_eenmalig_op(medewerker_a, token, lambda: 7, str) == 7
