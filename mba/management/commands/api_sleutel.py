from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from mba.models import ApiSleutel, Organisatie


class Command(BaseCommand):
    help = (
        "Maakt een API-sleutel voor een partnerorganisatie en toont hem één keer "
        "(api_sleutel actium --naam 'datawarehouse' --scope statistieken); "
        "--lijst toont de sleutels, --intrekken PREFIX trekt er een in."
    )

    def add_arguments(self, parser):
        parser.add_argument("organisatie", nargs="?", help="Slug of naam van de organisatie.")
        parser.add_argument("--naam", default="", help="Waarvoor de sleutel is.")
        parser.add_argument(
            "--scope", choices=ApiSleutel.Scope.values, default=ApiSleutel.Scope.ALLES
        )
        parser.add_argument("--intrekken", metavar="PREFIX", help="Trek deze sleutel in.")
        parser.add_argument("--lijst", action="store_true", help="Toon alle sleutels.")

    def handle(self, *args, organisatie, naam, scope, intrekken, lijst, **options):
        if lijst:
            return self.lijst(organisatie)
        if intrekken:
            return self.intrekken(intrekken)
        if not organisatie:
            raise CommandError("Noem de organisatie (slug of naam), of gebruik --lijst.")
        org = self.organisatie(organisatie)
        obj, sleutel = ApiSleutel.maak(org, naam or f"Sleutel {org.naam}", scope)
        self.stdout.write(
            self.style.SUCCESS(f"API-sleutel '{obj.naam}' voor {org} ({obj.get_scope_display()}).")
        )
        self.stdout.write("Kopieer hem nu; hij wordt niet bewaard en niet nog eens getoond:\n")
        self.stdout.write(sleutel)

    def organisatie(self, waarde):
        try:
            return Organisatie.objects.get(Q(slug=waarde) | Q(naam__iexact=waarde))
        except Organisatie.DoesNotExist:
            slugs = ", ".join(Organisatie.objects.values_list("slug", flat=True))
            raise CommandError(f"Onbekende organisatie '{waarde}'. Kies uit: {slugs}.") from None

    def intrekken(self, prefix):
        try:
            obj = ApiSleutel.objects.get(prefix=prefix)
        except ApiSleutel.DoesNotExist:
            raise CommandError(f"Geen sleutel met prefix '{prefix}' (zie --lijst).") from None
        if not obj.actief:
            raise CommandError(f"De sleutel {obj} was al ingetrokken.")
        obj.intrekken()
        self.stdout.write(self.style.SUCCESS(f"Ingetrokken: {obj}."))

    def lijst(self, organisatie):
        sleutels = ApiSleutel.objects.select_related("organisatie")
        if organisatie:
            sleutels = sleutels.filter(organisatie=self.organisatie(organisatie))
        for s in sleutels:
            status = "ingetrokken" if not s.actief else "actief"
            gebruikt = f"{s.laatst_gebruikt_op:%d-%m-%Y %H:%M}" if s.laatst_gebruikt_op else "nooit"
            self.stdout.write(
                f"{s.prefix}  {s.organisatie.slug:<20} {s.scope:<12} {status:<11} "
                f"laatst gebruikt: {gebruikt}  {s.naam}"
            )
