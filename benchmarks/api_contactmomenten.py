"""Benchmark: a 100-row page of /api/v1/contactmomenten/ against plain SQL + json.dumps.

Measures, in one process, on the demo with N synthetic contact moments:

- the API's first page and a deep cursor page (after 500,000 rows), through Django's test
  Client with a valid key: the whole stack (middleware, key lookup, throttle, filters, paging,
  serialising, the call log);
- the same 100 rows with the same fields (slugs of wijk, organisations, themes and signals
  included) fetched with one plain SQL query and serialised with ``json.dumps``;
- for reference, what page-number paging would cost: ``COUNT(*)`` and ``OFFSET 500000``.

It checks that both ways give the same rows, and prints medians and the ratio as a Markdown
table for docs/benchmarks.md.

    createdb -h 127.0.0.1 -U postgres mba_bench_api
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mba_bench_api \\
        .venv/bin/python benchmarks/api_contactmomenten.py --laden --rijen 1000000

``--laden`` migrates and runs ``manage.py demo --geen-gebruikers --volume N`` first (once is
enough: the demo adds only what is missing).
"""

import argparse
import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mba.settings")
# The benchmark makes thousands of calls with one key: lift the per-key limit for this process.
os.environ["MBA_API_LIMIET"] = "100000000/minute"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from activiteiten.models import Contactmoment  # noqa: E402
from benchmarks.gemeen import machine  # noqa: E402
from mba.api import CursorPaginatie  # noqa: E402
from mba.models import ALLE_SCOPES, ApiAanroep, ApiSleutel, Organisatie  # noqa: E402

PAGINA = 100

AGG = {"postgresql": "string_agg({}, ',')", "sqlite": "group_concat({}, ',')"}
SQL_RIJEN = """
SELECT c.id, c.datum, w.slug, c.buurt_id, c.kanaal, c.aanleiding, c.soort, o.slug, d.slug,
       c.bewoners_bereikt, c.vervolg_nodig, c.vervolg_afgerond_op, c.fysiek_project_id,
       c.activiteit_id, c.gewijzigd_op,
       (SELECT {agg_thema} FROM activiteiten_contactmoment_themas l
        JOIN mba_thema t ON t.id = l.thema_id WHERE l.contactmoment_id = c.id),
       (SELECT {agg_signaal} FROM activiteiten_contactmoment_signalen l
        JOIN activiteiten_signaalsoort s ON s.id = l.signaalsoort_id
        WHERE l.contactmoment_id = c.id AND NOT s.bijzonder)
FROM activiteiten_contactmoment c
JOIN wijken_wijk w ON w.id = c.wijk_id
JOIN mba_organisatie o ON o.id = c.organisatie_id
LEFT JOIN mba_organisatie d ON d.id = c.doorverwezen_naar_id
WHERE c.id > %s
ORDER BY c.id
LIMIT %s
"""


def plain_sql(na_id):
    """The same page as the API, the plain way: one SQL query (the same joins and aggregated
    slugs as the API's), dicts, json.dumps."""
    tz = timezone.get_current_timezone()
    agg = AGG[connection.vendor]
    sql = SQL_RIJEN.format(agg_thema=agg.format("t.slug"), agg_signaal=agg.format("s.slug"))
    with connection.cursor() as cursor:
        cursor.execute(sql, [na_id, PAGINA])
        rijen = cursor.fetchall()
    uit = []
    for r in rijen:
        gewijzigd = r[14]
        if timezone.is_naive(gewijzigd):  # SQLite without converters
            gewijzigd = timezone.make_aware(gewijzigd, datetime.UTC)
        uit.append(
            {
                "id": r[0],
                "datum": r[1].isoformat(),
                "datum_precisie": "dag",
                "wijk": r[2],
                "buurt": r[3],
                "kanaal": r[4],
                "aanleiding": r[5],
                "soort": r[6],
                "themas": sorted(r[15].split(",")) if r[15] else [],
                "signalen": sorted(r[16].split(",")) if r[16] else [],
                "organisatie": r[7],
                "doorverwezen_naar": r[8],
                "bewoners_bereikt": r[9],
                "vervolg_nodig": bool(r[10]),
                "vervolg_afgerond_op": r[11].isoformat() if r[11] else None,
                "fysiek_project": r[12],
                "activiteit": r[13],
                "gewijzigd_op": gewijzigd.astimezone(tz).isoformat(),
            }
        )
    return json.dumps(uit).encode()


SQL_TABEL = """
SELECT id, datum, wijk_id, buurt_id, kanaal, aanleiding, soort, organisatie_id,
       doorverwezen_naar_id, bewoners_bereikt, vervolg_nodig, vervolg_afgerond_op,
       fysiek_project_id, activiteit_id, gewijzigd_op, themas_bits, signalen_bits
FROM activiteiten_contactmoment
WHERE id > %s
ORDER BY id
LIMIT %s
"""


def lijsten():
    """The slugs by id and by bit, read once (what the API keeps in its cache)."""
    with connection.cursor() as cursor:
        uit = []
        for sql in (
            "SELECT id, slug FROM wijken_wijk",
            "SELECT id, slug FROM mba_organisatie",
            "SELECT bit, slug FROM mba_thema",
            # a key never gets the special-category signals
            "SELECT bit, slug FROM activiteiten_signaalsoort WHERE NOT bijzonder",
        ):
            cursor.execute(sql)
            uit.append(dict(cursor.fetchall()))
    return uit


def bits(masker, slugs):
    return sorted(slugs[b] for b in range(masker.bit_length()) if masker >> b & 1 and b in slugs)


def plain_sql_een_tabel(na_id, wijken, organisaties, themas, soorten):
    """The same page the way the API reads it, by hand: one query on the one table, the slugs
    of ids and bits from dicts in memory, json.dumps."""
    tz = timezone.get_current_timezone()
    with connection.cursor() as cursor:
        cursor.execute(SQL_TABEL, [na_id, PAGINA])
        rijen = cursor.fetchall()
    uit = []
    for r in rijen:
        gewijzigd = r[14]
        if timezone.is_naive(gewijzigd):  # SQLite without converters
            gewijzigd = timezone.make_aware(gewijzigd, datetime.UTC)
        uit.append(
            {
                "id": r[0],
                "datum": r[1].isoformat(),
                "datum_precisie": "dag",
                "wijk": wijken[r[2]],
                "buurt": r[3],
                "kanaal": r[4],
                "aanleiding": r[5],
                "soort": r[6],
                "themas": bits(r[15], themas),
                "signalen": bits(r[16], soorten),
                "organisatie": organisaties[r[7]],
                "doorverwezen_naar": organisaties[r[8]] if r[8] is not None else None,
                "bewoners_bereikt": r[9],
                "vervolg_nodig": bool(r[10]),
                "vervolg_afgerond_op": r[11].isoformat() if r[11] else None,
                "fysiek_project": r[12],
                "activiteit": r[13],
                "gewijzigd_op": gewijzigd.astimezone(tz).isoformat(),
            }
        )
    return json.dumps(uit).encode()


def meet(functies, runs, opwarmen=5):
    """Median milliseconds of each function. The functions take turns, run by run, so that a
    busy moment on the machine hits all of them alike."""
    for functie in functies:
        for _ in range(opwarmen):
            functie()
    tijden = [[] for _ in functies]
    for _ in range(runs):
        for functie, lijst in zip(functies, tijden, strict=True):
            begin = time.perf_counter()
            functie()
            lijst.append((time.perf_counter() - begin) * 1000)
    return [statistics.median(lijst) for lijst in tijden]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--laden", action="store_true", help="migrate and load the demo first")
    parser.add_argument("--rijen", type=int, default=1_000_000, help="contact moments (--laden)")
    parser.add_argument("--diep", type=int, default=500_000, help="rows before the deep page")
    parser.add_argument("--runs", type=int, default=50, help="measured runs per variant")
    args = parser.parse_args()

    settings.DEBUG = False  # no query log in connection.queries
    if args.laden:
        begin = time.perf_counter()
        call_command("migrate", verbosity=0)
        call_command("demo", "--geen-gebruikers", "--volume", str(args.rijen))
        print(f"geladen in {time.perf_counter() - begin:.0f} s")

    totaal = Contactmoment.objects.count()
    diep = min(args.diep, totaal - PAGINA)
    na_id = Contactmoment.objects.order_by("id").values_list("id", flat=True)[diep - 1]
    cursor = CursorPaginatie.codeer([na_id])

    sleutel, tekst = ApiSleutel.maak(Organisatie.objects.first(), "benchmark", ALLE_SCOPES)
    client = Client(HTTP_AUTHORIZATION=f"Api-Key {tekst}")
    eerste_url = f"/api/v1/contactmomenten/?aantal={PAGINA}"
    diepe_url = f"{eerste_url}&cursor={cursor}"

    aanroepen = [0]

    def api(url):
        def roep():
            # The per-key throttle keeps a list of the last minute's calls in the cache. With
            # the limit lifted for the benchmark that list would grow to thousands of entries
            # a call; with the real limit (120/minute) it holds at most 120.
            aanroepen[0] += 1
            if aanroepen[0] % 100 == 0:
                cache.clear()
            response = client.get(url)
            assert response.status_code == 200, response.content[:300]
            return response.content

        return roep

    # Same rows, same fields, same values.
    slugs = lijsten()
    for url, vanaf in ((eerste_url, 0), (diepe_url, na_id)):
        via_api = json.loads(api(url)())["resultaten"]
        assert via_api == json.loads(plain_sql(vanaf)), "API and plain SQL differ"
        assert via_api == json.loads(plain_sql_een_tabel(vanaf, *slugs)), "API and one table"
        assert len(via_api) == PAGINA

    varianten = {
        "API, first page": api(eerste_url),
        "plain SQL + json.dumps, first page": lambda: plain_sql(0),
        f"API, cursor page after {diep:,} rows": api(diepe_url),
        f"plain SQL + json.dumps, after {diep:,} rows": lambda: plain_sql(na_id),
        "hand-written one-table read + json.dumps, first page": lambda: plain_sql_een_tabel(
            0, *slugs
        ),
        f"hand-written one-table read + json.dumps, after {diep:,} rows": (
            lambda: plain_sql_een_tabel(na_id, *slugs)
        ),
    }
    resultaten = dict(zip(varianten, meet(list(varianten.values()), args.runs), strict=True))

    def sql_ms(sql):
        def roep():
            with connection.cursor() as c:
                c.execute(sql)
                c.fetchall()

        return meet([roep], min(args.runs, 10), opwarmen=2)[0]

    count_ms = sql_ms("SELECT COUNT(*) FROM activiteiten_contactmoment")
    offset_ms = sql_ms(
        f"SELECT id FROM activiteiten_contactmoment ORDER BY id LIMIT {PAGINA} OFFSET {diep}"
    )

    ApiAanroep.objects.filter(sleutel=sleutel).delete()
    sleutel.intrekken()  # its audit rows hold on to it until the retention job removes them

    namen = list(resultaten)
    eerste = resultaten[namen[0]] / resultaten[namen[1]]
    diepe = resultaten[namen[2]] / resultaten[namen[3]]
    print(f"\n{datetime.date.today():%Y-%m-%d}; {totaal:,} contact moments; {machine()}")
    print(f"median of {args.runs} interleaved runs after 5 warm-up runs, {PAGINA} rows a page\n")
    print("| what | median (ms) |")
    print("| --- | ---: |")
    for naam, ms in resultaten.items():
        print(f"| {naam} | {ms:.2f} |")
    print(f"| page-number paging: `COUNT(*)` of the table | {count_ms:.2f} |")
    print(f"| page-number paging: `OFFSET {diep:,}` (ids only) | {offset_ms:.2f} |")
    print(f"\nratio API / plain SQL: first page {eerste:.2f}x, deep page {diepe:.2f}x")
    hand_eerste = resultaten[namen[0]] / resultaten[namen[4]]
    hand_diep = resultaten[namen[2]] / resultaten[namen[5]]
    print(
        f"ratio API / hand-written one-table read: first page {hand_eerste:.2f}x, "
        f"deep page {hand_diep:.2f}x"
    )


if __name__ == "__main__":
    main()
