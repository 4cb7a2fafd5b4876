"""Warm handover in a real browser: a medewerker of Actium refers from the contact form on a
phone to Vaart Welzijn; Vaart's medewerker finds it in the inbox and answers; the answer is on
the writer's home page; the bell counts the news on both sides. axe-core finds no serious or
critical violation on the inbox."""

import pytest
from playwright.sync_api import expect

from activiteiten.models import Doorverwijzing
from mba.tests import test_browser as browser
from mba.tests.test_browser import TELEFOON, axe_ernstig, inloggen

# the browser test fixtures of the staff app, shared
chromium, rollen, wereld = browser.chromium, browser.rollen, browser.wereld

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_referral_goes_from_the_phone_form_to_the_inbox_and_the_answer_back_home(
    chromium, live_server, wereld, medewerker_a, medewerker_b
):
    afzender = chromium.new_context(viewport=TELEFOON, locale="nl-NL", has_touch=True)
    ontvanger = chromium.new_context(viewport=TELEFOON, locale="nl-NL", has_touch=True)
    for context in (afzender, ontvanger):
        context.set_default_timeout(10_000)
    page = afzender.new_page()
    inloggen(page, live_server, "medewerker-a")
    page.get_by_role("link", name="Contactmoment loggen").click()
    page.get_by_label("Kanaal").select_option("aan_de_deur")
    page.get_by_label("Aanleiding").select_option("wijkronde")
    page.get_by_label("Eenzaamheid").check()
    page.get_by_label("Doorverwezen naar").select_option(label="Vaart Welzijn")
    page.get_by_role("button", name="Opslaan", exact=True).tap()
    expect(page.get_by_role("status")).to_contain_text("is opgeslagen")
    d = Doorverwijzing.objects.exclude(contactmoment__kanaal="bic").get(
        contactmoment__medewerker=medewerker_a, contactmoment__signalen__naam="Eenzaamheid"
    )

    expect(page.locator(".bel__aantal")).to_have_count(0)  # the writer: nothing new yet

    vaart = ontvanger.new_page()
    inloggen(vaart, live_server, "medewerker-b")
    expect(vaart.locator(".bel__aantal")).to_contain_text("1")  # the bell: a new referral
    vaart.goto(f"{live_server.url}/doorverwijzingen/")
    assert axe_ernstig(vaart) == []
    assert vaart.evaluate("document.documentElement.scrollWidth") <= TELEFOON["width"]
    vaart.get_by_role("link", name=d.verstuurd_op.strftime("%-d-%-m-%Y")).first.click()
    expect(vaart).to_have_url(f"{live_server.url}/doorverwijzingen/{d.pk}/")
    expect(vaart.locator("main")).to_contain_text("Eenzaamheid")
    vaart.get_by_label("Nieuwe status").select_option("afgerond")
    vaart.get_by_role("textbox", name="Antwoord").fill("Maatje gekoppeld via het buurtteam.")
    vaart.get_by_role("button", name="Opslaan").tap()
    expect(vaart.get_by_role("status")).to_contain_text("Afgerond")

    page.goto(f"{live_server.url}/")
    expect(page.locator(".bel__aantal")).to_contain_text("1")  # the writer's bell: the answer
    antwoorden = page.locator(
        "section", has=page.get_by_role("heading", name="Antwoorden op mijn doorverwijzingen")
    )
    expect(antwoorden).to_contain_text("Maatje gekoppeld via het buurtteam.")
    antwoorden.get_by_role("link", name="Vaart Welzijn — Afgerond").click()
    expect(page).to_have_url(f"{live_server.url}/doorverwijzingen/{d.pk}/")
    afzender.close()
    ontvanger.close()
