"""The collections other than contact moments: what they show, and their filters."""

import datetime

import pytest
from django.utils import timezone

from initiatieven.models import Bewonersinitiatief
from rapportage.models import Jaarrapportage, Voorbeeld
from wijken.models import Buurt, FysiekProject, Indicator, Meting, Prioriteit

pytestmark = pytest.mark.django_db


def resultaten(response):
    assert response.status_code == 200, response.content
    return response.json()["resultaten"]


def namen(response, veld="naam"):
    return sorted(r[veld] for r in resultaten(response))


def test_wijken_in_report_order_with_their_buurten_and_no_team(api, wereld, wijk_a, buurt_a):
    wijken = resultaten(api.get("/api/v1/wijken/"))
    assert [w["slug"] for w in wijken] == ["lariks", "peelo"]
    assert wijken[0]["buurten"] == [buurt_a.pk]
    assert "teamleden" not in wijken[0]
    assert api.get("/api/v1/wijken/lariks/").json()["naam"] == "Lariks"
    assert namen(api.get("/api/v1/wijken/?inzet=basis"), "slug") == ["peelo"]


def test_buurten_and_locaties_filter_by_wijk_and_buurt(api, wereld, buurt_a):
    assert namen(api.get("/api/v1/buurten/?wijk=peelo")) == ["Peelo-Noord"]
    locaties = resultaten(api.get(f"/api/v1/locaties/?buurt={buurt_a.pk}"))
    assert sorted(loc["naam"] for loc in locaties) == ["BIC a-0", "BIC a-1"]
    assert {loc["wijk"] for loc in locaties} == {"lariks"}
    assert namen(api.get("/api/v1/locaties/?soort=speeltuin")) == []
    assert len(resultaten(api.get("/api/v1/locaties/?open_op=2021-06-01"))) == 3


def test_themas_and_organisaties_by_slug(api, wereld):
    assert api.get("/api/v1/themas/veiligheid/").json()["naam"] == "Veiligheid"
    assert namen(api.get("/api/v1/organisaties/?kernpartner=true"), "slug") == [
        "actium",
        "vaart-welzijn",
    ]


def test_prioriteiten_carry_their_indicators_and_measurements(api, wereld):
    prio = Prioriteit.objects.get(titel="Prioriteit a-0")
    data = api.get(f"/api/v1/prioriteiten/{prio.pk}/").json()
    assert data["wijk"] == "lariks"
    assert data["themas"] == ["ontmoeten", "veiligheid"]
    [indicator] = data["indicatoren"]
    assert indicator["nulmeting"] == "30.00"
    assert [(m["jaar"], m["waarde"]) for m in indicator["metingen"]] == [
        (2020, "29.00"),
        (2021, "27.50"),
    ]
    assert namen(api.get("/api/v1/prioriteiten/?jaar=2020"), "titel") == ["Prioriteit b-0"]
    assert len(resultaten(api.get("/api/v1/prioriteiten/?thema=veiligheid"))) == 2


def test_a_priority_counts_as_changed_when_a_measurement_changed(api, wereld):
    oud = timezone.now() - datetime.timedelta(days=10)
    Prioriteit.objects.update(gewijzigd_op=oud)
    Indicator.objects.update(gewijzigd_op=oud)
    Meting.objects.update(gewijzigd_op=oud)
    meting = Meting.objects.filter(indicator__prioriteit__titel="Prioriteit a-1").first()
    meting.waarde = 25
    meting.save()
    sinds = (oud + datetime.timedelta(days=1)).isoformat()
    response = api.get("/api/v1/prioriteiten/", {"gewijzigd_sinds": sinds})
    assert namen(response, "titel") == ["Prioriteit a-1"]


def test_fysieke_projecten_filter_by_owner_status_and_year(api, wereld):
    assert namen(api.get("/api/v1/fysieke-projecten/?organisatie=vaart-welzijn")) == ["Sloop b-0"]
    assert len(resultaten(api.get("/api/v1/fysieke-projecten/?status=voorbereiding"))) == 3
    FysiekProject.objects.filter(naam="Sloop b-0").update(eind=datetime.date(2020, 12, 1))
    assert "Sloop b-0" not in namen(api.get("/api/v1/fysieke-projecten/?jaar=2021"))
    assert namen(api.get("/api/v1/fysieke-projecten/?jaar=2019")) == []


def test_bewonersinitiatieven_without_the_initiatiefnemer(api, wereld):
    ini = Bewonersinitiatief.objects.get(titel="Moestuin a-0")
    data = api.get(f"/api/v1/bewonersinitiatieven/{ini.pk}/").json()
    assert data["gevraagde_ondersteuning"] == ["geld"]
    assert data["gevraagd_bedrag"] == "500.00"
    assert not [k for k in data if k.startswith("initiatiefnemer")]
    assert namen(api.get("/api/v1/bewonersinitiatieven/?jaar=2020"), "titel") == ["Moestuin b-0"]
    assert len(resultaten(api.get("/api/v1/bewonersinitiatieven/?status=aangevraagd"))) == 3
    assert resultaten(api.get("/api/v1/bewonersinitiatieven/?status=gerealiseerd")) == []


def test_activiteiten_with_key_figures_and_filters(api, wereld):
    [act] = resultaten(api.get("/api/v1/activiteiten/?wijk=peelo"))
    assert act["kerncijfers"] == [{"aantal": 400, "omschrijving": "bekers soep", "circa": False}]
    assert act["organisatoren"] == ["actium", "vaart-welzijn"]
    assert act["status"] == "gehouden"
    assert len(resultaten(api.get("/api/v1/activiteiten/?jaar=2021&thema=veiligheid"))) == 2
    assert resultaten(api.get("/api/v1/activiteiten/?stedelijk=true")) == []
    assert len(resultaten(api.get("/api/v1/activiteiten/?organisatie=actium"))) == 3
    assert len(resultaten(api.get(f"/api/v1/activiteiten/?initiatief={act['initiatief']}"))) == 1


def test_only_published_examples_and_reports(api, wereld):
    titels = namen(api.get("/api/v1/voorbeelden/"), "titel")
    assert titels == ["Voorbeeld a-0", "Voorbeeld a-1", "Voorbeeld b-0"]
    geheim = Voorbeeld.objects.get(titel="Nog niet gepubliceerd")
    assert api.get(f"/api/v1/voorbeelden/{geheim.pk}/").status_code == 404

    rapporten = resultaten(api.get("/api/v1/jaarrapportages/"))
    assert [r["jaar"] for r in rapporten] == [2021, 2020]
    assert api.get("/api/v1/jaarrapportages/2022/").status_code == 404
    r2021 = api.get("/api/v1/jaarrapportages/2021/").json()
    assert r2021["pdf"] == "http://testserver/api/v1/jaarrapportages/2021/pdf/"
    voorbeelden = Voorbeeld.objects.filter(titel__in=["Voorbeeld a-0", "Voorbeeld a-1"])
    assert r2021["voorbeelden"] == sorted(v.pk for v in voorbeelden)
    assert [h["sleutel"] for h in r2021["hoofdstukken"]] == ["doorontwikkeling"]
    assert "gepubliceerde_html" not in r2021


def test_a_report_that_goes_back_to_concept_leaves_the_api(api, wereld):
    Jaarrapportage.objects.filter(jaar=2020).update(status="concept")
    assert [r["jaar"] for r in resultaten(api.get("/api/v1/jaarrapportages/"))] == [2021]
    assert "Voorbeeld b-0" not in namen(api.get("/api/v1/voorbeelden/"), "titel")


def test_buurt_ids_link_to_the_buurten_endpoint(api, wereld):
    for buurt in Buurt.objects.all():
        assert api.get(f"/api/v1/buurten/{buurt.pk}/").json()["slug"] == buurt.slug
