"""A partner with a key downloads the PDF of a published report through the API, the same file
the steering group got; a concept stays out of reach."""

import pytest

from mba.models import ApiSleutel, Organisatie
from rapportage.models import Jaarrapportage, PdfOpdracht

from .conftest import publiceren
from .test_pdf_opdracht import redis_onbereikbaar, renders  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def partner(client, demo_2021):
    _, tekst = ApiSleutel.maak(
        Organisatie.objects.get(slug="actium"), "Datawarehouse", ["jaarrapportages"]
    )
    client.defaults["HTTP_AUTHORIZATION"] = f"Api-Key {tekst}"
    return client


@pytest.fixture
def gepubliceerd(demo_2021, renders):  # noqa: F811
    rapport = Jaarrapportage.objects.get(jaar=2021)
    publiceren(rapport)
    return rapport


def test_a_partner_downloads_the_published_pdf_with_its_key(partner, gepubliceerd, renders):  # noqa: F811
    link = partner.get("/api/v1/jaarrapportages/2021/").json()["pdf"]
    assert link == "http://testserver/api/v1/jaarrapportages/2021/pdf/"
    response = partner.get(link, HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="jaarrapportage-mijn-buurt-assen-2021.pdf"' in response["Content-Disposition"]
    pdf = b"".join(response.streaming_content)
    opdracht = PdfOpdracht.objects.get(rapportage=gepubliceerd, html_hash=gepubliceerd.pdf_hash)
    assert pdf == opdracht.bestand.open("rb").read()
    # Asking again renders nothing new.
    aantal = len(renders)
    assert partner.get(link).status_code == 200
    assert len(renders) == aantal


@pytest.mark.parametrize("accept", ["application/octet-stream", "*/*", None])
def test_a_generated_client_downloads_the_pdf_with_its_own_header(
    client,
    partner,
    gepubliceerd,
    renders,  # noqa: F811
    accept,
):
    # As openapi-python-client asks it: the key in X-Api-Key, the binary type of the schema
    # (or httpx's */*). The answer is the PDF all the same, never a 406.
    sleutel = client.defaults.pop("HTTP_AUTHORIZATION").removeprefix("Api-Key ")
    kop = {"HTTP_ACCEPT": accept} if accept else {}
    response = client.get("/api/v1/jaarrapportages/2021/pdf/", HTTP_X_API_KEY=sleutel, **kop)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_concept_has_no_pdf_in_the_api(partner, demo_2021, renders):  # noqa: F811
    response = partner.get("/api/v1/jaarrapportages/2021/pdf/", HTTP_ACCEPT="application/pdf")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "niet openbaar" in response.json()["fout"]
    assert renders == []


def test_a_statistics_key_cannot_download_the_report(client, gepubliceerd):
    _, tekst = ApiSleutel.maak(Organisatie.objects.get(slug="gemeente-assen"), "Dashboard")
    response = client.get(
        "/api/v1/jaarrapportages/2021/pdf/", HTTP_AUTHORIZATION=f"Api-Key {tekst}"
    )
    assert response.status_code == 403


def test_without_a_key_the_answer_is_401(client, gepubliceerd):
    assert client.get("/api/v1/jaarrapportages/2021/pdf/").status_code == 401


def test_a_pdf_still_being_made_says_when_to_ask_again(partner, gepubliceerd, monkeypatch):
    PdfOpdracht.objects.filter(rapportage=gepubliceerd).delete()
    monkeypatch.setattr("rapportage.rapport._in_wachtrij", lambda opdracht: None)
    response = partner.get("/api/v1/jaarrapportages/2021/pdf/", HTTP_ACCEPT="application/pdf")
    assert response.status_code == 202
    assert response["Retry-After"] == "10"
    assert response.json()["status"] == 202


def test_with_the_queue_down_the_answer_is_a_clear_503(partner, gepubliceerd, redis_onbereikbaar):  # noqa: F811
    PdfOpdracht.objects.filter(rapportage=gepubliceerd).delete()
    response = partner.get("/api/v1/jaarrapportages/2021/pdf/")
    assert response.status_code == 503
    assert response["Retry-After"] == "120"
    assert "wachtrij is niet bereikbaar" in response.json()["fout"]
