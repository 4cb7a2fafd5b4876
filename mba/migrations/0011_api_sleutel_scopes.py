"""API keys get scopes per collection (and per sensitive field of contact moments) instead of
the one scope "alles" or "statistieken" (issue 11.6).

Existing keys keep what they could read: "alles" becomes every collection, the statistics and
the contact moments' buurt, referral and dates to the day; "statistieken" stays the statistics.
What no key reads any more, whatever its scopes, are the special-category signals (health,
money, psychological complaints) in the contact moments' rows: only as counts in the statistics.
"""

from django.db import migrations, models

import mba.models

# Frozen here: the scopes as they were when this migration was written.
ALLES = [
    "statistieken",
    "wijken",
    "buurten",
    "locaties",
    "themas",
    "organisaties",
    "prioriteiten",
    "fysieke-projecten",
    "bewonersinitiatieven",
    "activiteiten",
    "contactmomenten",
    "voorbeelden",
    "jaarrapportages",
    "verwijderingen",
    "contactmomenten:buurt",
    "contactmomenten:doorverwijzing",
    "contactmomenten:week",
    "contactmomenten:dag",
]


def naar_scopes(apps, schema_editor):
    ApiSleutel = apps.get_model("mba", "ApiSleutel")
    ApiSleutel.objects.filter(scope="alles").update(scopes=ALLES)
    ApiSleutel.objects.exclude(scope="alles").update(scopes=["statistieken"])


def naar_scope(apps, schema_editor):
    ApiSleutel = apps.get_model("mba", "ApiSleutel")
    for sleutel in ApiSleutel.objects.all():
        sleutel.scope = "statistieken" if sleutel.scopes == ["statistieken"] else "alles"
        sleutel.save(update_fields=["scope"])


class Migration(migrations.Migration):
    dependencies = [
        ("mba", "0010_weigeringsreeks"),
    ]

    operations = [
        migrations.AddField(
            model_name="apisleutel",
            name="scopes",
            field=models.JSONField(
                default=mba.models.standaard_scopes,
                help_text="Wat de sleutel mag lezen: per collectie, en bij contactmomenten per "
                "gevoelig veld en de precisie van datums (README: API, Scopes). Een nieuwe "
                "sleutel krijgt alleen de statistieken.",
                validators=[mba.models.scopes_valideren],
            ),
        ),
        migrations.RunPython(naar_scopes, naar_scope),
        migrations.RemoveField(
            model_name="apisleutel",
            name="scope",
        ),
    ]
