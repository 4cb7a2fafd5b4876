"""After the decision: the wijk team logs progress (with money spent and a photo) and the
support delivered against what was granted; everyone reads it, only the wijk's team writes."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from initiatieven.voortgang import GeleverdeOndersteuning, Voortgang
from mba.tests import webfabriek as f

BESLUIT = datetime.date(2021, 4, 1)


@pytest.fixture(autouse=True)
def juni_2021(time_machine):
    time_machine.move_to(datetime.datetime(2021, 6, 15, 10, 0))


@pytest.fixture
def speeltuin(wijk_a):
    ini = f.initiatief(wijk_a, status="toegekend", gevraagd_bedrag=Decimal("500"))
    ini.toegekend_bedrag, ini.besluit_op = Decimal("500"), BESLUIT
    ini.save(gewijzigd_door=None)
    ini.geboden_ondersteuning.set([f.ondersteuning(), f.ondersteuning("mensen", "Mensen")])
    return ini


def als(client, user):
    client.force_login(user)
    return client


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 160, 60)).save(buffer, "PNG")
    return buffer.getvalue()


def update(**extra):
    data = {
        "formtoken": f.formtoken(),
        "datum": "2021-05-20",
        "tekst": "Het hek staat er, de zandbak is gevuld.",
        "besteed_bedrag": "120.50",
    }
    data.update(extra)
    return data


def test_the_team_logs_an_update_with_a_photo_and_the_coordinator_sees_it(
    client, speeltuin, medewerker_a, coordinator
):
    data = update(
        foto=SimpleUploadedFile("hek.png", png(), content_type="image/png"),
        foto_alt="Het nieuwe hek om de speeltuin",
    )
    response = als(client, medewerker_a).post(f"/initiatieven/{speeltuin.pk}/voortgang/", data)
    assert response.status_code == 302
    v = Voortgang.objects.get()
    assert v.door == medewerker_a and v.foto.name.startswith("initiatieven/voortgang/")

    pagina = als(client, coordinator).get(f"/initiatieven/{speeltuin.pk}/").content.decode()
    assert "Het hek staat er" in pagina
    assert v.foto.url in pagina and "€ 120,50" in pagina and "€ 500" in pagina
    foto = client.get(v.foto.url)
    assert foto.status_code == 200 and b"".join(foto.streaming_content) == png()


def test_the_same_form_posted_twice_saves_one_update(client, speeltuin, medewerker_a):
    data = update()
    als(client, medewerker_a)
    client.post(f"/initiatieven/{speeltuin.pk}/voortgang/", data)
    client.post(f"/initiatieven/{speeltuin.pk}/voortgang/", data)
    assert Voortgang.objects.count() == 1


@pytest.mark.parametrize("persona", ["medewerker_b", "stuurgroep"])
def test_others_read_the_progress_but_cannot_add_to_it(request, client, speeltuin, persona):
    als(client, request.getfixturevalue(persona))
    assert client.get(f"/initiatieven/{speeltuin.pk}/").status_code == 200
    assert client.post(f"/initiatieven/{speeltuin.pk}/voortgang/", update()).status_code == 403
    assert (
        client.post(
            f"/initiatieven/{speeltuin.pk}/geleverd/",
            {"vorm": f.ondersteuning().pk, "toegezegd": "€ 500", "geleverd": "nee"},
        ).status_code
        == 403
    )
    assert not Voortgang.objects.exists() and not GeleverdeOndersteuning.objects.exists()


def test_an_initiative_not_yet_granted_has_no_progress(client, wijk_a, medewerker_a):
    ini = f.initiatief(wijk_a, status="draagvlak_gemeten")
    als(client, medewerker_a)
    assert client.post(f"/initiatieven/{ini.pk}/voortgang/", update()).status_code == 403
    with pytest.raises(ValidationError, match="alleen bij een toegekend initiatief"):
        Voortgang(initiatief=ini, datum=BESLUIT, tekst="x").full_clean()


def test_an_update_dated_before_the_decision_is_refused(client, speeltuin, medewerker_a):
    response = als(client, medewerker_a).post(
        f"/initiatieven/{speeltuin.pk}/voortgang/", update(datum="2021-03-15")
    )
    assert response.status_code == 200
    assert "De voortgang valt niet voor het besluit (01-04-2021)." in response.content.decode()
    assert not Voortgang.objects.exists()


def test_spending_more_than_granted_needs_a_reason(client, speeltuin, medewerker_a):
    als(client, medewerker_a)
    url = f"/initiatieven/{speeltuin.pk}/voortgang/"
    client.post(url, update(besteed_bedrag="400"))
    response = client.post(url, update(besteed_bedrag="150"))
    assert "Samen is er € 550 besteed, meer dan de toegekende € 500" in response.content.decode()
    assert Voortgang.objects.count() == 1
    client.post(url, update(besteed_bedrag="150", reden_overschrijding="Extra tegels nodig."))
    assert Voortgang.objects.count() == 2


def test_delivered_support_is_recorded_per_granted_form(client, speeltuin, medewerker_a):
    mensen = f.ondersteuning("mensen", "Mensen")
    als(client, medewerker_a)
    url = f"/initiatieven/{speeltuin.pk}/geleverd/"
    response = client.post(
        url,
        {
            "vorm": mensen.pk,
            "toegezegd": "Twee vrijwilligers",
            "geleverd": "deels",
            "datum": "2021-05-01",
        },
    )
    assert response.status_code == 302
    client.post(
        url,
        {
            "vorm": mensen.pk,
            "toegezegd": "Twee vrijwilligers",
            "geleverd": "ja",
            "datum": "2021-05-08",
        },
    )
    g = GeleverdeOndersteuning.objects.get()
    assert g.geleverd == "ja"
    pagina = client.get(f"/initiatieven/{speeltuin.pk}/").content.decode()
    assert "Twee vrijwilligers" in pagina


def test_delivered_support_for_a_form_not_granted_is_refused(client, speeltuin, medewerker_a):
    ruimte = f.ondersteuning("ruimte", "Ruimte")
    response = als(client, medewerker_a).post(
        f"/initiatieven/{speeltuin.pk}/geleverd/",
        {"vorm": ruimte.pk, "toegezegd": "Buurthuis", "geleverd": "ja", "datum": "2021-05-01"},
    )
    assert "Deze vorm van ondersteuning is niet toegekend aan dit initiatief." in (
        response.content.decode()
    )
    with pytest.raises(ValidationError, match="niet toegekend aan dit initiatief"):
        GeleverdeOndersteuning(
            initiatief=speeltuin, vorm=ruimte, toegezegd="Buurthuis", geleverd="nee"
        ).full_clean()
    assert not GeleverdeOndersteuning.objects.exists()


def test_the_initiative_page_runs_the_same_queries_with_2_or_20_updates(
    client, speeltuin, coordinator
):
    def updates(n):
        for i in range(n):
            Voortgang.objects.create(
                initiatief=speeltuin, datum=BESLUIT, tekst=f"Stap {i}", besteed_bedrag=1
            )

    def aantal():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/initiatieven/{speeltuin.pk}/").status_code == 200
        return len(ctx.captured_queries)

    als(client, coordinator)
    updates(2)
    aantal()  # the first request of a session reads a few things once
    weinig = aantal()
    updates(18)
    assert aantal() == weinig
    assert Voortgang.objects.count() == 20
