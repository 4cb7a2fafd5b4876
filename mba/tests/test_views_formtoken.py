"""The one-time form token: a record is saved once per token, whatever the timing."""

import uuid

import pytest
from django.http import HttpResponse, HttpResponseRedirect

from mba.forms import DubbelIngediend, eenmalig, sla_eenmalig_op
from mba.models import Formulierinzending, Organisatie


def _ding():
    """Saves a record (an organisation) and returns its number."""
    n = len(_dingen()) + 1
    Organisatie.objects.create(naam=f"Ding {n}", slug=f"ding-{n}")
    return n


def _dingen():
    return sorted(
        Organisatie.objects.filter(slug__startswith="ding-").values_list("naam", flat=True)
    )


def test_a_token_saves_once_and_then_points_at_what_it_saved(medewerker_a):
    token = uuid.uuid4()
    eerste = sla_eenmalig_op(medewerker_a, token, _ding, lambda n: f"/ding/{n}/")
    with pytest.raises(DubbelIngediend) as dubbel:
        sla_eenmalig_op(medewerker_a, token, _ding, lambda n: f"/ding/{n}/")
    assert dubbel.value.url == f"/ding/{eerste}/"
    assert _dingen() == [f"Ding {eerste}"]  # the second save was rolled back


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


def test_a_form_posted_again_goes_to_what_it_saved_and_saves_nothing(rf, medewerker_a):
    """The back button and a second tap: the save fails on the token and is rolled back; the
    user goes to what the first one saved."""
    token = uuid.uuid4()

    @eenmalig("/dingen/", "Dit ding was al opgeslagen.")
    def nieuw(request):
        n = sla_eenmalig_op(request.user, token, _ding, lambda n: f"/ding/{n}/")
        return HttpResponseRedirect(f"/ding/{n}/")

    nieuw(_post(rf, medewerker_a, token))
    assert _dingen() == ["Ding 1"]
    request = _post(rf, medewerker_a, token)
    response = nieuw(request)
    assert (response.status_code, response.url) == (302, "/ding/1/")
    assert [str(m) for m in request._messages] == ["Dit ding was al opgeslagen."]
    assert _dingen() == ["Ding 1"]


def test_a_form_posted_again_that_no_longer_validates_goes_to_what_it_saved(rf, medewerker_a):
    """A unique name, taken by the first post: the form would show an error; the user goes to
    the record instead."""
    token = uuid.uuid4()
    Formulierinzending.objects.create(token=token, medewerker=medewerker_a, url="/ding/1/")

    @eenmalig("/dingen/", "Dit ding was al opgeslagen.")
    def nieuw(request):
        return HttpResponse("Deze naam bestaat al.")  # the form again, with its error

    request = _post(rf, medewerker_a, token)
    response = nieuw(request)
    assert (response.status_code, response.url) == (302, "/ding/1/")
    assert [str(m) for m in request._messages] == ["Dit ding was al opgeslagen."]
    # a form with an error and a new token stays the form
    assert nieuw(_post(rf, medewerker_a, uuid.uuid4())).status_code == 200


def test_a_request_that_loses_the_race_goes_to_what_the_other_one_saved(rf, medewerker_a):
    """Two taps at the same moment: the database lets one save; the other gets the first one's
    record, not an error, and what it saved itself is rolled back."""
    token = uuid.uuid4()

    @eenmalig("/dingen/", "Dit ding was al opgeslagen.")
    def nieuw(request):
        # the other request committed its token row in the meantime
        Formulierinzending.objects.create(token=token, medewerker=request.user, url="/ding/1/")
        return sla_eenmalig_op(request.user, token, _ding, str)

    request = _post(rf, medewerker_a, token)
    response = nieuw(request)
    assert (response.status_code, response.url) == (302, "/ding/1/")
    assert _dingen() == []
    assert [str(m) for m in request._messages] == ["Dit ding was al opgeslagen."]
