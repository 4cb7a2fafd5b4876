"""/api/v1/statistieken/: the annual report's figures, public form ("< 5", "verborgen")."""

import pytest

from rapportage.kengetallen import (
    Periode,
    kengetallen,
    kengetallen_per_wijk,
    vergelijking,
)

from .conftest import maak_rijen

pytestmark = pytest.mark.django_db

URL = "/api/v1/statistieken/"


@pytest.fixture
def cijfers(wijk_a, buurt_a, wijk_b, buurt_b, actium, vaart, thema, veiligheid, signaal):
    maak_rijen(6, wijk_a, buurt_a, actium, vaart, [thema, veiligheid], signaal, naam="a")
    maak_rijen(2, wijk_b, buurt_b, vaart, actium, [thema], signaal, naam="b")


def test_it_gives_the_same_figures_as_the_report_suppressed(api, cijfers):
    data = api.get(URL, {"jaar": 2021}).json()
    assert data == kengetallen(Periode.jaar(2021)).openbaar()
    contact = data["contactmomenten"]
    assert contact["per_thema"] == {"ontmoeten": 8, "veiligheid": 6}
    # Peelo's 2 contacts are "< 5"; were the city's 8 and Lariks' 6 shown, 8 - 6 would give
    # them away (issue 11.5): so both are "verborgen".
    lariks = api.get(URL, {"jaar": 2021, "wijk": "lariks"}).json()["contactmomenten"]
    assert (contact["totaal"], lariks["totaal"]) == ("verborgen", "verborgen")
    assert contact["per_kanaal"]["aan_de_deur"] == "verborgen"
    assert contact["per_organisatie"] == {"actium": "verborgen", "vaart-welzijn": "< 5"}


def test_per_wijk_per_buurt_and_compared_with_last_year(api, cijfers, wijk_b, buurt_b):
    periode = Periode.jaar(2021)
    peelo = api.get(URL, {"jaar": 2021, "wijk": "peelo"}).json()
    assert peelo == kengetallen(periode, wijk=wijk_b).openbaar()
    assert peelo["contactmomenten"]["totaal"] == "< 5"

    buurt = api.get(URL, {"jaar": 2021, "buurt": buurt_b.pk}).json()
    assert buurt["scope"] == {"niveau": "buurt", "wijk": "peelo", "buurt": "peelo-noord"}

    vergeleken = api.get(URL, {"jaar": 2021, "vergelijk": "true"}).json()
    assert vergeleken == vergelijking(periode).openbaar()

    per_wijk = api.get(f"{URL}per-wijk/", {"jaar": 2021}).json()
    verwacht = {w.slug: k.openbaar() for w, k in kengetallen_per_wijk(periode).items()}
    assert per_wijk == verwacht
    assert list(per_wijk) == ["lariks", "peelo"]


@pytest.mark.parametrize(
    "query, parameter",
    [
        ({}, "jaar"),
        ({"jaar": "vorig"}, "jaar"),
        ({"jaar": 1850}, "jaar"),
        ({"jaar": 2021, "wijk": "atlantis"}, "wijk"),
        ({"jaar": 2021, "buurt": "x"}, "buurt"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(api, wijk_a, query, parameter):
    response = api.get(URL, query)
    assert response.status_code == 400
    assert parameter in response.json()["parameters"]


def test_a_buurt_outside_the_wijk_is_a_400(api, wijk_a, buurt_b):
    response = api.get(URL, {"jaar": 2021, "wijk": "lariks", "buurt": buurt_b.pk})
    assert response.status_code == 400
    assert "ligt niet in" in response.json()["fout"]
