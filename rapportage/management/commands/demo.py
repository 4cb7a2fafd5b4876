import os
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from activiteiten.demo_doorverwijzingen import maak_demo_doorverwijzingen
from activiteiten.demo_vraagstukken import maak_demo_vraagstukken
from mba import wijzigingen
from rapportage.demo import (
    DataFout,
    Lader,
    lees,
    maak_demo_gebruikers,
    synthetische_contactmomenten,
)
from rapportage.demo_meldingen import maak_demo_meldingen

DEMO_WACHTWOORD = os.environ.get("MBA_DEMO_WACHTWOORD", "MijnBuurt-demo-2021")


class Command(BaseCommand):
    help = (
        "Laadt het programma 2021 uit data/mba-2021.toml, maakt demo-accounts per rol en, met "
        "--volume N, N synthetische contactmomenten (2019-2024). Twee keer draaien verandert niets."
    )

    def add_arguments(self, parser):
        parser.add_argument("--bestand", default=str(settings.BASE_DIR / "data" / "mba-2021.toml"))
        parser.add_argument("--volume", type=int, default=0, metavar="N")
        parser.add_argument(
            "--geen-gebruikers", action="store_true", help="Maak geen demo-accounts aan."
        )
        parser.add_argument(
            "--ook-in-productie",
            action="store_true",
            help="Ook met DEBUG uit (de demo-accounts hebben een bekend wachtwoord).",
        )

    def handle(self, *args, bestand, volume, geen_gebruikers, ook_in_productie, **options):
        if volume < 0:
            raise CommandError("--volume is een aantal contactmomenten: 0 of meer.")
        if not settings.DEBUG and not geen_gebruikers and not ook_in_productie:
            raise CommandError(
                "DEBUG staat uit: demo-accounts met een bekend wachtwoord horen niet in productie. "
                "Gebruik --geen-gebruikers, of --ook-in-productie als u het zeker weet."
            )
        try:
            data = lees(bestand)
        except FileNotFoundError:
            raise CommandError(f"Het bestand {bestand} bestaat niet.") from None
        except ValueError as e:
            raise CommandError(f"{bestand} is geen geldig TOML-bestand: {e}") from None

        try:
            Lader(data).laad()
        except (DataFout, KeyError) as e:
            raise CommandError(f"{bestand}: {e}; er is niets opgeslagen.") from None
        self.stdout.write(self.style.SUCCESS(f"Programma {data['jaar']} geladen uit {bestand}."))

        if volume:
            begin = time.perf_counter()
            n = synthetische_contactmomenten(volume)
            wijzigingen.gewijzigd()  # written with bulk SQL, past the signals
            self.stdout.write(
                f"{n} synthetische contactmomenten toegevoegd in "
                f"{time.perf_counter() - begin:.1f} s (totaal gevraagd: {volume})."
            )

        if not geen_gebruikers:
            rijen = maak_demo_gebruikers(DEMO_WACHTWOORD)
            maak_demo_doorverwijzingen()  # referrals between the demo accounts, every state
            maak_demo_vraagstukken()  # grown from the signals, owned by the demo's teams
            self.stdout.write(f"\nDemo-accounts (wachtwoord voor allemaal: {DEMO_WACHTWOORD})")
            for username, rol, org, wijken in rijen:
                self.stdout.write(f"  {username:<22} {rol:<12} {org:<16} wijken: {wijken}")
            self.stdout.write(f"Demo-meldingen gemaakt: {maak_demo_meldingen()}.")
