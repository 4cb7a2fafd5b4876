"""Who may read what: the key-and-scope matrix, the error answers, throttling and the call log."""

import pytest

from mba.api_auth import PerSleutelThrottle
from mba.models import ApiAanroep, ApiSleutel

from .conftest import met_sleutel

pytestmark = pytest.mark.django_db

DATA = [
    "/api/v1/wijken/",
    "/api/v1/buurten/",
    "/api/v1/locaties/",
    "/api/v1/themas/",
    "/api/v1/organisaties/",
    "/api/v1/prioriteiten/",
    "/api/v1/fysieke-projecten/",
    "/api/v1/bewonersinitiatieven/",
    "/api/v1/activiteiten/",
    "/api/v1/contactmomenten/",
    "/api/v1/voorbeelden/",
    "/api/v1/jaarrapportages/",
]
STATISTIEKEN = ["/api/v1/statistieken/?jaar=2021", "/api/v1/statistieken/per-wijk/?jaar=2021"]


def fout(response, status):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["status"] == status
    assert body["fout"]
    return body


@pytest.mark.parametrize("pad", DATA + STATISTIEKEN)
def test_it_asks_for_a_key_without_one(client, pad):
    body = fout(client.get(pad), 401)
    assert "Authorization: Api-Key" in body["fout"]


@pytest.mark.parametrize("pad", DATA + STATISTIEKEN)
def test_it_refuses_a_revoked_key_and_says_so(client, ingetrokken_sleutel, pad):
    response = met_sleutel(client, ingetrokken_sleutel[1]).get(pad)
    body = fout(response, 401)
    assert "ingetrokken" in body["fout"]
    assert response["WWW-Authenticate"] == "Api-Key"


@pytest.mark.parametrize("pad", DATA)
def test_it_keeps_a_statistics_key_to_the_statistics(client, statistiek_sleutel, pad):
    body = fout(met_sleutel(client, statistiek_sleutel[1]).get(pad), 403)
    assert "statistieken" in body["fout"]


@pytest.mark.parametrize("pad", STATISTIEKEN)
def test_a_statistics_key_reads_the_statistics(client, statistiek_sleutel, wijk_a, pad):
    assert met_sleutel(client, statistiek_sleutel[1]).get(pad).status_code == 200


@pytest.mark.parametrize("pad", DATA + STATISTIEKEN)
def test_a_full_key_reads_everything(api, wijk_a, pad):
    response = api.get(pad)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("pad", DATA + STATISTIEKEN)
def test_staff_logged_in_to_the_app_browse_the_api(client, coordinator, wijk_a, pad):
    # The coordinator sees everything in the app, so every collection (the other roles: the
    # matrix of test_api_sessie).
    client.force_login(coordinator)
    assert client.get(pad).status_code == 200
    html = client.get(pad, HTTP_ACCEPT="text/html")
    assert html.status_code == 200
    assert b"Django REST framework" in html.content


@pytest.mark.parametrize(
    "header",
    ["Api-Key", "Api-Key ", "Api-Key twee delen", "Api-Key mba_onbekend"],
)
def test_it_refuses_a_malformed_or_unknown_key(client, header):
    response = client.get("/api/v1/wijken/", HTTP_AUTHORIZATION=header)
    fout(response, 401)


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_X_API_KEY": "{sleutel}"},  # what a generated client sends for the apiKey scheme
        {"HTTP_AUTHORIZATION": "Api-Key {sleutel}"},  # the older form, which existing users keep
        {"HTTP_X_API_KEY": "{sleutel}", "HTTP_AUTHORIZATION": "Api-Key {sleutel}"},
        {"HTTP_X_API_KEY": "{sleutel}", "HTTP_AUTHORIZATION": "Basic cHJveHk6Z2VoZWlt"},
    ],
)
def test_a_partner_sends_the_key_in_x_api_key_or_in_authorization(client, sleutel, headers):
    headers = {k: v.format(sleutel=sleutel[1]) for k, v in headers.items()}
    response = client.get("/api/v1/wijken/", **headers)
    assert response.status_code == 200, response.content
    assert ApiAanroep.objects.get().sleutel == sleutel[0]


@pytest.mark.parametrize(
    ("headers", "bericht"),
    [
        ({}, "Geef een API-sleutel mee als 'X-Api-Key: <sleutel>' of 'Authorization: Api-Key"),
        ({"HTTP_X_API_KEY": "mba_onbekend"}, "Deze API-sleutel is onbekend."),
        ({"HTTP_X_API_KEY": ""}, "Geef de sleutel mee als 'X-Api-Key: <sleutel>'"),
        ({"HTTP_AUTHORIZATION": "Api-Key mba_onbekend"}, "Deze API-sleutel is onbekend."),
        # What generators send by themselves: Bearer, or the bare key.
        ({"HTTP_AUTHORIZATION": "Bearer {sleutel}"}, "Geef een API-sleutel mee als 'X-Api-Key"),
        ({"HTTP_AUTHORIZATION": "{sleutel}"}, "Geef een API-sleutel mee als 'X-Api-Key"),
        (
            {"HTTP_X_API_KEY": "{sleutel}", "HTTP_AUTHORIZATION": "Api-Key mba_ander"},
            "twee verschillende sleutels",
        ),
    ],
)
def test_without_a_valid_key_it_is_a_401_that_says_how_to_send_one(
    client, sleutel, headers, bericht
):
    headers = {k: v.format(sleutel=sleutel[1]) for k, v in headers.items()}
    response = client.get("/api/v1/wijken/", **headers)
    body = fout(response, 401)
    assert bericht in body["fout"]
    assert response["WWW-Authenticate"] == "Api-Key"


def test_it_stores_only_a_hash_of_the_key(sleutel):
    obj, tekst = sleutel
    assert len(tekst) >= 40
    assert tekst not in {obj.prefix, obj.sleutel_hash}
    assert obj.sleutel_hash == ApiSleutel.hash(tekst)
    assert tekst.startswith(obj.prefix)


def test_it_answers_a_malformed_filter_with_400_naming_the_parameter(api):
    body = fout(api.get("/api/v1/contactmomenten/?jaar=twintig&datum_van=gisteren"), 400)
    assert set(body["parameters"]) == {"jaar", "datum_van"}
    assert "jaar" in body["fout"] and "datum_van" in body["fout"]


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("jaar=99999999999999999999", "jaar"),
        ("wijk=bestaat-niet", "wijk"),
        ("buurt=99999999999999999999", "buurt"),
        ("gewijzigd_sinds=2021-13-45", "gewijzigd_sinds"),
        ("kanaal=duif", "kanaal"),
        ("sortering=naam", "sortering"),
        ("aantal=0", "aantal"),
        ("aantal=100000", "aantal"),
        ("cursor=niet-base64", "cursor"),
        ("cursor=eyJhIjpmYWxzZSwidyI6WyJ4Il19", "cursor"),
        ("wijk=lar%00iks", "wijk"),
        ("gewijzigd_sinds=0001-01-01T00:00:00%2B05:00", "gewijzigd_sinds"),
    ],
)
def test_every_bad_parameter_is_a_400_never_a_500(api, query, parameter):
    body = fout(api.get(f"/api/v1/contactmomenten/?{query}"), 400)
    assert parameter in body["parameters"]


def test_it_answers_an_unknown_record_with_a_json_404(api):
    fout(api.get("/api/v1/contactmomenten/987654/"), 404)
    fout(api.get("/api/v1/wijken/bestaat-niet/"), 404)


def test_it_answers_an_unknown_api_url_with_a_json_404(api):
    body = fout(api.get("/api/v1/bestaat-niet/"), 404)
    assert "/api/docs/" in body["fout"]


def test_it_refuses_writing_with_405(api):
    response = api.post("/api/v1/wijken/", {"naam": "Nieuw"})
    body = fout(response, 405)
    assert "POST" in body["fout"] and "alleen-lezen" in body["fout"]
    assert "POST" not in response["Allow"]


def test_it_throttles_per_key_with_429(client, sleutel, statistiek_sleutel, monkeypatch):
    # The rate is read once, when DRF loads; MBA_API_LIMIET sets it in production.
    monkeypatch.setattr(PerSleutelThrottle, "THROTTLE_RATES", {"api_sleutel": "2/minute"})
    api = met_sleutel(client, sleutel[1])
    assert api.get("/api/v1/themas/").status_code == 200
    assert api.get("/api/v1/themas/").status_code == 200
    response = api.get("/api/v1/themas/")
    body = fout(response, 429)
    assert "Probeer het over" in body["fout"]
    assert int(response["Retry-After"]) > 0
    # The header and the message name the same number of seconds.
    assert f"Probeer het over {response['Retry-After']} seconden" in body["fout"]
    assert ApiAanroep.objects.filter(status=429, sleutel=sleutel[0]).count() == 1
    # Another key has its own count.
    ander = met_sleutel(client, statistiek_sleutel[1])
    assert ander.get("/api/v1/statistieken/?jaar=2021").status_code == 200


def test_a_429_always_says_when_to_try_again(client, sleutel, monkeypatch):
    # The schema promises Retry-After on every 429: also when the throttle cannot say (DRF's
    # wait() is None when the rate was lowered below the calls already made).
    monkeypatch.setattr(PerSleutelThrottle, "THROTTLE_RATES", {"api_sleutel": "1/minute"})
    monkeypatch.setattr(PerSleutelThrottle, "wait", lambda self: None)
    api = met_sleutel(client, sleutel[1])
    assert api.get("/api/v1/themas/").status_code == 200
    response = api.get("/api/v1/themas/")
    body = fout(response, 429)
    assert response["Retry-After"] == "60"
    assert "Probeer het over 60 seconden opnieuw." in body["fout"]


def test_it_logs_every_call_with_its_key(client, sleutel, ingetrokken_sleutel):
    api = met_sleutel(client, sleutel[1])
    api.get("/api/v1/themas/?actief=true")
    api.get("/api/v1/themas/onbekend/")
    api.get("/api/v1/")
    met_sleutel(client, ingetrokken_sleutel[1]).get("/api/v1/wijken/")
    client.defaults.pop("HTTP_AUTHORIZATION")
    client.get("/api/v1/wijken/")  # no key: nothing to log it under

    rijen = list(
        ApiAanroep.objects.order_by("pk").values_list("sleutel", "methode", "pad", "status")
    )
    assert rijen == [
        (sleutel[0].pk, "GET", "/api/v1/themas/?actief=true", 200),
        (sleutel[0].pk, "GET", "/api/v1/themas/onbekend/", 404),
        (sleutel[0].pk, "GET", "/api/v1/", 200),
        (ingetrokken_sleutel[0].pk, "GET", "/api/v1/wijken/", 401),
    ]
    sleutel[0].refresh_from_db()
    assert sleutel[0].laatst_gebruikt_op is not None
    ingetrokken_sleutel[0].refresh_from_db()
    assert ingetrokken_sleutel[0].laatst_gebruikt_op is None


def test_the_schema_and_docs_are_served_without_a_key_and_without_internet(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/contactmomenten/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "swagger-ui" in html
    assert "https://" not in html.replace("https://swagger.io", "")  # assets come from /static/
    assert "/static/drf_spectacular_sidecar/" in html
    assert client.get("/api/redoc/").status_code == 200
