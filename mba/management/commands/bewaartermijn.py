from django.core.management.base import BaseCommand

from mba.bewaren import bewaartermijnen_toepassen


class Command(BaseCommand):
    help = (
        "Past de bewaartermijnen toe: anonimiseert contactgegevens van afgesloten initiatieven, "
        "maakt oude notities bij contactmomenten leeg en verwijdert oude auditregels, "
        "API-aanroepen en exportregistraties. Elke soort komt in het verwijderlog. Met --droog "
        "alleen tellen wat aan de beurt is, zonder iets te wijzigen. Voor cron, bijvoorbeeld "
        "elke nacht om 03:15."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--droog",
            action="store_true",
            help="Alleen tellen: niets wijzigen, niets verwijderen, niets loggen.",
        )

    def handle(self, *args, droog, **options):
        resultaten = bewaartermijnen_toepassen(bron="commando bewaartermijn", droog=droog)
        if droog:
            self.stdout.write("Proefdraaien: er is niets gewijzigd. Dit zou nu gebeuren:")
        for r in resultaten:
            self.stdout.write(f"{r.omschrijving}: {r.aantal} (van vóór {r.grens:%d-%m-%Y})")
        if not droog:
            self.stdout.write(self.style.SUCCESS("Klaar; het verwijderlog is bijgewerkt."))
