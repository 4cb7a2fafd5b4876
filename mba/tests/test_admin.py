"""Bad input in the admin: a clear Dutch message, and nothing saved by half."""

import pytest

from activiteiten.models import Contactmoment
from initiatieven.models import Bewonersinitiatief, StatusWijziging
from wijken.models import FysiekProject


@pytest.fixture
def beheerder(client, coordinator):
    client.force_login(coordinator)
    return client


def initiatief_data(wijk, **extra):
    data = {
        "titel": "Bankje bij de flat",
        "wijk": wijk.pk,
        "aangevraagd_op": "2021-04-01",
        "status": "toegekend",
        "gevraagd_bedrag": "500",
        "toegekend_bedrag": "500",
        "statuswijzigingen-TOTAL_FORMS": "0",
        "statuswijzigingen-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data


def test_it_refuses_a_grant_without_draagvlak_in_dutch_and_saves_nothing(beheerder, wijk_a):
    response = beheerder.post(
        "/beheer/initiatieven/bewonersinitiatief/add/", initiatief_data(wijk_a)
    )
    assert response.status_code == 200
    assert "Toekennen kan pas als een meerderheid van de gevraagde huishoudens vóór is" in (
        response.content.decode()
    )
    assert not Bewonersinitiatief.objects.exists()
    assert not StatusWijziging.objects.exists()


def test_it_saves_a_grant_with_a_majority_and_records_who_did_it(beheerder, wijk_a, coordinator):
    response = beheerder.post(
        "/beheer/initiatieven/bewonersinitiatief/add/",
        initiatief_data(
            wijk_a, huishoudens_gevraagd="30", huishoudens_voor="20", huishoudens_tegen="2"
        ),
    )
    assert response.status_code == 302
    ini = Bewonersinitiatief.objects.get()
    assert ini.statuswijzigingen.get().door == coordinator


def test_the_history_cannot_be_edited_or_deleted_in_the_admin(beheerder, wijk_a):
    ini = Bewonersinitiatief.objects.create(
        titel="Buurtfeest", wijk=wijk_a, aangevraagd_op="2021-04-01"
    )
    rij = ini.statuswijzigingen.get()
    url = f"/beheer/initiatieven/statuswijziging/{rij.pk}/"
    assert beheerder.post(url + "delete/", {"post": "yes"}).status_code == 403
    beheerder.post(url + "change/", {"toelichting": "weg"})
    rij.refresh_from_db()
    assert rij.toelichting == ""


def test_a_contact_with_a_bsn_is_refused_with_its_themes(beheerder, wijk_a, actium, thema):
    response = beheerder.post(
        "/beheer/activiteiten/contactmoment/add/",
        {
            "datum": "2021-05-03",
            "organisatie": actium.pk,
            "wijk": wijk_a.pk,
            "kanaal": "aan_de_deur",
            "aanleiding": "wijkronde",
            "soort": "individueel",
            "bewoners_bereikt": "1",
            "themas": [thema.pk],
            "notitie": "BSN 111222333, belt terug",
        },
    )
    assert response.status_code == 200
    assert "Deze tekst lijkt een BSN (11…33) te bevatten" in response.content.decode()
    assert not Contactmoment.objects.exists()
    assert not Contactmoment.themas.through.objects.exists()


def test_a_negative_number_is_refused_in_dutch(beheerder, wijk_a, actium):
    response = beheerder.post(
        "/beheer/wijken/fysiekproject/add/",
        {
            "naam": "Sloop",
            "soort": "sloop",
            "status": "voorbereiding",
            "wijk": wijk_a.pk,
            "eigenaar": actium.pk,
            "woningen_gesloopt": "-4",
            "woningen_opgeleverd": "0",
            "woningen_gepland": "0",
        },
    )
    assert response.status_code == 200
    assert "Zorg ervoor dat deze waarde minstens 0 is." in response.content.decode()
    assert not FysiekProject.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/beheer/mba/organisatie/",
        "/beheer/mba/medewerker/",
        "/beheer/mba/thema/",
        "/beheer/wijken/wijk/",
        "/beheer/wijken/buurt/",
        "/beheer/wijken/locatie/",
        "/beheer/wijken/prioriteit/",
        "/beheer/wijken/indicator/",
        "/beheer/wijken/meting/",
        "/beheer/wijken/wijkprofiel/",
        "/beheer/wijken/fysiekproject/",
        "/beheer/initiatieven/bewonersinitiatief/",
        "/beheer/initiatieven/statuswijziging/",
        "/beheer/initiatieven/ondersteuningsvorm/",
        "/beheer/activiteiten/activiteit/",
        "/beheer/activiteiten/contactmoment/",
        "/beheer/activiteiten/signaalsoort/",
        "/beheer/activiteiten/kerncijfer/",
        "/beheer/rapportage/voorbeeld/",
        "/beheer/rapportage/jaarrapportage/",
        "/beheer/rapportage/hoofdstuk/",
    ],
)
def test_every_model_has_a_searchable_admin_list(beheerder, url, wijk_a):
    response = beheerder.get(url, {"q": "Lariks"})
    assert response.status_code == 200
    assert 'id="searchbar"' in response.content.decode()


def test_staff_without_the_coordinator_role_cannot_enter_the_admin(client, medewerker_a):
    client.force_login(medewerker_a)
    response = client.get("/beheer/")
    assert response.status_code == 302 and "/login/" in response.url
