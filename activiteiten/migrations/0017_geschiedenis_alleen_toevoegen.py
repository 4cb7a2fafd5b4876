"""The histories of referrals and collective problems are append-only in the database too, as
the initiative history is (initiatieven/0003): triggers refuse updates, on PostgreSQL deletes
too. SQLite gets no delete trigger: Django empties SQLite tables with DELETE (flush, after
transactional tests); PostgreSQL empties them with TRUNCATE, which row triggers do not see."""

from django.db import migrations

TABELLEN = ["activiteiten_doorverwijzingwijziging", "activiteiten_vraagstukstatuswijziging"]


def _sqlite(tabel):
    return [
        f"""CREATE TRIGGER {tabel}_geen_update BEFORE UPDATE ON {tabel}
            BEGIN SELECT RAISE(ABORT, 'geschiedenis is alleen aan te vullen'); END"""
    ]


def _postgres(tabel):
    return [
        f"""CREATE FUNCTION {tabel}_append_only() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION 'geschiedenis is alleen aan te vullen'; END;
            $$ LANGUAGE plpgsql""",
        f"""CREATE TRIGGER {tabel}_geen_wijziging BEFORE UPDATE OR DELETE ON {tabel}
            FOR EACH ROW EXECUTE FUNCTION {tabel}_append_only()""",
    ]


def _sqlite_terug(tabel):
    return [f"DROP TRIGGER {tabel}_geen_update"]


def _postgres_terug(tabel):
    return [
        f"DROP TRIGGER {tabel}_geen_wijziging ON {tabel}",
        f"DROP FUNCTION {tabel}_append_only()",
    ]


def triggers(per_vendor):
    def run(apps, schema_editor):
        maak = per_vendor.get(schema_editor.connection.vendor)
        if maak is None:
            return
        for tabel in TABELLEN:
            for sql in maak(tabel):
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("activiteiten", "0016_collectieve_vraagstukken")]

    operations = [
        migrations.RunPython(
            triggers({"sqlite": _sqlite, "postgresql": _postgres}),
            triggers({"sqlite": _sqlite_terug, "postgresql": _postgres_terug}),
        ),
    ]
