from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from mba.models import SCOPES, ApiSleutel, Organisatie, scopes_valideren


class Command(BaseCommand):
    help = (
        "Maakt een API-sleutel voor een partnerorganisatie en toont hem één keer "
        "(api_sleutel actium --naam 'datawarehouse' --scope statistieken --scope activiteiten); "
        "zonder --scope leest een nieuwe sleutel alleen de statistieken. --lijst toont de "
        "sleutels, --scopes-wijzigen PREFIX --scope ... geeft een sleutel andere scopes, "
        "--intrekken PREFIX trekt er een in."
    )

    def add_arguments(self, parser):
        parser.add_argument("organisatie", nargs="?", help="Slug of naam van de organisatie.")
        parser.add_argument("--naam", default="", help="Waarvoor de sleutel is.")
        parser.add_argument(
            "--scope",
            dest="scopes",
            action="append",
            choices=list(SCOPES),
            metavar="SCOPE",
            help="Wat de sleutel mag lezen; herhaal voor meer. Keuze: "
            + "; ".join(f"{naam}: {uitleg}" for naam, uitleg in SCOPES.items()),
        )
        parser.add_argument(
            "--scopes-wijzigen", metavar="PREFIX", help="Geef deze sleutel de scopes van --scope."
        )
        parser.add_argument("--intrekken", metavar="PREFIX", help="Trek deze sleutel in.")
        parser.add_argument("--lijst", action="store_true", help="Toon alle sleutels.")

    def handle(
        self, *args, organisatie, naam, scopes, scopes_wijzigen, intrekken, lijst, **options
    ):
        if lijst:
            return self.lijst(organisatie)
        if intrekken:
            return self.intrekken(intrekken)
        if scopes_wijzigen:
            return self.wijzig(scopes_wijzigen, scopes)
        if not organisatie:
            raise CommandError("Noem de organisatie (slug of naam), of gebruik --lijst.")
        org = self.organisatie(organisatie)
        try:
            obj, sleutel = ApiSleutel.maak(org, naam or f"Sleutel {org.naam}", scopes)
        except ValidationError as fout:
            raise CommandError(" ".join(fout.messages)) from None
        self.stdout.write(
            self.style.SUCCESS(f"API-sleutel '{obj.naam}' voor {org} (scopes: {obj.scopes_tekst}).")
        )
        self.stdout.write("Kopieer hem nu; hij wordt niet bewaard en niet nog eens getoond:\n")
        self.stdout.write(sleutel)

    def sleutel(self, prefix):
        try:
            return ApiSleutel.objects.get(prefix=prefix)
        except ApiSleutel.DoesNotExist:
            raise CommandError(f"Geen sleutel met prefix '{prefix}' (zie --lijst).") from None

    def organisatie(self, waarde):
        try:
            return Organisatie.objects.get(Q(slug=waarde) | Q(naam__iexact=waarde))
        except Organisatie.DoesNotExist:
            slugs = ", ".join(Organisatie.objects.values_list("slug", flat=True))
            raise CommandError(f"Onbekende organisatie '{waarde}'. Kies uit: {slugs}.") from None

    def wijzig(self, prefix, scopes):
        obj = self.sleutel(prefix)
        if not scopes:
            raise CommandError("Noem de nieuwe scopes met --scope (herhaal voor meer).")
        try:
            scopes_valideren(scopes)
        except ValidationError as fout:
            raise CommandError(" ".join(fout.messages)) from None
        obj.scopes = scopes
        obj.save(update_fields=["scopes"])
        self.stdout.write(self.style.SUCCESS(f"Scopes van {obj}: {obj.scopes_tekst}."))

    def intrekken(self, prefix):
        obj = self.sleutel(prefix)
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
                f"{s.prefix}  {s.organisatie.slug:<20} {status:<11} "
                f"laatst gebruikt: {gebruikt}  {s.naam}  [{s.scopes_tekst}]"
            )
