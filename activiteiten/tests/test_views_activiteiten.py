"""Activities in the staff app: plan and record, in a wijk or city-wide, with key figures."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activiteiten.models import Activiteit
from mba.models import Export
from mba.tests import webfabriek as f


@pytest.fixture(autouse=True)
def juni_2021(time_machine):
    time_machine.move_to(datetime.datetime(2021, 6, 15, 10, 0))


def als(client, user):
    client.force_login(user)
    return client


def plan(wijk=None, **extra):
    data = {
        "formtoken": f.formtoken(),
        "naam": "Soep op de stoep",
        "wijk": wijk.pk if wijk else "",
        "start": "2021-07-03",
        "status": "gepland",
        "kerncijfers-TOTAL_FORMS": "2",
        "kerncijfers-INITIAL_FORMS": "0",
        "kerncijfers-MIN_NUM_FORMS": "0",
        "kerncijfers-MAX_NUM_FORMS": "1000",
        "kerncijfers-0-aantal": "400",
        "kerncijfers-0-omschrijving": "bekers soep",
        "kerncijfers-0-circa": "on",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize(
    "persona, eigen, ander, stedelijk, nieuw",
    [
        ("coordinator", 200, 200, 200, 200),
        ("medewerker_a", 200, 403, 200, 200),
        ("stuurgroep", 403, 403, 403, 403),
    ],
)
def test_everyone_reads_activities_and_the_wijks_team_changes_them(
    client, request, wijk_a, wijk_b, persona, eigen, ander, stedelijk, nieuw
):
    a, b, s = f.activiteit(wijk_a), f.activiteit(wijk_b), f.activiteit(None, naam="Superbuur")
    als(client, request.getfixturevalue(persona))
    assert client.get("/activiteiten/").status_code == 200
    assert client.get(f"/activiteiten/{b.pk}/").status_code == 200
    assert client.get(f"/activiteiten/{a.pk}/bewerken/").status_code == eigen
    assert client.get(f"/activiteiten/{b.pk}/bewerken/").status_code == ander
    assert client.get(f"/activiteiten/{s.pk}/bewerken/").status_code == stedelijk
    assert client.get("/activiteiten/nieuw/").status_code == nieuw


def test_anonymous_users_go_to_the_login_page(client):
    assert client.get("/activiteiten/")["Location"].startswith("/inloggen/")


def test_a_medewerker_plans_an_activity_with_key_figures_linked_to_an_initiative(
    client, medewerker_a, wijk_a, actium
):
    ini = f.initiatief(wijk_a, status="toegekend")
    response = als(client, medewerker_a).post(
        "/activiteiten/nieuw/", plan(wijk_a, initiatief=ini.pk, organisatoren=[actium.pk])
    )
    act = Activiteit.objects.get()
    assert response["Location"] == f"/activiteiten/{act.pk}/"
    assert act.initiatief == ini and list(act.organisatoren.all()) == [actium]
    assert [str(k) for k in act.kerncijfers.all()] == ["circa 400 bekers soep"]
    pagina = client.get(f"/activiteiten/{act.pk}/").text
    assert "circa 400 bekers soep" in pagina and ini.titel in pagina


def test_a_medewerker_records_the_result(client, medewerker_a, wijk_a):
    act = f.activiteit(wijk_a)
    als(client, medewerker_a).post(
        f"/activiteiten/{act.pk}/bewerken/",
        plan(wijk_a, status="gehouden", deelnemers="85", start="2021-06-01"),
    )
    act.refresh_from_db()
    assert (act.status, act.deelnemers) == ("gehouden", 85)


def test_a_medewerker_plans_a_city_wide_activity(client, medewerker_a):
    als(client, medewerker_a).post("/activiteiten/nieuw/", plan(None, naam="Superbuur"))
    assert Activiteit.objects.get().wijk is None


@pytest.mark.parametrize(
    "veld, waarde, melding",
    [
        ("start", "2035-01-01", "meer dan een jaar vooruit"),
        ("deelnemers", "-4", "minstens 0"),
        ("naam", "", "vereist"),
    ],
)
def test_bad_input_is_refused_at_the_field(client, medewerker_a, wijk_a, veld, waarde, melding):
    response = als(client, medewerker_a).post(
        "/activiteiten/nieuw/", plan(wijk_a, **{veld: waarde})
    )
    assert melding in " ".join(response.context["form"].errors[veld])
    assert not Activiteit.objects.exists()
    assert "bekers soep" in response.text  # the key figures typed are kept


def test_an_end_before_the_start_is_refused(client, medewerker_a, wijk_a):
    response = als(client, medewerker_a).post(
        "/activiteiten/nieuw/", plan(wijk_a, eind="2021-07-01")
    )
    assert "De einddatum ligt niet voor de startdatum." in response.text
    assert not Activiteit.objects.exists()


def test_a_double_submit_plans_one_activity(client, medewerker_a, wijk_a):
    data = plan(wijk_a)
    als(client, medewerker_a)
    client.post("/activiteiten/nieuw/", data)
    client.post("/activiteiten/nieuw/", data)
    assert Activiteit.objects.count() == 1


def test_the_list_filters_city_wide_activities_and_exports_them(client, stuurgroep, wijk_a):
    f.activiteit(wijk_a)
    s = f.activiteit(None, naam="Superbuur", deelnemers=300)
    als(client, stuurgroep)
    r = client.get("/activiteiten/", {"stedelijk": "true"})
    assert list(r.context["pagina"].object_list) == [s]
    export = client.get("/activiteiten/", {"stedelijk": "true", "export": "csv"})
    rijen = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    kop = rijen[0]
    rij = [dict(zip(kop, r, strict=True)) for r in rijen[1:]]
    assert [(r["naam"], r["wijk"], r["deelnemers"]) for r in rij] == [
        ("Superbuur", "Stedelijk", "300")
    ]
    assert Export.objects.get().aantal_rijen == 1


def test_the_list_filters_by_period_theme_status_and_organisation(
    client, coordinator, wijk_a, thema, vaart
):
    raak = f.activiteit(wijk_a, start=datetime.date(2021, 4, 1), status="gehouden")
    raak.themas.add(thema)
    raak.organisatoren.add(vaart)
    f.activiteit(wijk_a, start=datetime.date(2020, 4, 1), status="gehouden")
    filters = {
        "datum_van": "2021-01-01",
        "datum_tot": "2021-12-31",
        "thema": thema.slug,
        "status": "gehouden",
        "organisatie": vaart.slug,
    }
    r = als(client, coordinator).get("/activiteiten/", filters)
    assert list(r.context["pagina"].object_list) == [raak]


def test_the_list_runs_the_same_queries_for_few_or_many_rows(
    client, medewerker_a, wijk_a, thema, django_assert_num_queries
):
    als(client, medewerker_a).get("/activiteiten/")
    f.activiteit(wijk_a).themas.add(thema)
    with CaptureQueriesContext(connection) as weinig:
        client.get("/activiteiten/")
    for i in range(30):
        f.activiteit(wijk_a, naam=f"Activiteit {i}").themas.add(thema)
    with django_assert_num_queries(len(weinig.captured_queries)):
        client.get("/activiteiten/")
