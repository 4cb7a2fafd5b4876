"""Contact moments in the staff app: logging, the rights matrix, follow-ups, the list, exports."""

import csv
import datetime
import io
import re

import pytest
import yaml
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from activiteiten.models import Contactmoment
from mba.models import Export, Organisatie
from mba.tests import webfabriek as f

NIEUW = "/contactmomenten/nieuw/"
LIJST = "/contactmomenten/"
DOEL = "Controle van de gegevens"  # an export with notes asks for its purpose


def als(client, user):
    client.force_login(user)
    return client


def invoer(wijk, **extra):
    data = {
        "formtoken": f.formtoken(),
        "datum": "2021-06-15",
        "wijk": wijk.pk,
        "kanaal": "bic",
        "aanleiding": "vraag_bewoner",
        "soort": "individueel",
        "bewoners_bereikt": "1",
    }
    data.update(extra)
    return data


@pytest.fixture
def contact_a(medewerker_a, wijk_a):
    return f.contact(medewerker_a, wijk_a, notitie="Zorgen over eenzaamheid in de flat.")


@pytest.fixture
def contact_b(medewerker_b, wijk_b):
    return f.contact(medewerker_b, wijk_b)


# --- the rights matrix ------------------------------------------------------------------------


def test_it_sends_anonymous_users_to_the_login_page(client, contact_a):
    for url in (LIJST, NIEUW, f"/contactmomenten/{contact_a.pk}/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/inloggen/?next=")


@pytest.mark.parametrize(
    "persona, lijst, eigen_wijk, andere_wijk, nieuw",
    [
        ("coordinator", 200, 200, 200, 200),
        ("medewerker_a", 200, 200, 404, 200),
        ("medewerker_b", 200, 404, 200, 200),
        ("stuurgroep", 404, 404, 404, 403),
    ],
)
def test_it_shows_contact_moments_only_to_the_team_of_their_wijk(
    client, request, contact_a, contact_b, persona, lijst, eigen_wijk, andere_wijk, nieuw
):
    als(client, request.getfixturevalue(persona))
    assert client.get(LIJST).status_code == lijst
    assert client.get(f"/contactmomenten/{contact_a.pk}/").status_code == eigen_wijk
    assert client.get(f"/contactmomenten/{contact_b.pk}/").status_code == andere_wijk
    assert client.get(NIEUW).status_code == nieuw


def test_a_medewerker_sees_contact_moments_of_every_organisation_in_their_teams_wijk(
    client, medewerker_a, wijk_a, gemeente, stuurgroep
):
    from mba.tests.test_views_helpers import maak_medewerker_in

    collega = maak_medewerker_in("collega-gemeente", gemeente, wijk_a)
    van_collega = f.contact(collega, wijk_a)
    response = als(client, medewerker_a).get(f"/contactmomenten/{van_collega.pk}/")
    assert response.status_code == 200
    assert "Gemeente Assen" in response.text


def test_a_medewerker_sees_their_own_contact_moments_in_another_wijk(
    client, medewerker_a, wijk_b, contact_b
):
    eigen_elders = f.contact(medewerker_a, wijk_b)
    als(client, medewerker_a)
    assert client.get(f"/contactmomenten/{eigen_elders.pk}/").status_code == 200
    assert client.get(f"/contactmomenten/{eigen_elders.pk}/bewerken/").status_code == 200
    ids = [c.pk for c in client.get(LIJST).context["pagina"].object_list]
    assert eigen_elders.pk in ids and contact_b.pk not in ids


def test_the_list_holds_only_what_the_user_may_see(client, medewerker_a, contact_a, contact_b):
    ids = [c.pk for c in als(client, medewerker_a).get(LIJST).context["pagina"].object_list]
    assert ids == [contact_a.pk]


def test_it_refuses_editing_another_teams_contact_moment_as_not_found(
    client, medewerker_a, contact_b
):
    als(client, medewerker_a)
    assert client.get(f"/contactmomenten/{contact_b.pk}/bewerken/").status_code == 404
    response = client.post(f"/contactmomenten/{contact_b.pk}/vervolg-afronden/")
    assert response.status_code == 404


def test_the_coordinator_may_edit_every_contact_moment(client, coordinator, contact_b, wijk_b):
    response = als(client, coordinator).post(
        f"/contactmomenten/{contact_b.pk}/bewerken/", invoer(wijk_b, kanaal="telefoon")
    )
    assert response.status_code == 302
    contact_b.refresh_from_db()
    assert contact_b.kanaal == "telefoon"
    assert contact_b.organisatie.naam == "Vaart Welzijn"  # stays the logging organisation


# --- logging ------------------------------------------------------------------------------------


def test_the_form_defaults_to_today_my_wijk_and_my_last_channel(
    client, medewerker_a, wijk_a, wijk_b, time_machine
):
    time_machine.move_to(datetime.datetime(2021, 6, 15, 10, 0))
    f.contact(medewerker_a, wijk_a, kanaal="straat", aanleiding="activiteit")
    form = als(client, medewerker_a).get(NIEUW).context["form"]
    assert form.initial["datum"] == datetime.date(2021, 6, 15)
    assert form.initial["wijk"] == wijk_a.pk
    assert form.initial["kanaal"] == "straat"
    assert form.initial["aanleiding"] == "activiteit"


def test_it_logs_a_contact_moment_for_the_user_and_their_organisation(
    client, medewerker_a, wijk_a, thema, time_machine
):
    time_machine.move_to(datetime.datetime(2021, 6, 15, 10, 0))
    eenzaam = f.signaal()
    response = als(client, medewerker_a).post(
        NIEUW, invoer(wijk_a, themas=[thema.pk], signalen=[eenzaam.pk])
    )
    contact = Contactmoment.objects.get()
    assert response["Location"] == f"/contactmomenten/{contact.pk}/"
    assert contact.medewerker == medewerker_a
    assert contact.organisatie == medewerker_a.organisatie
    assert list(contact.themas.all()) == [thema]
    assert list(contact.signalen.all()) == [eenzaam]


def test_opslaan_en_nog_een_returns_to_an_empty_form(client, medewerker_a, wijk_a, time_machine):
    time_machine.move_to(datetime.datetime(2021, 6, 15, 10, 0))
    response = als(client, medewerker_a).post(NIEUW, invoer(wijk_a, nog_een="1"), follow=True)
    assert response.redirect_chain == [(NIEUW, 302)]
    assert "is opgeslagen" in response.text
    assert response.context["form"].initial["kanaal"] == "bic"  # my last channel
    assert Contactmoment.objects.count() == 1


def test_a_double_submit_creates_one_contact_moment(client, medewerker_a, wijk_a, time_machine):
    time_machine.move_to(datetime.datetime(2021, 6, 15, 10, 0))
    data = invoer(wijk_a)
    als(client, medewerker_a)
    eerste = client.post(NIEUW, data)
    tweede = client.post(NIEUW, data, follow=True)
    assert Contactmoment.objects.count() == 1
    assert tweede.redirect_chain[0][0] == eerste["Location"]
    assert "al opgeslagen" in tweede.text


@pytest.mark.parametrize(
    "veld, waarde, melding",
    [
        ("datum", "2031-01-01", "meer dan een jaar vooruit"),
        ("datum", "2001-01-01", "controleer het jaar"),
        ("datum", "31-31-2021", "Vul een geldige datum in"),
        ("bewoners_bereikt", "-3", "minstens één bewoner"),
        ("bewoners_bereikt", "0", "minstens één bewoner"),
        ("notitie", "Bel terug op 06-12345678", "telefoonnummer"),
        ("kanaal", "", "Dit veld is vereist"),
    ],
)
def test_it_refuses_bad_input_with_a_dutch_message_and_keeps_what_was_typed(
    client, medewerker_a, wijk_a, thema, time_machine, veld, waarde, melding
):
    time_machine.move_to(datetime.datetime(2021, 6, 15, 10, 0))
    data = invoer(wijk_a, themas=[thema.pk], notitie="Gesprek over de speeltuin")
    data[veld] = waarde
    response = als(client, medewerker_a).post(NIEUW, data)
    assert response.status_code == 200
    assert not Contactmoment.objects.exists()
    form = response.context["form"]
    assert melding in " ".join(form.errors[veld])
    assert f'id="id_{veld}_error"' in response.text
    # nothing typed is lost
    assert re.search(rf'name="themas" value="{thema.pk}"[^>]* checked', response.text)
    if veld != "notitie":
        assert "Gesprek over de speeltuin" in response.text
    assert data["formtoken"] in response.text


# --- follow-ups ---------------------------------------------------------------------------------


def test_a_referral_opens_a_follow_up_on_my_home_page_until_it_is_closed(
    client, medewerker_a, wijk_a, vaart, time_machine
):
    time_machine.move_to(datetime.datetime(2021, 6, 15, 10, 0))
    als(client, medewerker_a)
    client.post(NIEUW, invoer(wijk_a, doorverwezen_naar=vaart.pk))
    contact = Contactmoment.objects.get()
    assert contact.vervolg_nodig and contact.vervolg_afgerond_op is None

    home = client.get("/")
    assert [c.pk for c in home.context["vervolgen"]] == [contact.pk]
    assert "Doorverwezen naar Vaart Welzijn" in home.text

    response = client.post(
        f"/contactmomenten/{contact.pk}/vervolg-afronden/", {"volgende": "/"}, follow=True
    )
    assert response.redirect_chain == [("/", 302)]
    contact.refresh_from_db()
    assert contact.vervolg_afgerond_op == datetime.date(2021, 6, 15)
    assert response.context["vervolgen"] == []


def test_the_list_filters_open_follow_ups(client, medewerker_a, wijk_a, vaart):
    open_ = f.contact(medewerker_a, wijk_a, doorverwezen_naar=vaart, vervolg_nodig=True)
    f.contact(medewerker_a, wijk_a)
    response = als(client, medewerker_a).get(LIJST, {"vervolg": "open"})
    assert [c.pk for c in response.context["pagina"].object_list] == [open_.pk]


def test_stuurgroep_cannot_close_a_follow_up(client, stuurgroep, medewerker_a, wijk_a, vaart):
    c = f.contact(medewerker_a, wijk_a, doorverwezen_naar=vaart, vervolg_nodig=True)
    assert (
        als(client, stuurgroep).post(f"/contactmomenten/{c.pk}/vervolg-afronden/").status_code
        == 404
    )


# --- the list -----------------------------------------------------------------------------------


def test_the_list_filters_by_wijk_period_theme_signal_channel_and_organisation(
    client, coordinator, medewerker_a, medewerker_b, wijk_a, wijk_b, thema, actium
):
    eenzaam = f.signaal()
    raak = f.contact(
        medewerker_a,
        wijk_a,
        datum=datetime.date(2021, 4, 1),
        kanaal="bic",
        themas=[thema],
        signalen=[eenzaam],
    )
    f.contact(medewerker_a, wijk_a, datum=datetime.date(2020, 4, 1), themas=[thema])
    f.contact(medewerker_b, wijk_b, datum=datetime.date(2021, 4, 1), signalen=[eenzaam])
    f.contact(medewerker_a, wijk_a, datum=datetime.date(2021, 4, 2), kanaal="straat")
    als(client, coordinator)
    filters = {
        "wijk": wijk_a.slug,
        "datum_van": "2021-01-01",
        "datum_tot": "2021-12-31",
        "thema": thema.slug,
        "signaal": eenzaam.slug,
        "kanaal": "bic",
        "organisatie": actium.slug,
    }
    for naam in filters:
        response = client.get(LIJST, {k: v for k, v in filters.items() if k != naam})
        assert [c.pk for c in response.context["pagina"].object_list] == [raak.pk], naam
    # A contact is logged for a core partner: the page offers only those; a referral goes anywhere.
    ggd = Organisatie.objects.create(naam="GGD Drenthe", slug="ggd-drenthe", soort="zorg")
    form = response.context["filter"].form
    assert ggd not in form.fields["organisatie"].queryset
    assert ggd in form.fields["doorverwezen_naar"].queryset


def test_the_list_sorts_and_pages(client, coordinator, medewerker_a, wijk_a):
    for dag in range(1, 31):
        f.contact(medewerker_a, wijk_a, datum=datetime.date(2021, 4, dag))
    als(client, coordinator)
    eerste = client.get(LIJST, {"sortering": "datum"}).context["pagina"]
    assert eerste.has_next and len(eerste.object_list) == 25
    assert eerste.object_list[0].datum == datetime.date(2021, 4, 1)
    tweede = client.get(LIJST, {"sortering": "datum", "pagina": 2}).context["pagina"]
    assert [c.datum.day for c in tweede.object_list] == [26, 27, 28, 29, 30]


def test_the_filters_answer_htmx_with_the_results(client, coordinator, contact_a):
    response = als(client, coordinator).get(LIJST, HTTP_HX_REQUEST="true")
    assert response.context["alleen_resultaten"] is True
    assert 'id="resultaten"' in response.text
    assert "Filteren en sorteren" not in response.text


def test_the_list_neither_counts_every_contact_nor_runs_more_queries_for_more_rows(
    client, medewerker_a, wijk_a, thema, django_assert_num_queries
):
    """session, user with its roles, team wijken, the page (one row more than it shows, no
    joins), the names its rows show (wijken, buurten, organisaties, themes, signals), the filter
    form's six choice lists (wijken, buurten, thema's, signalen, organisaties twice), and the
    audit row (one INSERT, however many rows the page shows). The names and choice lists are
    read once per change of the programme with a shared cache
    (rapportage/tests/test_paginaqueries.py); here, without one, on every request. No COUNT:
    a medewerker who sees a million contacts waits as long as one who sees five."""
    eenzaam = f.signaal()
    als(client, medewerker_a).get(LIJST)  # the first request marks the session as active
    f.contacten(5, medewerker_a, wijk_a, themas=[thema], signalen=[eenzaam])
    # the bell of notifications in the header comes with the user (mba.auth): no query of its own
    with django_assert_num_queries(16) as weinig:
        vijf = client.get(LIJST)
    f.contacten(25, medewerker_a, wijk_a, themas=[thema], signalen=[eenzaam])
    with django_assert_num_queries(16) as veel:
        dertig = client.get(LIJST)
    sql = [q["sql"].upper() for q in weinig.captured_queries + veel.captured_queries]
    # (the user's own query counts its unread notifications, at most 100: the bell)
    assert not [q for q in sql if "COUNT(" in q and "ACTIVITEITEN_CONTACTMOMENT" in q]
    assert "5 contactmomenten" in vijf.text
    assert "Contactmomenten 1–25, er zijn er meer" in dertig.text
    assert 'rel="next"' in dertig.text


def test_the_last_page_says_how_many_there_are_and_links_back(client, medewerker_a, wijk_a):
    f.contacten(30, medewerker_a, wijk_a)
    response = als(client, medewerker_a).get(LIJST, {"pagina": 2})
    assert len(response.context["pagina"].object_list) == 5
    assert "Contactmomenten 26–30 van 30" in response.text
    assert 'rel="prev"' in response.text and 'rel="next"' not in response.text
    for nonsens in ("twee", "-1", "99999999999999999999999"):
        assert als(client, medewerker_a).get(LIJST, {"pagina": nonsens}).status_code == 200


def test_a_filter_value_that_does_not_parse_is_the_forms_error(client, medewerker_a, contact_a):
    response = als(client, medewerker_a).get(
        LIJST, {"datum_van": "gisteren", "wijk": "atlantis", "activiteit": "abc"}
    )
    assert response.status_code == 200
    fouten = response.context["filter"].errors
    assert set(fouten) == {"datum_van", "wijk", "activiteit"}
    assert "Voer een geldige datum in." in response.text
    assert "Selecteer een geldige keuze" in response.text


def test_the_page_takes_the_apis_parameters_and_keeps_them_in_its_form(
    client, medewerker_a, wijk_a
):
    """A link with a parameter the form does not show (the contacts of one activity) filters,
    and the form carries it along when the user filters further."""
    bij_activiteit = f.contact(medewerker_a, wijk_a, activiteit=f.activiteit(wijk_a))
    f.contact(medewerker_a, wijk_a)
    response = als(client, medewerker_a).get(LIJST, {"activiteit": bij_activiteit.activiteit_id})
    assert [c.pk for c in response.context["pagina"].object_list] == [bij_activiteit.pk]
    assert (
        f'<input type="hidden" name="activiteit" value="{bij_activiteit.activiteit_id}"'
        in response.text
    )
    assert 'name="gewijzigd_sinds"' not in response.text  # no value, not in the page


# --- exports ------------------------------------------------------------------------------------


def lees_csv(response):
    tekst = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(tekst), delimiter=";"))


def test_the_csv_export_holds_exactly_the_filtered_rows(
    client, medewerker_a, wijk_a, contact_b, thema
):
    raak = f.contacten(3, medewerker_a, wijk_a, kanaal="bic", themas=[thema])
    f.contact(medewerker_a, wijk_a, kanaal="straat")
    for i in range(30):  # more than a page: the export is not the page
        f.contact(medewerker_a, wijk_a, kanaal="bic", datum=datetime.date(2021, 1, 1 + i))
    als(client, medewerker_a)
    response = client.get(LIJST, {"kanaal": "bic", "export": "csv", "datum_van": "2021-05-01"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rijen = lees_csv(response)
    kop = rijen[0]
    assert {int(r[0]) for r in rijen[1:]} == {c.pk for c in raak}
    rij = dict(zip(kop, rijen[1], strict=True))
    assert rij["wijk"] == "Lariks" and rij["kanaal"] == "In het BIC"
    assert rij["themas"] == "Ontmoeten"
    assert "notitie" not in kop and "medewerker" not in kop  # personal data: coordinator only


def test_the_export_is_the_api_row_readable_plus_the_personal_data(client, coordinator, contact_a):
    # The export writes the API's row (one definition, ContactmomentSerializer): the same
    # columns, with names and labels where the API gives slugs and codes; then the personal data
    # that only the export holds, under their own names.
    rijen = lees_csv(als(client, coordinator).get(LIJST, {"export": "csv", "doel": DOEL}))
    via_api = client.get(f"/api/v1/contactmomenten/{contact_a.pk}/").json()
    del via_api["datum_precisie"]  # always "dag" for staff
    assert rijen[0] == [veld.replace("_", " ") for veld in via_api] + ["medewerker", "notitie"]
    rij = dict(zip(rijen[0], rijen[1], strict=True))
    assert (via_api["wijk"], rij["wijk"]) == ("lariks", "Lariks")
    assert (via_api["kanaal"], rij["kanaal"]) == (contact_a.kanaal, contact_a.get_kanaal_display())
    assert rij["datum"] == via_api["datum"] and rij["id"] == str(via_api["id"])


def test_only_the_coordinator_exports_notes_and_staff_names(client, coordinator, contact_a):
    rijen = lees_csv(als(client, coordinator).get(LIJST, {"export": "csv", "doel": DOEL}))
    rij = dict(zip(rijen[0], rijen[1], strict=True))
    assert rij["notitie"] == "Zorgen over eenzaamheid in de flat."
    assert rij["medewerker"] == "medewerker-a"


def test_the_xlsx_export_holds_the_same_rows(client, medewerker_a, contact_a, contact_b):
    response = als(client, medewerker_a).get(LIJST, {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    blad = load_workbook(io.BytesIO(response.content)).active
    rijen = list(blad.iter_rows(values_only=True))
    assert rijen[0][:3] == ("id", "datum", "wijk")
    assert [r[0] for r in rijen[1:]] == [contact_a.pk]
    assert rijen[1][2] == "Lariks"


def test_every_export_is_logged_with_user_list_filters_and_row_count(
    client, medewerker_a, contact_a
):
    als(client, medewerker_a).get(LIJST, {"export": "csv", "kanaal": "aan_de_deur"})
    log = Export.objects.get()
    assert log.medewerker == medewerker_a
    assert log.lijst == "contactmomenten"
    assert log.formaat == "csv"
    assert log.filters == {"kanaal": "aan_de_deur"}
    assert log.aantal_rijen == 1
    assert log.met_persoonsgegevens is False


def test_stuurgroep_cannot_export_contact_moments(client, stuurgroep, contact_a):
    assert als(client, stuurgroep).get(LIJST, {"export": "csv"}).status_code == 404
    assert not Export.objects.exists()


def test_a_formula_in_a_cell_is_neutralised(client, coordinator, medewerker_a, wijk_a):
    f.contact(medewerker_a, wijk_a, notitie="=HYPERLINK(1)")
    rijen = lees_csv(als(client, coordinator).get(LIJST, {"export": "csv", "doel": DOEL}))
    assert rijen[1][-1] == "'=HYPERLINK(1)"


def test_the_detail_page_shows_the_contact(client, medewerker_a, contact_a):
    response = als(client, medewerker_a).get(
        reverse("activiteiten:contactmoment", args=[contact_a.pk])
    )
    assert "Zorgen over eenzaamheid in de flat." in response.text
    assert "Wijzigen" in response.text


# --- one FilterSet for the page, its export and the API ------------------------------------------


def test_the_page_its_export_and_the_api_answer_the_same_question_alike(
    client, coordinator, medewerker_a, medewerker_b, wijk_a, wijk_b, thema
):
    raak = f.contacten(
        2, medewerker_a, wijk_a, datum=datetime.date(2021, 4, 1), kanaal="bic", themas=[thema]
    )
    f.contact(medewerker_a, wijk_a, datum=datetime.date(2021, 3, 1), kanaal="bic", themas=[thema])
    f.contact(medewerker_a, wijk_a, datum=datetime.date(2021, 4, 1), kanaal="straat")
    f.contact(medewerker_b, wijk_b, datum=datetime.date(2021, 4, 1), kanaal="bic", themas=[thema])
    vraag = {"wijk": wijk_a.slug, "thema": thema.slug, "datum_van": "2021-04-01", "kanaal": "bic"}
    als(client, coordinator)
    pagina = {c.pk for c in client.get(LIJST, vraag).context["pagina"].object_list}
    export = lees_csv(client.get(LIJST, {**vraag, "export": "csv", "doel": DOEL}))
    api = client.get("/api/v1/contactmomenten/", vraag).json()["resultaten"]
    verwacht = {c.pk for c in raak}
    assert pagina == verwacht
    assert {int(r[0]) for r in export[1:]} == verwacht
    assert {r["id"] for r in api} == verwacht


def test_partners_get_no_filter_per_medewerker_and_no_page_only_filters():
    schema = yaml.safe_load((settings.BASE_DIR / "docs" / "openapi.yaml").read_text())
    namen = {p["name"] for p in schema["paths"]["/api/v1/contactmomenten/"]["get"]["parameters"]}
    assert {"wijk", "thema", "signaal", "datum_van", "datum_tot", "vervolg_nodig"} <= namen
    assert not namen & {"mijn", "medewerker", "vervolg"}


def test_a_row_names_the_wijk_buurt_organisation_and_referral_and_a_renamed_wijk_at_once(
    client, settings, medewerker_a, wijk_a, buurt_a, vaart, thema
):
    """The list reads its rows without joins and the names from memory, kept until the
    programme changes (docs/adr/0010): a wijk renamed in the admin has its new name on the next
    page. Each row links to the contact's page."""
    from django.core.cache import cache

    settings.MBA_VERSIECACHE = True
    cache.clear()
    contact = f.contact(
        medewerker_a,
        wijk_a,
        buurt=buurt_a,
        doorverwezen_naar=vaart,
        vervolg_nodig=True,
        themas=[thema],
        signalen=[f.signaal()],
    )
    rij = re.search(r"<tbody>.*</tbody>", als(client, medewerker_a).get(LIJST).text, re.S)[0]
    assert f'<a href="{reverse("activiteiten:contactmoment", args=[contact.pk])}">' in rij
    assert '<td data-kop="Wijk">Lariks, Molukse wijk</td>' in rij
    assert '<span class="label">Actium</span>' in rij
    assert "<strong>Open</strong> (Vaart Welzijn)" in rij
    assert 'Ontmoeten<br><span class="signaal">Eenzaamheid</span>' in rij

    wijk_a.naam = "Lariks-Oost"
    wijk_a.save()
    assert "Lariks-Oost, Molukse wijk" in client.get(LIJST).text
    cache.clear()
