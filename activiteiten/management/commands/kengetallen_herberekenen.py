"""Recounts the monthly counts of contact moments (Contacttelling) from the contact moments, and
says how many rows were off. For after writes around the model (raw SQL, a restore)."""

from django.core.management.base import BaseCommand

from activiteiten import tellingen
from mba import wijzigingen


class Command(BaseCommand):
    help = "Telt de maandtellingen van contactmomenten opnieuw uit de contactmomenten zelf."

    def add_arguments(self, parser):
        parser.add_argument(
            "--controleer",
            action="store_true",
            help="Alleen controleren: zeg hoeveel rijen afwijken, verander niets.",
        )

    def handle(self, *args, controleer=False, **options):
        afwijkend = tellingen.verschillen()
        if controleer:
            self.stdout.write(f"{afwijkend} maandtelling(en) wijken af van de contactmomenten.")
            if afwijkend:
                raise SystemExit(1)
            return
        rijen = tellingen.alles_herberekenen()
        wijzigingen.gewijzigd()  # cached figures (mba.wijzigingen) are counted again
        self.stdout.write(
            f"{rijen} maandtellingen opnieuw geteld; {afwijkend} weken af van de contactmomenten."
        )
