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


def _post(rf, user, token):
    from django.contrib.messages.storage.cookie import CookieStorage

    request = rf.post("/nieuw/", {"formtoken": str(token)})
    request.user = user
    request._messages = CookieStorage(request)
    return request


def test_a_form_posted_again_goes_to_what_it_saved_before_the_view_runs(rf, medewerker_a):
    """The back button and a second tap: the decorator answers before the form is validated."""
    from mba.forms import eenmalig

    token = uuid.uuid4()
    Formulierinzending.objects.create(token=token, medewerker=medewerker_a, url="/ding/1/")

    @eenmalig("/dingen/", "Dit ding was al opgeslagen.")
    def nieuw(request):
        raise AssertionError("the view must not run for a token that saved before")

    request = _post(rf, medewerker_a, token)
    response = nieuw(request)
    assert (response.status_code, response.url) == (302, "/ding/1/")
    assert [str(m) for m in request._messages] == ["Dit ding was al opgeslagen."]


def test_a_request_that_loses_the_race_goes_to_what_the_other_one_saved(rf, medewerker_a):
    """Two taps at the same moment: both pass the first check, the database lets one save; the
    other gets the first one's record, not an error, and saves nothing."""
    from mba.forms import eenmalig

    token = uuid.uuid4()
    opgeslagen = []

    @eenmalig("/dingen/", "Dit ding was al opgeslagen.")
    def nieuw(request):
        # the other request committed its token row in the meantime
        Formulierinzending.objects.create(token=token, medewerker=request.user, url="/ding/1/")
        return sla_eenmalig_op(request.user, token, lambda: opgeslagen.append(1), str)

    request = _post(rf, medewerker_a, token)
    response = nieuw(request)
    assert (response.status_code, response.url) == (302, "/ding/1/")
    assert opgeslagen == []
    assert [str(m) for m in request._messages] == ["Dit ding was al opgeslagen."]
