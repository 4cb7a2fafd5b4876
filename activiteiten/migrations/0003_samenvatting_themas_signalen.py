"""Every kind of signal gets a fixed bit (0-62), and every contact moment a summary of its themes
and signals as bit masks (``themas_bits``, ``signalen_bits``), filled here from the links."""

from django.db import migrations, models
from django.db.models import BigIntegerField, Exists, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce


def bits_geven(apps, schema_editor):
    Signaalsoort = apps.get_model("activiteiten", "Signaalsoort")
    for bit, pk in enumerate(Signaalsoort.objects.order_by("pk").values_list("pk", flat=True)):
        if bit > 62:
            raise RuntimeError("Meer dan 63 signaalsoorten: voeg er samen voor deze migratie.")
        Signaalsoort.objects.filter(pk=pk).update(bit=bit)


def samenvatting_vullen(apps, schema_editor):
    """As Contactmoment.objects.samenvatting_bijwerken(), for every contact with a link."""
    Contactmoment = apps.get_model("activiteiten", "Contactmoment")
    links = {
        "themas_bits": (Contactmoment.themas.through, "thema__bit"),
        "signalen_bits": (Contactmoment.signalen.through, "signaalsoort__bit"),
    }
    met_link = Q()
    for link, _ in links.values():
        met_link |= Q(Exists(link.objects.filter(contactmoment=OuterRef("pk"))))
    Contactmoment.objects.filter(met_link).update(
        **{
            kolom: Coalesce(
                Subquery(
                    link.objects.filter(contactmoment=OuterRef("pk"))
                    .values("contactmoment")
                    .annotate(m=Sum(Cast(Value(1), BigIntegerField()).bitleftshift(F(bit))))
                    .values("m")
                ),
                Value(0),
                output_field=BigIntegerField(),
            )
            for kolom, (link, bit) in links.items()
        }
    )


class Migration(migrations.Migration):
    dependencies = [
        ("activiteiten", "0002_initial"),
        ("mba", "0005_thema_bit"),
    ]

    operations = [
        migrations.AddField(
            model_name="signaalsoort",
            name="bit",
            field=models.PositiveSmallIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(bits_geven, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="signaalsoort",
            name="bit",
            field=models.PositiveSmallIntegerField(
                blank=True,
                editable=False,
                help_text="Vaste plaats in de samenvatting van een contactmoment (0-62).",
                unique=True,
            ),
        ),
        migrations.AddConstraint(
            model_name="signaalsoort",
            constraint=models.CheckConstraint(
                condition=models.Q(("bit__lt", 63)),
                name="activiteiten_signaalsoort_bit_in_masker",
                violation_error_message="Een bit ligt tussen 0 en 62.",
            ),
        ),
        migrations.AddField(
            model_name="contactmoment",
            name="themas_bits",
            field=models.BigIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="contactmoment",
            name="signalen_bits",
            field=models.BigIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(samenvatting_vullen, migrations.RunPython.noop),
    ]
