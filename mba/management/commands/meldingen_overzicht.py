import datetime

from django.core.management.base import BaseCommand, CommandError

from mba.meldingen import overzicht_versturen


class Command(BaseCommand):
    help = (
        "Verstuurt het dagelijkse overzicht van meldingen: aan iedereen met punten voor vandaag "
        "één e-mail en/of meldingen in de app, naar hun voorkeur. Wie het overzicht van die dag "
        "al kreeg, krijgt het niet nog eens: veilig om opnieuw te draaien. Voor cron, "
        "bijvoorbeeld elke dag om 07:30 (Europe/Amsterdam)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dag",
            type=datetime.date.fromisoformat,
            help="De dag van het overzicht (JJJJ-MM-DD); standaard vandaag.",
        )

    def handle(self, *args, dag=None, **options):
        try:
            aantal = overzicht_versturen(dag)
        except OSError as e:
            raise CommandError(
                f"Niet elk overzicht kon worden verzonden ({e}); draai het later opnieuw: "
                "wie het al kreeg, krijgt het niet nog eens."
            ) from e
        self.stdout.write(self.style.SUCCESS(f"Overzichten verzonden: {aantal}."))
