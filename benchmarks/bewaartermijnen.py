"""Benchmark: the retention job (mba.bewaren) on production-sized data.

On the demo with N synthetic contact moments (2019-2024), every one with a note, and M audit
rows spread over 2022-2024, it runs ``bewaartermijnen_toepassen()`` three times with the default
periods and times every statement it sends:

1. the first night (1 January 2025): every note of a contact before 1 January 2023 is emptied
   and every audit row before then deleted, a large share of the table in one statement each;
2. the next night (2 January 2025): what one day adds, the steady state;
3. the same night again: nothing is due (the job is idempotent).

Then it checks that the figures of 2021 are the same as before the first night. It prints a
Markdown table for docs/benchmarks.md.

    createdb -h 127.0.0.1 -U postgres mba_bewaren
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mba_bewaren \\
        .venv/bin/python benchmarks/bewaartermijnen.py --laden --rijen 1000000

``--laden`` migrates and runs ``manage.py demo --geen-gebruikers --volume N`` first (once is
enough: the demo adds only what is missing). Every run first gives all contact moments their
note back and tops the audit rows up to M, so runs can be repeated.
"""

import argparse
import datetime
import os
import platform
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mba.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from activiteiten.models import Contactmoment  # noqa: E402
from mba.bewaren import bewaartermijnen_toepassen  # noqa: E402
from mba.models import Auditregel  # noqa: E402
from rapportage.kengetallen import Periode, kengetallen  # noqa: E402

AMS = ZoneInfo("Europe/Amsterdam")
EERSTE_NACHT = datetime.datetime(2025, 1, 1, 3, 15, tzinfo=AMS)
NOTITIE = "Zorgen om eenzaamheid; vervolg met de buurtsportcoach afgesproken."


def audit_aanvullen(aantal):
    """Tops the audit rows up to ``aantal``, spread evenly over 2022-2024 (three years)."""
    bestaand = Auditregel.objects.count()
    begin = datetime.datetime(2022, 1, 1, tzinfo=datetime.UTC)
    stap = datetime.timedelta(days=3 * 365) / max(aantal, 1)
    kolommen = "tijdstip, actie, objecttype, object_id, aantal, actor_naam, herkomst, pad, "
    kolommen += "resultaat, doel"
    sql = (
        f"INSERT INTO mba_auditregel ({kolommen}) "
        "VALUES (%s, 'bekeken', 'activiteiten.contactmoment', %s, 1, 'medewerker', 'pagina', "
        "'/contactmomenten/', 'toegestaan', '')"
    )
    for blok in range(bestaand, aantal, 10_000):
        rijen = [
            (connection.ops.adapt_datetimefield_value(begin + i * stap), str(i))
            for i in range(blok, min(blok + 10_000, aantal))
        ]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, rijen)


class Klok:
    """Times every statement the job sends (connection.execute_wrapper)."""

    def __init__(self):
        self.metingen = []

    def __call__(self, execute, sql, params, many, context):
        begin = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.metingen.append((sql, time.perf_counter() - begin))


def nacht(nu):
    klok = Klok()
    begin = time.perf_counter()
    with connection.execute_wrapper(klok):
        resultaten = bewaartermijnen_toepassen(nu=nu, bron="benchmark")
    totaal = time.perf_counter() - begin
    werk = [(s.split()[0], t) for s, t in klok.metingen if s.split()[0] in ("UPDATE", "DELETE")]
    assert len(werk) == len(resultaten), werk  # one statement per kind, whatever the rows
    return [(r, t) for r, (_, t) in zip(resultaten, werk, strict=True)], totaal


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--laden", action="store_true", help="migrate and load the demo first")
    parser.add_argument("--rijen", type=int, default=1_000_000, help="contact moments (--laden)")
    parser.add_argument("--audit", type=int, default=300_000, help="audit rows")
    args = parser.parse_args()

    if args.laden:
        call_command("migrate", verbosity=0)
        begin = time.perf_counter()
        call_command("demo", geen_gebruikers=True, volume=args.rijen, verbosity=0)
        print(f"geladen in {time.perf_counter() - begin:.0f} s")
    begin = time.perf_counter()
    Contactmoment.objects.update(notitie=NOTITIE)
    audit_aanvullen(args.audit)
    print(f"notities en auditregels klaargezet in {time.perf_counter() - begin:.0f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE activiteiten_contactmoment")
            cursor.execute("VACUUM ANALYZE mba_auditregel")

    figuren = kengetallen(Periode.jaar(2021)).as_dict()
    runs = [
        ("eerste nacht (1-1-2025)", EERSTE_NACHT),
        ("volgende nacht (2-1-2025)", EERSTE_NACHT + datetime.timedelta(days=1)),
        ("dezelfde nacht nog eens", EERSTE_NACHT + datetime.timedelta(days=1, hours=1)),
    ]
    uitkomsten = [(naam, *nacht(nu)) for naam, nu in runs]
    assert kengetallen(Periode.jaar(2021)).as_dict() == figuren, "figures of 2021 changed"

    db = connection.vendor
    if db == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            db += " " + cursor.fetchone()[0]
    print(
        f"\n{datetime.date.today()}, Python {platform.python_version()}, {db}, "
        f"{Contactmoment.objects.count():,} contact moments, {args.audit:,} audit rows "
        "(before the first night); the figures of 2021 were the same after the runs.\n"
    )
    print("| run | kind | rows | statement (s) |")
    print("| --- | --- | ---: | ---: |")
    for naam, per_soort, totaal in uitkomsten:
        for r, t in per_soort:
            print(f"| {naam} | {r.soort} | {r.aantal:,} | {t:.3f} |")
        print(f"| {naam} | **whole job** | | **{totaal:.3f}** |")


if __name__ == "__main__":
    main()
