from django.db import migrations

VORMEN = [
    ("geld", "Geld"),
    ("mensen", "Mensen"),
    ("materialen", "Materialen"),
    ("ruimte", "Ruimte"),
    ("vergunning", "Vergunning"),
    ("advies", "Advies en begeleiding"),
]

TABEL = "initiatieven_statuswijziging"
# SQLite: updates only. Django empties SQLite tables with DELETE (flush, after transactional
# tests), which a delete trigger would block; PostgreSQL empties them with TRUNCATE, which row
# triggers do not see, so there the database refuses deletes too.
SQLITE = [
    f"""CREATE TRIGGER {TABEL}_geen_update BEFORE UPDATE ON {TABEL}
        BEGIN SELECT RAISE(ABORT, 'statusgeschiedenis is alleen aan te vullen'); END""",
]
POSTGRES = [
    f"""CREATE FUNCTION {TABEL}_append_only() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'statusgeschiedenis is alleen aan te vullen'; END;
        $$ LANGUAGE plpgsql""",
    f"""CREATE TRIGGER {TABEL}_geen_wijziging BEFORE UPDATE OR DELETE ON {TABEL}
        FOR EACH ROW EXECUTE FUNCTION {TABEL}_append_only()""",
]
SQLITE_TERUG = [f"DROP TRIGGER {TABEL}_geen_update"]
POSTGRES_TERUG = [
    f"DROP TRIGGER {TABEL}_geen_wijziging ON {TABEL}",
    f"DROP FUNCTION {TABEL}_append_only()",
]


def vormen(apps, schema_editor):
    Ondersteuningsvorm = apps.get_model("initiatieven", "Ondersteuningsvorm")
    for volgorde, (slug, naam) in enumerate(VORMEN):
        Ondersteuningsvorm.objects.update_or_create(
            slug=slug, defaults={"naam": naam, "volgorde": volgorde}
        )


def triggers(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("initiatieven", "0002_initial")]

    operations = [
        migrations.RunPython(vormen, migrations.RunPython.noop),
        migrations.RunPython(
            triggers({"sqlite": SQLITE, "postgresql": POSTGRES}),
            triggers({"sqlite": SQLITE_TERUG, "postgresql": POSTGRES_TERUG}),
        ),
    ]
