"""Takes the README's screenshots with Playwright and Debian's Chromium from a running demo.

    make demo && .venv/bin/python manage.py runserver 127.0.0.1:8765 &
    .venv/bin/python docs/screenshots/maak.py http://127.0.0.1:8765

Logs in as the demo's medewerker-actium (Lariks, Noorderpark), logs one contact with a referral
so that the home page has an open follow-up, and saves PNGs beside this file: phone size
(390x844) and one desktop page.
"""

import os
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

HIER = Path(__file__).resolve().parent
URL = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8765"
WACHTWOORD = os.environ.get("MBA_DEMO_WACHTWOORD", "MijnBuurt-demo-2021")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--lang=nl-NL",
]


def main():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        telefoon = browser.new_context(
            viewport={"width": 390, "height": 844}, device_scale_factor=1, locale="nl-NL"
        )
        page = telefoon.new_page()
        page.goto(f"{URL}/inloggen/")
        page.screenshot(path=HIER / "inloggen.png")
        page.get_by_label("Gebruikersnaam").fill("medewerker-actium")
        page.get_by_label("Wachtwoord").fill(WACHTWOORD)
        page.get_by_role("button", name="Inloggen").click()

        page.goto(f"{URL}/contactmomenten/nieuw/")
        page.get_by_label("Kanaal").select_option("aan_de_deur")
        page.get_by_label("Aanleiding").select_option("wijkronde")
        page.get_by_label("Eenzaamheid").check()
        page.get_by_label("Geldzorgen").check()
        page.get_by_label("Doorverwezen naar").select_option(label="Vaart Welzijn")
        page.screenshot(path=HIER / "contactmoment-loggen.png")
        page.get_by_role("button", name="Opslaan", exact=True).click()

        for naam, pad in [
            ("start", "/?jaar=2021"),
            ("contactmomenten", "/contactmomenten/?wijk=lariks"),
            ("initiatief", "/initiatieven/2/"),
            ("wijk", "/wijken/lariks/?jaar=2021"),
        ]:
            page.goto(f"{URL}{pad}")
            page.screenshot(path=HIER / f"{naam}.png", full_page=naam in ("start", "wijk"))

        desktop = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
        page = desktop.new_page()
        page.goto(f"{URL}/inloggen/")
        page.get_by_label("Gebruikersnaam").fill("coordinator")
        page.get_by_label("Wachtwoord").fill(WACHTWOORD)
        page.get_by_role("button", name="Inloggen").click()
        page.goto(f"{URL}/initiatieven/")
        page.screenshot(path=HIER / "initiatieven-desktop.png")
        page.goto(f"{URL}/wijken/lariks/?jaar=2021")
        page.screenshot(path=HIER / "wijk-desktop.png")
        browser.close()


if __name__ == "__main__":
    main()
