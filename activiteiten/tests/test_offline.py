"""The installable web app (docs/offline.md): the manifest and the service worker are served
as browsers need them, the offline page needs no login, and a contact sent again from the
phone's queue with the same token is saved once."""

import json
import uuid

from activiteiten.models import Contactmoment
from mba.tests import webfabriek as f

NIEUW = "/contactmomenten/nieuw/"


def test_the_manifest_makes_mba_installable_with_our_own_icons(client, db):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["start_url"] == NIEUW and manifest["display"] == "standalone"
    assert sorted(i["sizes"] for i in manifest["icons"]) == ["192x192", "512x512"]
    for icoon in manifest["icons"]:
        assert icoon["src"].startswith("/static/")  # our own files, no CDN


def test_the_service_worker_is_served_at_the_root_and_never_kept_by_the_browser(client, db):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    assert b'addEventListener("fetch"' in response.content
    assert client.post("/sw.js").status_code == 405


def test_the_offline_page_says_a_connection_is_needed_without_a_login(client, db):
    response = client.get("/offline/")
    assert response.status_code == 200
    assert "Geen verbinding" in response.text


def test_the_contact_form_is_marked_for_offline_use_and_loads_the_offline_script(
    client, medewerker_a
):
    client.force_login(medewerker_a)
    response = client.get(NIEUW)
    assert 'data-offline="1"' in response.text
    assert "offline.js" in response.text and 'rel="manifest"' in response.text
    assert 'id="wachtrij"' in response.text  # the header's place for "3 wachten"


def test_a_contact_sent_again_from_the_phone_with_its_token_is_saved_once(
    client, medewerker_a, wijk_a
):
    """The phone makes a UUID per waiting contact; when the answer to its first try got lost
    it sends the same contact again, and the server leads it to the contact it already has."""
    client.force_login(medewerker_a)
    token = str(uuid.uuid4())
    data = {
        "formtoken": token,
        "datum": "2021-06-15",
        "wijk": wijk_a.pk,
        "kanaal": "straat",
        "aanleiding": "vraag_bewoner",
        "soort": "individueel",
        "bewoners_bereikt": "1",
        "nog_een": "1",
    }
    eerste = client.post(NIEUW, data)
    assert eerste.status_code == 302 and eerste.url == NIEUW
    tweede = client.post(NIEUW, data)
    contact = Contactmoment.objects.get()
    assert tweede.status_code == 302 and tweede.url == f"/contactmomenten/{contact.pk}/"
    assert Contactmoment.objects.count() == 1


def test_a_refused_contact_answers_with_the_form_and_its_messages(client, medewerker_a, wijk_a):
    """What the phone reads to show a contact to correct: a 200 with the messages in #fouten."""
    client.force_login(medewerker_a)
    response = client.post(
        NIEUW,
        {
            "formtoken": f.formtoken(),
            "datum": "2021-06-15",
            "wijk": wijk_a.pk,
            "kanaal": "straat",
            "aanleiding": "vraag_bewoner",
            "soort": "individueel",
            "bewoners_bereikt": "1",
            "notitie": "Bel mevrouw terug op 06-12345678",
        },
    )
    assert response.status_code == 200
    assert 'id="fouten"' in response.text
    assert not Contactmoment.objects.exists()
