"""The monthly counts without the organisation x receiving organisation split of every row: the
figures per organisation and per receiving organisation are declarations of their own
(``organisatie``, ``doorverwezen``; docs/adr/0009).

The rows are deleted (they would be split the old way) and counted again after the migration by
``activiteiten.apps`` (``post_migrate``: the table is empty and there are contact moments), so
this migration imports no live code. Backwards the table stays empty until
``manage.py kengetallen_herberekenen`` with that code.
"""

from django.db import migrations


def leegmaken(apps, schema_editor):
    apps.get_model("activiteiten", "Contacttelling").objects.using(
        schema_editor.connection.alias
    ).all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("activiteiten", "0010_contacttellingen_als_rijen"),
    ]

    operations = [
        migrations.RunPython(leegmaken, migrations.RunPython.noop, elidable=True),
        migrations.RemoveField(model_name="contacttelling", name="organisatie"),
        migrations.RemoveField(model_name="contacttelling", name="doorverwezen_naar"),
        # backwards: empty before the two columns come back (NOT NULL, without a default)
        migrations.RunPython(migrations.RunPython.noop, leegmaken, elidable=True),
    ]
