"""The monthly counts of contact moments as rows (month x wijk x buurt x organisation x
receiving organisation x dimensie x waarde) instead of ~150 generated columns (docs/adr/0009).

The old table is dropped and the new one created empty; its rows are counted after the
migration by ``activiteiten.apps`` (``post_migrate``: the table is empty and there are contact
moments), through ``manage.py kengetallen_herberekenen``'s code, so this migration imports no
live code.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("activiteiten", "0009_index_gewijzigd_op_en_id"),
        ("mba", "0007_verwijderingen_api"),
        ("wijken", "0001_initial"),
    ]

    operations = [
        migrations.DeleteModel(name="Contacttelling"),
        migrations.CreateModel(
            name="Contacttelling",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("maand", models.DateField(help_text="De eerste dag van de maand.")),
                (
                    "dimensie",
                    models.CharField(help_text="Wat er geteld is (een telling).", max_length=40),
                ),
                (
                    "waarde",
                    models.CharField(
                        blank=True,
                        help_text="De waarde waarnaar geteld is; leeg: één getal.",
                        max_length=40,
                    ),
                ),
                ("aantal", models.BigIntegerField()),
                (
                    "buurt",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="wijken.buurt",
                    ),
                ),
                (
                    "doorverwezen_naar",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="mba.organisatie",
                    ),
                ),
                (
                    "organisatie",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="mba.organisatie",
                    ),
                ),
                (
                    "wijk",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="wijken.wijk",
                    ),
                ),
            ],
            options={
                "verbose_name": "contacttelling",
                "verbose_name_plural": "contacttellingen",
                "indexes": [models.Index(fields=["maand", "wijk"], name="contacttelling_maand_idx")],
            },
        ),
    ]
