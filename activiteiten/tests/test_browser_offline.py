"""The contact form on a phone without a connection (issue 15, docs/offline.md), in Debian's
headless Chromium with Playwright's offline emulation: contacts logged in a basement wait on the
phone, go to the server once the connection is back, each exactly once, and one the server
refuses comes back to be corrected."""

import time

import pytest
from playwright.sync_api import expect

from activiteiten.models import Contactmoment
from mba.models import Formulierinzending
from mba.tests.test_browser import (  # noqa: F401 (fixtures)
    AXE,
    axe_ernstig,
    chromium,
    inloggen,
    rollen,
    telefoon,
    wereld,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NIEUW = "/contactmomenten/nieuw/"


def wacht_op(voorwaarde, seconden=10):
    eind = time.monotonic() + seconden
    while not voorwaarde():
        assert time.monotonic() < eind, "timed out"
        time.sleep(0.1)


def log_contact(page, kanaal, notitie, wachtend):
    page.get_by_label("Kanaal").select_option(kanaal)
    page.get_by_label("Aanleiding").select_option("vraag_bewoner")
    meer = page.locator("details.meer")
    if meer.get_attribute("open") is None:
        page.get_by_text("Meer: buurt, aantal, notitie, vervolg").click()
    page.get_by_label("Notitie").fill(notitie)
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.locator("#offline-melding")).to_contain_text(
        "Bewaard op deze telefoon — wordt verstuurd zodra er verbinding is"
    )
    # stored and the form cleared for the next one (the message above is the same every time)
    expect(page.locator("#wachtrij")).to_have_text(
        f"{wachtend} wacht" if wachtend == 1 else f"{wachtend} wachten"
    )
    expect(page.get_by_label("Notitie")).to_have_value("")


def test_three_contacts_logged_without_a_connection_reach_the_server_once(
    telefoon,  # noqa: F811 (fixtures imported above)
    live_server,
    medewerker_a,
    wereld,  # noqa: F811 (fixtures imported above)
):
    page = telefoon
    al_gelogd = Contactmoment.objects.count()  # the world's earlier work
    inloggen(page, live_server, medewerker_a.username)
    page.goto(f"{live_server.url}{NIEUW}")
    # the form and what it needs are on the phone, and the service worker runs the page
    page.evaluate("navigator.serviceWorker.ready")
    wacht_op(lambda: page.evaluate(f"caches.match('{NIEUW}').then(a => !!a)"))
    wacht_op(lambda: page.evaluate("!!navigator.serviceWorker.controller") or page.reload())

    # axe itself is no part of the app: keep it on the phone for the check below
    page.evaluate("url => caches.open('mba-offline-v1').then(c => c.add(url))", AXE)
    page.context.set_offline(True)
    log_contact(page, "straat", "Gesprek over de speeltuin", 1)
    log_contact(page, "bic", "Vraag over de buurtbus", 2)
    log_contact(page, "telefoon", "Bel mevrouw terug op 06-12345678", 3)
    wachtrij = page.locator("#wachtrij")
    expect(wachtrij).to_have_text("3 wachten")
    assert Contactmoment.objects.count() == al_gelogd

    # reloading without a connection: the form comes from the phone, the contacts still wait
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contactmoment loggen")
    expect(wachtrij).to_have_text("3 wachten")
    fouten = axe_ernstig(page)
    assert fouten == []

    # another page without a connection says it needs one
    page.goto(f"{live_server.url}/contactmomenten/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Geen verbinding")
    page.go_back()
    expect(wachtrij).to_have_text("3 wachten")

    page.context.set_offline(False)
    terug = page.locator("#terugkomers")
    expect(terug).to_be_visible()
    expect(terug).to_contain_text("telefoonnummer")
    expect(wachtrij).to_have_text("1 wacht")
    nieuw = Contactmoment.objects.filter(medewerker=medewerker_a, kanaal__in=["straat", "bic"])
    assert sorted(nieuw.values_list("notitie", flat=True)) == [
        "Gesprek over de speeltuin",
        "Vraag over de buurtbus",
    ]

    # the refused one opens in the form with its values, and is saved once corrected
    terug.get_by_role("button", name="Verbeteren").click()
    expect(page.get_by_label("Notitie")).to_have_value("Bel mevrouw terug op 06-12345678")
    expect(page.get_by_label("Kanaal")).to_have_value("telefoon")
    page.get_by_label("Notitie").fill("Mevrouw terugbellen via de buurtcoach")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(wachtrij).to_be_hidden()
    expect(terug).to_be_hidden()
    assert Contactmoment.objects.count() == al_gelogd + 3
    assert Contactmoment.objects.filter(kanaal="telefoon").get().notitie == (
        "Mevrouw terugbellen via de buurtcoach"
    )

    # a sync whose answer got lost sends a contact again with its token: nothing is added
    token = str(Formulierinzending.objects.order_by("pk").first().token)
    page.evaluate(
        """token => new Promise(klaar => {
            const open = indexedDB.open("mba-offline", 1);
            open.onsuccess = () => {
                const tx = open.result.transaction("wachtrij", "readwrite");
                tx.objectStore("wachtrij").put({velden: [["datum", "2021-06-15"],
                    ["kanaal", "straat"]], token, status: "wacht", fouten: []});
                tx.oncomplete = () => klaar(true);
            };
        })""",
        token,
    )
    page.reload()
    # the counter starts hidden on every page, so wait for the phone's queue itself to empty
    assert _wacht_tot_de_wachtrij_leeg_is(page)
    expect(wachtrij).to_be_hidden()
    assert Contactmoment.objects.count() == al_gelogd + 3


def _wacht_tot_de_wachtrij_leeg_is(page, seconden=10):
    """Poll the phone's IndexedDB queue until it is empty; False when it is not after `seconden`."""
    tel = """() => new Promise(klaar => {
        const open = indexedDB.open("mba-offline", 1);
        open.onsuccess = () => {
            const r = open.result.transaction("wachtrij").objectStore("wachtrij").count();
            r.onsuccess = () => klaar(r.result);
        };
    })"""
    for _ in range(seconden * 10):
        if page.evaluate(tel) == 0:
            return True
        page.wait_for_timeout(100)
    return False
