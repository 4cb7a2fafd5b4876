"""A contact moment with channel "bij een fysiek project" names its project (10.5).

Existing rows that break the rule get channel "anders" rather than a project: which project it
was is not recorded, and linking one would invent a fact. The occasion (aanleiding) stays as it
was, so a contact about a project still says so. Their ``gewijzigd_op`` moves, so partners that
sync through the API get the new channel. The monthly counts are counted again after 0009
(activiteiten.apps), so nothing here recounts them.
"""

from django.db import migrations, models
from django.db.models import Q
from django.utils import timezone

PROJECTKANAAL_ZONDER_PROJECT = (
    "Kies het fysieke project waarbij dit contact plaatsvond: bij kanaal 'Bij een fysiek "
    "project' hoort een project. Was er geen project, kies dan een ander kanaal."
)


def projectkanaal_zonder_project_wordt_anders(apps, schema_editor):
    using = schema_editor.connection.alias
    Contactmoment = apps.get_model("activiteiten", "Contactmoment")
    los = Contactmoment.objects.using(using).filter(kanaal="project", fysiek_project__isnull=True)
    if not los.update(kanaal="anders", gewijzigd_op=timezone.now()):
        return
    if schema_editor.connection.vendor == "postgresql":
        # the new rows' deferred foreign-key checks run now, before ALTER TABLE below
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("activiteiten", "0006_grenzen_en_persoonsgegevens"),
        ("wijken", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="contactmoment",
            name="fysiek_project",
            field=models.ForeignKey(
                blank=True,
                help_text="Fysiek-sociale koppeling: het project waarover of waarbij dit contact "
                "was, via welk kanaal ook. Verplicht bij kanaal 'Bij een fysiek project'.",
                null=True,
                on_delete=models.deletion.PROTECT,
                related_name="contactmomenten",
                to="wijken.fysiekproject",
            ),
        ),
        migrations.RunPython(projectkanaal_zonder_project_wordt_anders, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="contactmoment",
            constraint=models.CheckConstraint(
                condition=~Q(kanaal="project") | Q(fysiek_project__isnull=False),
                name="activiteiten_contactmoment_projectkanaal_noemt_project",
                violation_error_message=PROJECTKANAAL_ZONDER_PROJECT,
            ),
        ),
    ]
