"""Hardened defaults: the response headers (Content-Security-Policy, HSTS, nosniff, referrer
policy, no-store on personal data), the cookie flags in production, /.well-known/security.txt and
the toegankelijkheidsverklaring. The browser tests at the end load the main pages in Chromium
under the real policy: a page that the CSP breaks shows up there as a violation."""

# The browser tests use test_browser's fixtures (imported below), which ruff takes for
# redefinitions when they appear as arguments.
# ruff: noqa: F811

import datetime
import json
import re

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import override_settings
from django.urls import reverse
from playwright.sync_api import expect

from activiteiten.models import Contactmoment
from mba.tests import webfabriek as f
from mba.tests.test_browser import (  # noqa: F401 (the browser fixtures)
    axe_ernstig,
    chromium,
    inloggen,
    telefoon,
    wereld,
)
from mba.tests.test_settings import draai
from rapportage.models import Jaarrapportage

WACHTWOORD = "Een-lang-wachtwoord-2021"
PRODUCTIE = {
    "DEBUG": "0",
    "SECRET_KEY": "k8Gq2-zt7XwP0aLmN4vB9cR1sD6fH3jY5uE8iO2pQ7rT0wS4xZ",
    "ALLOWED_HOSTS": "mba.assen.nl",
}
COOKIE_INSTELLINGEN = [
    f"{soort}_COOKIE_{naam}"
    for soort in ("SESSION", "CSRF")
    for naam in ("NAME", "SECURE", "HTTPONLY", "SAMESITE")
] + [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
]


def richtlijnen(response):
    """The Content-Security-Policy as {directive: [values]}."""
    delen = (d.split() for d in response["Content-Security-Policy"].split(";") if d.strip())
    return {d[0]: d[1:] for d in delen}


def heeft_de_beveiligingskoppen(response):
    """The headers every answer carries; returns the CSP to look at further."""
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    csp = richtlijnen(response)
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["script-src"] == ["'self'"], "scripts only from our own files"
    assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'none'"]
    return csp


def is_no_store(response):
    return "no-store" in response.get("Cache-Control", "")


# -- headers --------------------------------------------------------------------------------


def test_the_login_page_carries_the_security_headers_and_a_strict_policy(client):
    response = client.get(reverse("login"))
    csp = heeft_de_beveiligingskoppen(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"], "no inline style on our own pages"
    assert csp["img-src"] == ["'self'"]


def test_a_staff_page_with_personal_data_carries_them_and_is_never_stored(
    client, medewerker_a, wijk_a
):
    ini = f.initiatief(wijk_a)
    client.force_login(medewerker_a)
    response = client.get(reverse("initiatieven:initiatief", args=[ini.pk]))
    assert "henk.bewonersma@example.org" in response.content.decode()
    heeft_de_beveiligingskoppen(response)
    assert is_no_store(response)
    assert "private" in response["Cache-Control"]


def test_every_page_of_a_logged_in_user_is_no_store_and_a_public_page_is_not(
    client, medewerker_a, coordinator, wijk_a
):
    contact = f.contact(medewerker_a, wijk_a, notitie="Vraagt naar de buurtbus.")
    client.force_login(medewerker_a)
    paginas = {
        "start": reverse("home"),
        "contactmomenten": reverse("activiteiten:contactmomenten"),
        "contactmoment": reverse("activiteiten:contactmoment", args=[contact.pk]),
        "contactformulier": reverse("activiteiten:contactmoment_nieuw"),
        "initiatieven": reverse("initiatieven:initiatieven"),
        "wijk": reverse("wijken:wijk", args=[wijk_a.slug]),
    }
    bewaard = [naam for naam, pad in paginas.items() if not is_no_store(client.get(pad))]
    assert bewaard == []

    export = client.get(
        reverse("activiteiten:contactmomenten"), {"export": "csv", "doel": "Wijkoverleg Lariks"}
    )
    assert export["Content-Type"].startswith("text/csv")
    assert is_no_store(export)

    client.force_login(coordinator)
    audit = client.get(reverse("audit"))
    assert audit.status_code == 200 and is_no_store(audit)

    client.logout()
    openbaar = client.get(reverse("toegankelijkheid"))
    assert openbaar.status_code == 200 and not is_no_store(openbaar)


@pytest.mark.parametrize("pad", ["/api/docs/", "/api/redoc/", "/api/schema/"])
def test_the_api_docs_of_a_logged_in_user_are_private_and_not_stored(client, medewerker_a, pad):
    """A logged-in medewerker reads the API docs in the browser: like every other answer to a
    logged-in user it stays out of every cache (the docs' views have no session of their own,
    so they used to answer as if to an anonymous visitor)."""
    client.force_login(medewerker_a)
    response = client.get(pad)
    assert response.status_code == 200
    assert is_no_store(response)
    assert "private" in response["Cache-Control"]


def test_the_partner_api_answers_with_the_same_headers_and_no_store(api, medewerker_a, wijk_a):
    f.contact(medewerker_a, wijk_a)
    response = api.get("/api/v1/contactmomenten/")
    assert response.status_code == 200 and len(response.json()["resultaten"]) == 1
    heeft_de_beveiligingskoppen(response)
    assert is_no_store(response)


@pytest.fixture
def lijst_zonder_acties(monkeypatch):
    """The admin's change list of contact moments without its action bar: then Django's admin
    adds a <style> element of its own, with the nonce."""
    monkeypatch.setattr(admin.site.get_model_admin(Contactmoment), "actions_on_top", False)
    return "/beheer/activiteiten/contactmoment/"


def test_the_admin_styles_carry_the_nonce_of_the_policy(client, coordinator, lijst_zonder_acties):
    client.force_login(coordinator)
    response = client.get(lijst_zonder_acties)
    csp = heeft_de_beveiligingskoppen(response)
    nonce = next(v for v in csp["style-src"] if v.startswith("'nonce-")).strip("'")[6:]
    html = response.content.decode()
    stijlen = re.findall(r"<style\b[^>]*>", html) + re.findall(
        r"<link\b[^>]*stylesheet[^>]*>", html
    )
    assert len(stijlen) > 3 and "<style" in stijlen[0]
    assert all(f'nonce="{nonce}"' in s for s in stijlen)
    assert "'unsafe-inline'" not in csp["style-src"]


@pytest.mark.parametrize(
    "pad", ["/api/v1/contactmomenten/", "/api/docs/", "/api/redoc/"], ids=["api", "docs", "redoc"]
)
def test_the_third_party_api_pages_may_use_inline_styles_but_never_inline_scripts(
    client, coordinator, pad
):
    client.force_login(coordinator)
    response = client.get(pad, HTTP_ACCEPT="text/html")
    assert response["Content-Type"].startswith("text/html")
    csp = heeft_de_beveiligingskoppen(response)
    assert csp["style-src"] == ["'self'", "'unsafe-inline'"]
    assert "'unsafe-eval'" not in sum(csp.values(), [])
    assert not re.search(r"<script\b(?![^>]*\bsrc=)(?![^>]*application/json)", response.text)
    assert "fonts.googleapis.com" not in response.text


def test_swagger_ui_gets_its_start_script_as_a_file(client):
    response = client.get("/api/docs/", {"script": ""})
    assert response["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle(" in response.text and '"validatorUrl": null' in response.text


# Inline code in our own templates: the CSP refuses it, so a page would break without a
# warning until someone uses it. (The drf_spectacular folder overrides a third-party page.)
INLINE = {
    "inline <script>": re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>"),
    "on…= handler": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I),
    "style attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I),
    "<style> without nonce": re.compile(r"<style\b(?![^>]*nonce)", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


def test_no_template_of_ours_has_inline_scripts_handlers_or_styles():
    sjablonen = [*settings.BASE_DIR.glob("templates/**/*.html")]
    sjablonen += settings.BASE_DIR.glob("*/templates/**/*.html")
    assert len(sjablonen) > 30
    gevonden = [
        (str(pad.relative_to(settings.BASE_DIR)), wat)
        for pad in sjablonen
        if "drf_spectacular" not in pad.parts
        for wat, patroon in INLINE.items()
        if patroon.search(pad.read_text(encoding="utf-8"))
    ]
    assert gevonden == []


# -- production: HSTS, SSL redirect, cookies ------------------------------------------------


@pytest.fixture(scope="module")
def productie():
    """The cookie and transport settings as production (DEBUG=0) computes them."""
    uit = draai(
        "import json; from mba import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {COOKIE_INSTELLINGEN!r}}}))",
        **PRODUCTIE,
    )
    assert uit.returncode == 0, uit.stderr
    return json.loads(uit.stdout)


def test_in_production_the_browser_is_held_to_https(client, productie):
    with override_settings(**productie, ALLOWED_HOSTS=["mba.assen.nl"]):
        onveilig = client.get("/inloggen/", HTTP_HOST="mba.assen.nl")
        assert onveilig.status_code == 301
        assert onveilig["Location"] == "https://mba.assen.nl/inloggen/"
        veilig = client.get("/inloggen/", HTTP_HOST="mba.assen.nl", secure=True)
    assert veilig["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_in_production_the_cookies_are_secure_httponly_samesite_and_bound_to_the_host(
    client, medewerker_a, productie
):
    with override_settings(**productie, ALLOWED_HOSTS=["mba.assen.nl"]):
        formulier = client.get("/inloggen/", HTTP_HOST="mba.assen.nl", secure=True)
        ingelogd = client.post(
            "/inloggen/",
            {"username": "medewerker-a", "password": WACHTWOORD},
            HTTP_HOST="mba.assen.nl",
            secure=True,
        )
    assert ingelogd.status_code == 302, "logged in"
    csrf = formulier.cookies["__Host-csrftoken"]
    sessie = ingelogd.cookies["__Host-sessionid"]
    for cookie in (csrf, sessie):
        assert cookie["secure"] and cookie["httponly"]
        assert cookie["samesite"] == "Lax"
        # what the __Host- prefix demands of the cookie, or the browser refuses it
        assert cookie["path"] == "/" and not cookie["domain"]


def test_a_security_contact_that_is_not_an_address_stops_start_up():
    uit = draai(args=["check"], MBA_SECURITY_CONTACT="security@assen.nl")
    assert uit.returncode != 0
    assert "MBA_SECURITY_CONTACT must be a mailto:, https:// or tel: address" in uit.stderr


# -- security.txt ---------------------------------------------------------------------------


def velden(response):
    return dict(regel.split(": ", 1) for regel in response.text.splitlines())


def test_security_txt_names_the_contact_in_plain_text(client):
    response = client.get("/.well-known/security.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    veld = velden(response)
    assert veld["Contact"] == "mailto:security@assen.nl"
    assert veld["Preferred-Languages"] == "nl, en"
    assert veld["Canonical"] == "http://testserver/.well-known/security.txt"
    assert set(veld) == {"Contact", "Expires", "Preferred-Languages", "Canonical"}


@pytest.mark.parametrize("vandaag", ["2026-11-30", "2031-06-15"])
def test_security_txt_expires_within_a_year_of_whatever_day_it_is(client, time_machine, vandaag):
    nu = datetime.datetime.fromisoformat(f"{vandaag}T10:00:00+00:00")
    time_machine.move_to(nu, tick=False)
    verloopt = datetime.datetime.fromisoformat(
        velden(client.get("/.well-known/security.txt"))["Expires"]
    )
    assert nu + datetime.timedelta(days=90) < verloopt < nu + datetime.timedelta(days=365)


@override_settings(MBA_SECURITY_CONTACT="https://www.assen.nl/kwetsbaarheid-melden")
def test_the_security_contact_is_a_setting(client):
    assert velden(client.get("/.well-known/security.txt"))["Contact"] == (
        "https://www.assen.nl/kwetsbaarheid-melden"
    )


# -- toegankelijkheidsverklaring ------------------------------------------------------------


def test_the_toegankelijkheidsverklaring_is_public_and_linked_from_every_page(client, medewerker_a):
    link = f'href="{reverse("toegankelijkheid")}"'
    assert link in client.get(reverse("login")).text
    client.force_login(medewerker_a)
    assert link in client.get(reverse("home")).text
    client.logout()

    tekst = client.get(reverse("toegankelijkheid")).text
    assert "WCAG 2.1 op niveau AA" in tekst
    assert "nog niet onderzocht door een onafhankelijke deskundige" in tekst
    assert "axe-core</strong> 4.14.1" in tekst  # read from the vendored file
    assert "Bekende beperkingen" in tekst
    assert "Na 60 minuten zonder activiteit" in tekst  # SESSION_IDLE_MINUTEN
    assert 'href="mailto:toegankelijkheid@assen.nl"' in tekst


# -- in the browser -------------------------------------------------------------------------

MELD_SCHENDING = """
document.addEventListener("securitypolicyviolation", e =>
  console.error(`CSP-schending: ${e.violatedDirective} ${e.blockedURI}`));
"""


@pytest.fixture
def schendingen(telefoon):
    """Every CSP violation the browser reports in the console, with the page it was on."""
    gevonden = []
    telefoon.context.add_init_script(MELD_SCHENDING)

    def console(bericht):
        if "Content Security Policy" in bericht.text or "CSP-schending" in bericht.text:
            gevonden.append((telefoon.url, bericht.text[:200]))

    telefoon.on("console", console)
    for naam in ("coordinator", "medewerker", "stuurgroep"):
        Group.objects.get_or_create(name=naam)
    return gevonden


def open_onder_csp(page, url):
    response = page.goto(url)
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"], url
    return response


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_main_pages_work_under_the_csp_without_a_single_violation(
    telefoon,
    schendingen,
    live_server,
    wereld,
    coordinator,
    lijst_zonder_acties,
):
    ini = f.initiatief(wereld, status="draagvlak_gemeten")
    Jaarrapportage.objects.create(jaar=2021, titel="Jaarrapportage 2021")
    page = telefoon
    inloggen(page, live_server, "medewerker-a")
    for pad in (
        "/",
        "/contactmomenten/",
        "/initiatieven/",
        f"/initiatieven/{ini.pk}/",
        f"/wijken/{wereld.slug}/",
    ):
        open_onder_csp(page, f"{live_server.url}{pad}")
    # the year choice, the live list filter (htmx) and a form with errors
    open_onder_csp(page, f"{live_server.url}/wijken/{wereld.slug}/")
    page.get_by_label("Jaar").select_option(str(datetime.date.today().year - 1))
    page.get_by_role("button", name="Toon").click()
    expect(page).to_have_url(re.compile(r"\?jaar=\d{4}$"))
    open_onder_csp(page, f"{live_server.url}/contactmomenten/")
    page.get_by_text("Filteren en sorteren").click()
    page.get_by_label("Kanaal").select_option("aan_de_deur")
    expect(page).to_have_url(re.compile("kanaal=aan_de_deur"))
    open_onder_csp(page, f"{live_server.url}/contactmomenten/nieuw/")
    page.get_by_label("Datum").fill("2001-01-01")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("controleer het jaar")
    # nothing of the list was kept in localStorage for the back button
    assert page.evaluate("Object.keys(localStorage)") == []

    page.get_by_role("button", name="Uitloggen").click()
    inloggen(page, live_server, "coordinator")
    open_onder_csp(page, f"{live_server.url}/rapportage/2021/")
    expect(page.get_by_role("heading", level=1).first).to_contain_text("2021")
    open_onder_csp(page, f"{live_server.url}{lijst_zonder_acties}")  # a <style> with the nonce
    expect(page.locator("#result_list")).to_be_visible()
    open_onder_csp(page, f"{live_server.url}/audit/")
    open_onder_csp(page, f"{live_server.url}/api/docs/")
    expect(page.get_by_text("contactmomenten").first).to_be_visible()
    assert schendingen == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_toegankelijkheidsverklaring_is_reachable_anonymously_and_passes_axe(
    telefoon,
    schendingen,
    live_server,
):
    page = telefoon
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile("/inloggen/"))
    page.get_by_role("contentinfo").get_by_role("link", name="Toegankelijkheid").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Toegankelijkheidsverklaring")
    assert axe_ernstig(page) == []
    assert schendingen == []
