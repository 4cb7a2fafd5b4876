"""The sane maximum of every count and amount that people type (README: Rules that live in the
model). A typing error or an outsider's 5000000000000000000 stops at the field, with a Dutch
message, and a write around the forms stops at the database (a named CHECK constraint).

Why the sums cannot overflow: every figure adds up these columns in SQL, as a 64-bit integer
(SQLite; PostgreSQL adds integers as bigint or numeric). With the largest maximum below, 10^9,
a sum overflows 2^63 only past 9 x 10^9 rows in one sum, and with 500 residents per contact
moment only past 1.8 x 10^16 contact moments. The monthly counts (``activiteiten.Contacttelling``)
hold each count in a 64-bit column (``aantal``), so the same bound holds for them.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q


@dataclass(frozen=True)
class Grens:
    maximum: int | Decimal
    melding: str
    minimum: int | Decimal | None = None  # None: the field's own rule (not negative) holds

    def validators(self):
        uit = [MaxValueValidator(self.maximum, message=self.melding)]
        if self.minimum is not None:
            uit.append(MinValueValidator(self.minimum, message=self.melding))
        return uit

    def check(self, veld, naam):
        conditie = Q(**{f"{veld}__lte": self.maximum})
        if self.minimum is not None:
            conditie &= Q(**{f"{veld}__gte": self.minimum})
        # NULL passes a CHECK (and Django's validate_constraints) as it should: not filled in
        return models.CheckConstraint(
            condition=conditie, name=naam, violation_error_message=self.melding
        )


BEWONERS_PER_CONTACT = Grens(
    500,
    "Een contactmoment bereikt hoogstens 500 bewoners. Was het een grote bijeenkomst? Leg die "
    "vast als activiteit, met het aantal deelnemers.",
)
DEELNEMERS = Grens(100_000, "Een activiteit heeft hoogstens 100.000 deelnemers.")
KERNCIJFER = Grens(1_000_000, "Een kerncijfer is hoogstens 1.000.000.")
BEDRAG = Grens(Decimal("1000000"), "Een bedrag is hoogstens € 1.000.000.")
HUISHOUDENS = Grens(10_000, "Hoogstens 10.000 huishoudens: zoveel telt geen enkele wijk van Assen.")
WONINGEN = Grens(10_000, "Een project telt hoogstens 10.000 woningen.")
INDICATORWAARDE = Grens(
    Decimal("1000000000"),
    "Een waarde ligt tussen -1.000.000.000 en 1.000.000.000.",
    minimum=Decimal("-1000000000"),
)


class BovenMaximum(Exception):
    """Rows above a new maximum: the migration stops and names them (README: Rules)."""


def controleer_bestaande_rijen(app_label, model_naam, velden):
    """A migration step before the constraints: refuses loudly when rows break a maximum, and
    names them, rather than cap them (a capped 5000000000000000000 would be a made-up 500 in
    the annual report). ``velden``: {field: (minimum or None, maximum)}."""
    from django.db import migrations

    def controleer(apps, schema_editor):
        model = apps.get_model(app_label, model_naam)
        rijen = []
        for veld, (minimum, maximum) in velden.items():
            buiten = Q(**{f"{veld}__gt": maximum})
            if minimum is not None:
                buiten |= Q(**{f"{veld}__lt": minimum})
            qs = model.objects.using(schema_editor.connection.alias).filter(buiten)
            rijen += [f"{model_naam} {pk}: {veld} = {w}" for pk, w in qs.values_list("pk", veld)]
        if rijen:
            raise BovenMaximum(
                f"{len(rijen)} rij(en) boven het maximum; corrigeer ze (beheer, of "
                f"manage.py shell) en migreer opnieuw:\n" + "\n".join(rijen[:50])
            )

    return migrations.RunPython(controleer, migrations.RunPython.noop, elidable=False)
