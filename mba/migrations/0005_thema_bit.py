"""Every theme gets a fixed bit (0-62): contact moments keep their themes as a bit mask
(``Contactmoment.themas_bits``), so the figures count them without joining the links."""

from django.db import migrations, models


def bits_geven(apps, schema_editor):
    Thema = apps.get_model("mba", "Thema")
    for bit, pk in enumerate(Thema.objects.order_by("pk").values_list("pk", flat=True)):
        if bit > 62:
            raise RuntimeError("Meer dan 63 thema's: voeg thema's samen voor deze migratie.")
        Thema.objects.filter(pk=pk).update(bit=bit)


class Migration(migrations.Migration):
    dependencies = [
        ("mba", "0004_export_en_formulierinzending"),
    ]

    operations = [
        migrations.AddField(
            model_name="thema",
            name="bit",
            field=models.PositiveSmallIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(bits_geven, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="thema",
            name="bit",
            field=models.PositiveSmallIntegerField(
                blank=True,
                editable=False,
                help_text="Vaste plaats in de samenvatting van een contactmoment (0-62).",
                unique=True,
            ),
        ),
        migrations.AddConstraint(
            model_name="thema",
            constraint=models.CheckConstraint(
                condition=models.Q(("bit__lt", 63)),
                name="mba_thema_bit_in_masker",
                violation_error_message="Een bit ligt tussen 0 en 62.",
            ),
        ),
    ]
