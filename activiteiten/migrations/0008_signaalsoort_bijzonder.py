"""Signaalsoort.bijzonder: signals of a special category under the AVG (health, money,
psychological complaints) never leave in the partner API's records, only as counts (11.6).
The programme's own kinds of that sort (as in data/mba-2021.toml) are marked here too, so that
an installation loaded before this migration is protected without loading the demo again."""

from django.db import migrations, models

BIJZONDER = ["geldzorgen", "gezondheid", "psychische-klachten"]


def markeren(apps, schema_editor):
    Signaalsoort = apps.get_model("activiteiten", "Signaalsoort")
    Signaalsoort.objects.filter(slug__in=BIJZONDER).update(bijzonder=True)


class Migration(migrations.Migration):
    dependencies = [
        ("activiteiten", "0007_projectkanaal_noemt_project"),
    ]

    operations = [
        migrations.AddField(
            model_name="signaalsoort",
            name="bijzonder",
            field=models.BooleanField(
                default=False,
                help_text="Een bijzonder persoonsgegeven (AVG art. 9), zoals gezondheid, "
                "geldzorgen of psychische klachten: partners krijgen het nooit per contactmoment, "
                "alleen als aantal in de statistieken.",
            ),
        ),
        migrations.RunPython(markeren, migrations.RunPython.noop),
    ]
