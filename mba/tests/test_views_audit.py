"""/audit/: the coordinator searches the audit trail and exports it; nobody else sees it."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mba.models import ApiSleutel, Auditregel, Export
from mba.tests import webfabriek as f

AUDIT = "/audit/"
DOEL = "Onderzoek naar een klacht of incident"


def als(client, user):
    client.force_login(user)
    return client


def moment(dag, uur=12):
    return timezone.make_aware(datetime.datetime(2021, 6, dag, uur, 0))


def rij(**velden):
    velden.setdefault("actie", Auditregel.Actie.BEKEKEN)
    velden.setdefault("herkomst", Auditregel.Herkomst.PAGINA)
    return Auditregel.objects.create(**velden)


@pytest.fixture
def spoor(medewerker_a, medewerker_b, actium, vaart):
    """A small trail: a medewerker of Actium reads a contact moment, one of Vaart Welzijn is
    refused another's, a partner system reads the API, someone fails to log in."""
    sleutel, _ = ApiSleutel.maak(actium, "Datawarehouse Actium")
    return {
        "gezien": rij(
            tijdstip=moment(1),
            actor=medewerker_a,
            actor_naam="medewerker-a",
            organisatie=actium,
            objecttype="activiteiten.contactmoment",
            object_id="17",
        ),
        "geweigerd": rij(
            tijdstip=moment(2),
            actor=medewerker_b,
            actor_naam="medewerker-b",
            organisatie=vaart,
            actie=Auditregel.Actie.GEWEIGERD,
            resultaat=Auditregel.Resultaat.GEWEIGERD,
            objecttype="activiteiten.contactmoment",
            object_id="17",
        ),
        "api": rij(
            tijdstip=moment(3),
            api_sleutel=sleutel,
            organisatie=actium,
            herkomst=Auditregel.Herkomst.API,
            objecttype="activiteiten.contactmoment",
            aantal=100,
        ),
        "inloggen": rij(
            tijdstip=moment(4, 23),  # late in the evening, Dutch time: still the 4th
            actor_naam="wie-ben-ik",
            actie=Auditregel.Actie.INLOGGEN_MISLUKT,
            resultaat=Auditregel.Resultaat.GEWEIGERD,
            herkomst=Auditregel.Herkomst.INLOGGEN,
        ),
    }


def gevonden(client, **filters):
    return list(client.get(AUDIT, filters).context["pagina"].object_list)


@pytest.mark.parametrize("persona", ["medewerker_a", "stuurgroep"])
def test_only_the_coordinator_sees_the_audit_and_an_attempt_is_itself_recorded(
    client, request, persona, spoor
):
    user = request.getfixturevalue(persona)
    als(client, user)
    assert client.get(AUDIT).status_code == 403
    assert client.get(AUDIT, {"export": "csv", "doel": DOEL}).status_code == 403
    assert not Export.objects.exists()
    assert Auditregel.objects.filter(actor=user, resultaat="geweigerd", pad=AUDIT).count() == 2
    assert "/audit/" not in client.get("/").text  # not in the menu


def test_anonymous_users_are_sent_to_the_login_page(client):
    assert client.get(AUDIT)["Location"].startswith("/inloggen/")


def test_the_coordinator_sees_who_did_what_newest_first(client, coordinator, spoor):
    response = als(client, coordinator).get(AUDIT)
    assert gevonden(client) == [spoor[k] for k in ("inloggen", "api", "geweigerd", "gezien")]
    tekst = response.text
    assert "medewerker-b" in tekst and "Datawarehouse Actium" in tekst and "wie-ben-ik" in tekst
    assert "Contactmoment 17" in tekst
    assert 'href="/audit/"' in tekst  # in the coordinator's menu


def test_the_coordinator_searches_by_actor_organisation_action_record_result_and_dates(
    client, coordinator, spoor, vaart, actium
):
    als(client, coordinator)
    assert gevonden(client, wie="medewerker-b") == [spoor["geweigerd"]]
    assert gevonden(client, wie="datawarehouse") == [spoor["api"]]
    assert gevonden(client, organisatie=vaart.pk) == [spoor["geweigerd"]]
    assert gevonden(client, actie="inloggen_mislukt") == [spoor["inloggen"]]
    assert gevonden(client, objecttype="activiteiten.contactmoment", object_id="17") == [
        spoor["geweigerd"],
        spoor["gezien"],
    ]
    assert gevonden(client, resultaat="geweigerd") == [spoor["inloggen"], spoor["geweigerd"]]
    assert gevonden(client, herkomst="api", organisatie=actium.pk) == [spoor["api"]]
    assert gevonden(client, van="2021-06-02", tot="2021-06-04") == [
        spoor["inloggen"],
        spoor["api"],
        spoor["geweigerd"],
    ]


def test_a_bad_date_is_a_dutch_message_not_an_error(client, coordinator, spoor):
    response = als(client, coordinator).get(AUDIT, {"van": "gisteren"})
    assert response.status_code == 200
    assert "Voer een geldige datum in" in response.text


def test_the_export_asks_for_its_purpose_and_is_itself_recorded(client, coordinator, spoor):
    als(client, coordinator)
    assert client.get(AUDIT, {"export": "csv", "wie": "medewerker"}).status_code == 400
    assert not Auditregel.objects.filter(actie="geexporteerd").exists()

    response = client.get(AUDIT, {"export": "csv", "wie": "medewerker", "doel": DOEL})
    assert response["Content-Type"].startswith("text/csv")
    rijen = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    kop = rijen[0]
    gelezen = [dict(zip(kop, r, strict=True)) for r in rijen[1:]]
    assert [(r["medewerker"], r["resultaat"]) for r in gelezen] == [
        ("medewerker-b", "Geweigerd"),
        ("medewerker-a", "Toegestaan"),
    ]
    assert gelezen[1]["tijdstip"] == "2021-06-01 12:00:00"  # Dutch time
    assert gelezen[1]["organisatie"] == "Actium" and gelezen[1]["id"] == "17"

    export = Auditregel.objects.get(actie="geexporteerd")
    assert (export.actor, export.objecttype, export.aantal, export.doel, export.herkomst) == (
        coordinator,
        "mba.auditregel",
        2,
        DOEL,
        "export",
    )
    assert Export.objects.get().lijst == "audit"


def test_the_audit_runs_the_same_queries_for_few_or_many_rows(
    client, coordinator, spoor, actium, django_assert_num_queries
):
    """session, user with its roles, the closed series of refusals (mba.audit.reeksen_afsluiten),
    the page (with organisation and key; no COUNT of the whole trail), and the filter form's
    organisations. Looking at the audit writes no row of its own."""
    als(client, coordinator).get(AUDIT)  # the first request marks the session as active
    with CaptureQueriesContext(connection) as weinig:
        client.get(AUDIT)
    sleutel, _ = ApiSleutel.maak(actium, "Tweede koppeling")
    for i in range(40):
        rij(actor_naam=f"medewerker-{i}", organisatie=actium, api_sleutel=sleutel)
    with django_assert_num_queries(len(weinig.captured_queries)):
        client.get(AUDIT)
    assert len(weinig.captured_queries) == 5  # the bell comes with the user (mba.auth)
    assert not Auditregel.objects.filter(actor=coordinator).exists()


def test_the_export_form_works_without_scripts_and_keeps_the_filters(client, coordinator, spoor):
    tekst = als(client, coordinator).get(AUDIT, {"resultaat": "geweigerd"}).text
    assert '<form method="get" action="/audit/" class="export export--doel"' in tekst
    assert '<input type="hidden" name="resultaat" value="geweigerd">' in tekst
    assert 'list="exportdoelen"' in tekst and '<datalist id="exportdoelen">' in tekst
    assert 'name="export" value="csv"' in tekst
    assert "style=" not in tekst.split("<main", 1)[1]  # no inline style (CSP)


def test_a_contact_moment_opened_shows_up_in_the_audit(client, coordinator, medewerker_a, wijk_a):
    contact = f.contact(medewerker_a, wijk_a)
    als(client, medewerker_a).get(f"/contactmomenten/{contact.pk}/")
    als(client, coordinator)
    gezien = gevonden(client, objecttype="activiteiten.contactmoment", object_id=str(contact.pk))
    assert [(r.actor, r.actie) for r in gezien] == [(medewerker_a, "bekeken")]
