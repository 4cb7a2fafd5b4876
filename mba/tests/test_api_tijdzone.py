"""A partner's incremental sync asks ``gewijzigd_sinds`` with a moment that carries its time zone:
the boundary is exact in any zone, and a time without a zone is a 400 that says so (it was read
as Amsterdam time before, and Amsterdam's clock shows 02:30 twice on the last Sunday of
October)."""

import datetime

import pytest

from mba.models import Thema

pytestmark = pytest.mark.django_db

AMSTERDAM_WINTER = datetime.timezone(datetime.timedelta(hours=1))
GEWIJZIGD = datetime.datetime(2021, 3, 1, 12, 0, 0, tzinfo=AMSTERDAM_WINTER)


@pytest.fixture
def gewijzigd_om_twaalf(thema):
    """A theme last changed at 12:00:00+01:00, and one changed a day before."""
    ouder = Thema.objects.create(slug="ouder", naam="Ouder")
    Thema.objects.filter(pk=ouder.pk).update(gewijzigd_op=GEWIJZIGD - datetime.timedelta(days=1))
    Thema.objects.filter(pk=thema.pk).update(gewijzigd_op=GEWIJZIGD)
    return thema


def slugs(response):
    assert response.status_code == 200, response.content
    return [r["slug"] for r in response.json()["resultaten"]]


@pytest.mark.parametrize(
    ("sinds", "terug"),
    [
        ("2021-03-01T12:00:00+01:00", True),  # exactly the moment of the change
        ("2021-03-01T11:00:00Z", True),  # the same moment in UTC
        ("2021-03-01T11:00:00.000001Z", False),  # a microsecond later
        ("2021-03-01T12:00:01+01:00", False),  # one second later
        ("2021-03-01T05:59:59-05:00", True),  # one second earlier, in New York
    ],
)
def test_the_boundary_is_the_moment_itself_in_any_zone(api, gewijzigd_om_twaalf, sinds, terug):
    gevonden = slugs(api.get("/api/v1/themas/", {"gewijzigd_sinds": sinds}))
    assert gevonden == ([gewijzigd_om_twaalf.slug] if terug else [])


def test_the_moment_a_row_shows_brings_that_row_back(api, gewijzigd_om_twaalf):
    # A sync that keeps the gewijzigd_op it read and sends it back gets that record again.
    rij = api.get(f"/api/v1/themas/{gewijzigd_om_twaalf.slug}/").json()
    assert slugs(api.get("/api/v1/themas/", {"gewijzigd_sinds": rij["gewijzigd_op"]})) == [
        gewijzigd_om_twaalf.slug
    ]


@pytest.mark.parametrize(
    "pad", ["/api/v1/themas/", "/api/v1/verwijderingen/", "/api/v1/prioriteiten/"]
)
@pytest.mark.parametrize("sinds", ["2021-03-01T12:00:00", "2021-03-01"])
def test_a_time_without_a_zone_is_a_400_that_asks_for_one(api, gewijzigd_om_twaalf, pad, sinds):
    response = api.get(pad, {"gewijzigd_sinds": sinds})
    assert response.status_code == 400, response.content
    [bericht] = response.json()["parameters"]["gewijzigd_sinds"]
    assert bericht.startswith("Dit moment heeft geen tijdzone.")
    assert "2021-06-01T00:00:00+02:00" in bericht


def test_a_plus_left_unencoded_in_the_url_is_a_400_that_explains_it(api, gewijzigd_om_twaalf):
    # ?gewijzigd_sinds=2021-03-01T12:00:00+01:00 typed into a URL: the + arrives as a space.
    response = api.get("/api/v1/themas/?gewijzigd_sinds=2021-03-01T12:00:00+01:00")
    assert response.status_code == 400, response.content
    [bericht] = response.json()["parameters"]["gewijzigd_sinds"]
    assert "codeer de '+' in een URL" in bericht
