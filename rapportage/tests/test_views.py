"""Who reads, edits and publishes the annual report."""

import pytest
from django.contrib.auth.models import Group

from mba.models import Medewerker, Organisatie
from rapportage.models import Jaarrapportage, Prioriteittoelichting, RapportVoorbeeld, Voorbeeld
from wijken.models import Prioriteit

pytestmark = pytest.mark.django_db


def persoon(rol, **extra):
    user = Medewerker.objects.create_user(
        rol, organisatie=Organisatie.objects.get(slug="actium"), **extra
    )
    user.groups.add(Group.objects.get(name=rol))
    return user


@pytest.fixture
def rapport(demo_2021):
    return Jaarrapportage.objects.get(jaar=2021)


@pytest.mark.parametrize(
    "rol, status",
    [("coordinator", 200), ("stuurgroep", 200), ("medewerker", 403), (None, 302)],
)
def test_the_report_is_for_the_coordinator_and_the_steering_group(client, rapport, rol, status):
    if rol:
        client.force_login(persoon(rol))
    response = client.get("/rapportage/2021/")
    assert response.status_code == status
    if status == 200:
        assert "2.9 Marsdijk" in response.content.decode()
        assert response["Cache-Control"] == "private, no-store"
    if rol is None:
        assert response.url.startswith("/inloggen/")


def test_an_unknown_year_is_a_404(client, rapport):
    client.force_login(persoon("stuurgroep"))
    assert client.get("/rapportage/2019/").status_code == 404


def test_only_the_coordinator_sees_the_edit_link(client, rapport):
    client.force_login(persoon("stuurgroep"))
    assert "Bewerken en publiceren" not in client.get("/rapportage/2021/").content.decode()
    client.force_login(persoon("coordinator"))
    assert "Bewerken en publiceren" in client.get("/rapportage/2021/").content.decode()


def test_the_steering_group_cannot_edit_or_publish(client, rapport):
    client.force_login(persoon("stuurgroep"))
    assert client.get("/rapportage/2021/bewerken/").status_code == 403
    assert client.post("/rapportage/2021/publiceren/").status_code == 403
    rapport.refresh_from_db()
    assert rapport.status == "concept"


def bewerk_data(client):
    """The edit form as the coordinator sees it, ready to post back."""
    response = client.get("/rapportage/2021/bewerken/")
    assert response.status_code == 200
    data = {}
    for f in response.context["form"]:
        data[f.html_name] = f.value() or ""
    for _, form in response.context["hoofdstuk_forms"]:
        for f in form:
            data[f.html_name] = f.value() or ""
    for _, forms in response.context["toelichtingen"]:
        for form in forms:
            for f in form:
                data[f.html_name] = f.value() or ""
    formset = response.context["keuzes_formset"]
    for key, value in formset.management_form.initial.items():
        data[f"{formset.prefix}-{key}"] = value
    for form in formset:
        for f in form:
            waarde = f.value()
            if f.name == "opnemen":
                if waarde:
                    data[f.html_name] = "on"
            else:
                data[f.html_name] = waarde
    return data, formset


def test_the_coordinator_edits_the_voorwoord_and_the_order_of_the_examples(client, rapport):
    client.force_login(persoon("coordinator"))
    data, formset = bewerk_data(client)
    data["voorwoord"] = "Een nieuw voorwoord."
    eerste = formset.forms[0]
    data[eerste["volgorde"].html_name] = 999  # Delft, Aar, Stroom moves to the end
    data.pop(formset.forms[1]["opnemen"].html_name)  # Soep op de stoep is left out
    response = client.post("/rapportage/2021/bewerken/", data)
    assert response.status_code == 302
    rapport.refresh_from_db()
    assert rapport.voorwoord == "Een nieuw voorwoord."
    titels = list(
        RapportVoorbeeld.objects.filter(rapportage=rapport).values_list(
            "voorbeeld__titel", flat=True
        )
    )
    assert titels[-1] == "Delft, Aar, Stroom" and "Soep op de stoep" not in titels
    html = client.get("/rapportage/2021/").content.decode()
    assert "Een nieuw voorwoord." in html and "Voorbeeld: Soep op de stoep" not in html


def test_bad_input_in_the_edit_form_saves_nothing_and_keeps_what_was_typed(client, rapport):
    client.force_login(persoon("coordinator"))
    data, formset = bewerk_data(client)
    data["voorwoord"] = "Dit wil ik niet kwijt."
    data["titel"] = ""
    data[formset.forms[0]["volgorde"].html_name] = "-1"
    response = client.post("/rapportage/2021/bewerken/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dit wil ik niet kwijt." in html
    assert "Dit veld is vereist." in html
    assert "Zorg ervoor dat deze waarde minstens 0 is." in html
    rapport.refresh_from_db()
    assert rapport.titel == "Jaarrapportage 2021" and rapport.voorwoord != "Dit wil ik niet kwijt."
    assert RapportVoorbeeld.objects.filter(rapportage=rapport).count() == Voorbeeld.objects.count()


def test_the_team_explains_a_priority_in_its_wijk_chapter_without_personal_data(client, rapport):
    """Under "Ontmoeten" in Pittelo's chapter the team writes what the year's work and the
    measurement mean; a name and a phone number are refused with a Dutch message, and then
    nothing of the form is saved."""
    client.force_login(persoon("coordinator"))
    prio = Prioriteit.objects.geldig_in(2021).get(wijk__slug="pittelo", titel="Ontmoeten")
    data, _ = bewerk_data(client)
    veld = f"prioriteit-{prio.pk}-tekst"
    assert data[veld] == ""
    data["voorwoord"] = "Dit voorwoord hoort bij de fout."
    data[veld] = "Mevrouw Jansen (06-12345678) kwam elke week naar de koffieochtend."
    response = client.post("/rapportage/2021/bewerken/", data)
    assert response.status_code == 200
    assert "schrijf geen namen, adressen, telefoonnummers" in response.content.decode()
    assert not Prioriteittoelichting.objects.exists()
    rapport.refresh_from_db()
    assert rapport.voorwoord != "Dit voorwoord hoort bij de fout."

    data[veld] = "Meer bewoners kwamen naar de koffieochtenden.\n\n- In 2022 meten we opnieuw."
    assert client.post("/rapportage/2021/bewerken/", data).status_code == 302
    assert Prioriteittoelichting.objects.get(rapportage=rapport, prioriteit=prio)
    html = client.get("/rapportage/2021/").content.decode()
    blok = html[html.index(f'id="prioriteit-{prio.pk}"') :]
    blok = blok[: blok.index('<div class="prioriteit"')]
    assert "<h5>Toelichting van het team</h5>" in blok
    assert "<p>Meer bewoners kwamen naar de koffieochtenden.</p>" in blok
    assert "<li>In 2022 meten we opnieuw.</li>" in blok
    # the edit form shows it again; emptied, it is gone from the report
    data, _ = bewerk_data(client)
    assert data[veld].startswith("Meer bewoners kwamen")
    data[veld] = "  "
    assert client.post("/rapportage/2021/bewerken/", data).status_code == 302
    assert not Prioriteittoelichting.objects.exists()
    assert "Meer bewoners kwamen" not in client.get("/rapportage/2021/").content.decode()


def test_the_model_holds_the_explanations_rules_on_every_path(rapport):
    from django.core.exceptions import ValidationError

    verlopen = Prioriteit.objects.exclude(
        pk__in=Prioriteit.objects.geldig_in(2021).values("pk")
    ).first() or Prioriteit.objects.create(
        wijk=Prioriteit.objects.first().wijk, titel="Oud", geldig_van=2016, geldig_tot=2019
    )
    t = Prioriteittoelichting(rapportage=rapport, prioriteit=verlopen, tekst="Goed gegaan.")
    with pytest.raises(ValidationError, match="geldt niet in 2021"):
        t.full_clean()
    geldig = Prioriteit.objects.geldig_in(2021).first()
    t = Prioriteittoelichting(rapportage=rapport, prioriteit=geldig, tekst="Bel 0592-123456.")
    with pytest.raises(ValidationError, match="telefoonnummer"):
        t.full_clean()


def test_publishing_freezes_the_report(
    client, rapport, monkeypatch, media, django_capture_on_commit_callbacks
):
    from rapportage import pdf as pdf_module

    monkeypatch.setattr(pdf_module, "html_naar_pdf", lambda html, *a, **k: b"%PDF-1.7 nep")
    client.force_login(persoon("coordinator"))
    open_punten = client.get("/rapportage/2021/gereed/").context["aantal_open"]
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            client.post(
                "/rapportage/2021/publiceren/", {"open_punten_bevestigd": open_punten}
            ).status_code
            == 302
        )
    rapport.refresh_from_db()
    assert rapport.status == "gepubliceerd"
    assert client.get("/rapportage/2021/bewerken/").status_code == 403
    assert "Bewerken en publiceren" not in client.get("/rapportage/2021/").content.decode()
    response = client.get("/rapportage/2021/pdf/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 nep"
    assert response["Content-Disposition"].startswith("attachment")


def test_the_coordinator_starts_next_years_report_from_the_overview(client, rapport):
    """Early 2025 the coordinator wants to write the 2024 report: /rapportage/2024/ does not
    exist yet, and she starts it from /rapportage/ without the beheer. It gets the chapters of
    the last report, with empty texts; the voorwoord is hers to write."""
    client.force_login(persoon("coordinator"))
    assert client.get("/rapportage/2024/").status_code == 404
    overzicht = client.get("/rapportage/").content.decode()
    assert 'action="/rapportage/starten/"' in overzicht
    assert 'name="jaar" value="2022"' in overzicht  # the year after the last report

    response = client.post("/rapportage/starten/", {"jaar": "2024"})
    assert response.status_code == 302 and response.url == "/rapportage/2024/bewerken/"
    nieuw = Jaarrapportage.objects.get(jaar=2024)
    assert nieuw.status == "concept" and nieuw.titel == "Jaarrapportage 2024"
    assert nieuw.voorwoord == "" and nieuw.ondertekening == rapport.ondertekening
    vorige = {h.sleutel: h.titel for h in rapport.hoofdstukken.all()}
    hoofdstukken = {h.sleutel: h for h in nieuw.hoofdstukken.all()}
    assert set(hoofdstukken) == set(vorige)
    assert hoofdstukken["stedelijke_activiteiten"].titel == "Stedelijke activiteiten 2024"
    assert all(h.tekst == "" for h in hoofdstukken.values())
    assert not nieuw.voorbeelden.exists()
    assert "Bewerken en publiceren" in client.get("/rapportage/2024/").content.decode()
    rapport.refresh_from_db()
    assert rapport.hoofdstukken.count() == len(vorige)  # the 2021 report is left as it was


def test_the_texts_are_taken_over_when_asked(client, rapport):
    client.force_login(persoon("coordinator"))
    response = client.post("/rapportage/starten/", {"jaar": "2022", "teksten_overnemen": "on"})
    assert response.status_code == 302
    nieuw = Jaarrapportage.objects.get(jaar=2022)
    assert nieuw.voorwoord == rapport.voorwoord != ""
    assert nieuw.voorwoord_titel == rapport.voorwoord_titel
    oud = {h.sleutel: h.tekst for h in rapport.hoofdstukken.all()}
    assert {h.sleutel: h.tekst for h in nieuw.hoofdstukken.all()} == oud


@pytest.mark.parametrize(
    "jaar, melding",
    [
        ("2021", "De jaarrapportage 2021 bestaat al."),
        ("", "Dit veld is vereist."),
        ("twintig", "Voer een geheel getal in."),
        ("1999", "Zorg ervoor dat deze waarde minstens 2000 is."),
    ],
)
def test_a_year_that_exists_or_is_no_year_gets_a_clear_message(client, rapport, jaar, melding):
    client.force_login(persoon("coordinator"))
    response = client.post("/rapportage/starten/", {"jaar": jaar, "teksten_overnemen": "on"})
    assert response.status_code == 400
    assert melding in response.content.decode()
    assert "De nieuwe jaarrapportage is niet gestart" in response.content.decode()
    assert Jaarrapportage.objects.count() == 1
    rapport.refresh_from_db()
    assert rapport.status == "concept"


@pytest.mark.parametrize("rol", ["stuurgroep", "medewerker"])
def test_only_the_coordinator_starts_a_report(client, rapport, rol):
    client.force_login(persoon(rol))
    assert client.post("/rapportage/starten/", {"jaar": "2024"}).status_code == 403
    if rol == "stuurgroep":
        assert "/rapportage/starten/" not in client.get("/rapportage/").content.decode()
    assert not Jaarrapportage.objects.filter(jaar=2024).exists()


def test_starting_a_report_is_a_post(client, rapport):
    client.force_login(persoon("coordinator"))
    assert client.get("/rapportage/starten/?jaar=2024").status_code == 405
    assert not Jaarrapportage.objects.filter(jaar=2024).exists()
