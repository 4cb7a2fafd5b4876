from django.core.management.base import BaseCommand, CommandError

from mba.models import Inschrijfcode, Medewerker


class Command(BaseCommand):
    help = (
        "Maakt een inschrijfcode waarmee een medewerker bij de volgende keer inloggen een "
        "authenticator-app koppelt (inschrijfcode GEBRUIKERSNAAM). De code wordt één keer getoond."
    )

    def add_arguments(self, parser):
        parser.add_argument("gebruikersnaam")

    def handle(self, *args, gebruikersnaam, **options):
        try:
            medewerker = Medewerker.objects.get(username=gebruikersnaam)
        except Medewerker.DoesNotExist:
            raise CommandError(f"Geen medewerker met gebruikersnaam '{gebruikersnaam}'.") from None
        obj, code = Inschrijfcode.maak(medewerker)
        self.stdout.write(
            self.style.SUCCESS(
                f"Inschrijfcode voor {medewerker}, één keer te gebruiken tot "
                f"{obj.geldig_tot:%d-%m-%Y %H:%M}. Geef hem persoonlijk door:"
            )
        )
        self.stdout.write(code)
