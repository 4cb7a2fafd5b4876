"""Benchmark: the annual report's figures and its PDF, against their floors.

Measures, in one warm process, on the demo with N synthetic contact moments (a fifth of them in
2021, the report's year):

(a) ``kengetallen(Periode.jaar(2021))``, the city's figures for the year, and
    ``kengetallen_per_wijk(...)``, against one plain SQL scan of that year's contact moments
    (``count(*)`` and ``sum(bewoners_bereikt)`` over the date range): the floor for anything
    that reads every contact moment of the year once;
(b) the whole PDF, ``rapport_html(rapportage, pdf=True)`` + ``html_naar_pdf``, against
    ``html_naar_pdf`` of the same, already-rendered HTML: WeasyPrint alone.

Rounds alternate the variants (others may be using the machine), and the table gives the median
of each. It is a benchmark, not a test: it reports, it does not fail.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mba_bench_rapport \\
        .venv/bin/python benchmarks/rapport.py --volume 1000000

It creates the database if it is missing, migrates, loads ``manage.py demo --geen-gebruikers
--volume N`` unless the volume is already there, and runs ``VACUUM ANALYZE``.
"""

import argparse
import datetime
import logging
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mba.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402

from activiteiten.models import Contactmoment  # noqa: E402
from benchmarks.gemeen import maak_database, machine  # noqa: E402
from rapportage.demo import SYNTHETISCH  # noqa: E402
from rapportage.kengetallen import (  # noqa: E402
    KENGETALLEN_PER_WIJK_QUERIES,
    KENGETALLEN_QUERIES,
    Periode,
    Scope,
    kengetallen,
    kengetallen_per_wijk,
    per_prioriteit,
)
from rapportage.kengetallen.telwerk import _Berekening  # noqa: E402
from rapportage.models import Jaarrapportage  # noqa: E402
from rapportage.pdf import html_naar_pdf  # noqa: E402
from rapportage.rapport import rapport_context, rapport_html  # noqa: E402

JAAR = 2021
DOEL_KENGETALLEN = 1.5
DOEL_PDF = 1.15
SCAN_SQL = (
    "SELECT count(*), sum(bewoners_bereikt) FROM activiteiten_contactmoment "
    "WHERE datum >= %s AND datum < %s"
)


def laad(volume):
    begin = time.perf_counter()
    call_command("migrate", verbosity=0)
    synthetisch = Contactmoment.objects.filter(medewerker__username__startswith=SYNTHETISCH)
    if Jaarrapportage.objects.filter(jaar=JAAR).exists() and synthetisch.count() >= volume:
        print(f"demo met {volume:,} contactmomenten is er al")
    else:
        call_command("demo", "--geen-gebruikers", "--volume", str(volume))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"klaar om te meten na {time.perf_counter() - begin:.0f} s")


def koppel():
    """Accepts the proposals of every wijk (issue 13): the synthetic contacts of the year get
    the links a coordinator would accept, so the figures per priority have rows to read."""
    from rapportage.koppelen import accepteren, voorstellen
    from wijken.models import Wijk

    begin, c_n = time.perf_counter(), 0
    for wijk in Wijk.objects.all():
        for v in voorstellen(wijk, JAAR):
            c_n += accepteren(v["prioriteit"], v["contacten"], v["activiteiten"])[0]
    print(f"{c_n:,} contact links accepted in {time.perf_counter() - begin:.1f} s")


def rondes(varianten, runs, opwarmen=1):
    """{name: [seconds]}: every round runs every variant once, so a busy moment on the machine
    hits all of them alike."""
    for _ in range(opwarmen):
        for functie in varianten.values():
            functie()
    tijden = {naam: [] for naam in varianten}
    for _ in range(runs):
        for naam, functie in varianten.items():
            begin = time.perf_counter()
            functie()
            tijden[naam].append(time.perf_counter() - begin)
    return tijden


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--volume", type=int, default=1_000_000, metavar="N")
    parser.add_argument("--runs", type=int, default=15, help="rounds for the figures")
    parser.add_argument("--pdf-runs", type=int, default=5, help="rounds for the PDF")
    parser.add_argument(
        "--koppel",
        action="store_true",
        help=f"first accept every wijk's proposals of {JAAR} (rapportage.koppelen): the "
        "contacts and activities linked to the priorities whose themes they share",
    )
    args = parser.parse_args()

    settings.DEBUG = False  # no query log in connection.queries
    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # the CSS it skips, once per render
    maak_database()
    laad(args.volume)
    if args.koppel:
        koppel()

    periode = Periode.jaar(JAAR)
    start, eind = periode.start, periode.eind
    rapportage = Jaarrapportage.objects.get(jaar=JAAR)

    def scan():
        with connection.cursor() as cursor:
            cursor.execute(SCAN_SQL, [start, eind])
            return cursor.fetchone()

    n_jaar, bereikt = scan()
    stad = kengetallen(periode)
    if (stad.contactmomenten.totaal, stad.contactmomenten.bewoners_bereikt) != (n_jaar, bereikt):
        print("LET OP: the figures and the plain scan count different contact moments")

    cijfers = rondes(
        {
            "scan": scan,
            "stad": lambda: kengetallen(periode),
            "per_wijk": lambda: kengetallen_per_wijk(periode),
            # issue 13: the figures per priority are part of kengetallen() (four declarations in
            # query 4, and query 16); per_prioriteit() is kengetallen() plus a pivot
            "per_prioriteit": lambda: per_prioriteit(JAAR),
            "query_16": lambda: _Berekening(periode, Scope(), per_wijk=True)._werk_per_prioriteit(
                [None]
            ),
        },
        args.runs,
    )

    html = rapport_html(rapportage, pdf=True)

    def onderdelen():
        t0 = time.perf_counter()
        context = rapport_context(rapportage, pdf=True)
        t1 = time.perf_counter()
        render_to_string("rapportage/rapport.html", context)
        onderdelen.tijden.append((t1 - t0, time.perf_counter() - t1))

    onderdelen.tijden = []
    pdf = rondes(
        {
            "weasyprint": lambda: html_naar_pdf(html),
            "geheel": lambda: html_naar_pdf(rapport_html(rapportage, pdf=True)),
            "onderdelen": onderdelen,
        },
        args.pdf_runs,
    )
    context_s = statistics.median(t for t, _ in onderdelen.tijden[1:])
    template_s = statistics.median(t for _, t in onderdelen.tijden[1:])
    pdf_bytes = len(html_naar_pdf(html))

    m = {naam: statistics.median(t) for naam, t in {**cijfers, **pdf}.items()}
    ms = {naam: 1000 * s for naam, s in m.items()}
    r_stad = m["stad"] / m["scan"]
    r_wijk = m["per_wijk"] / m["scan"]
    r_pdf = m["geheel"] / m["weasyprint"]
    # The same ratio from the medians of the parts: WeasyPrint varies by seconds between runs on a
    # shared machine, more than the whole PDF adds to it.
    r_delen = (m["weasyprint"] + context_s + template_s) / m["weasyprint"]

    def oordeel(ratio, doel):
        return f"≤ {doel}x: {'met' if ratio <= doel else 'not met'}"

    totaal = Contactmoment.objects.count()
    print(f"\n{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC; {machine()}")
    print(
        f"{totaal:,} contact moments, {n_jaar:,} in {JAAR}; HTML {len(html) / 1024:.0f} KB, "
        f"PDF {pdf_bytes / 1024:.0f} KB; medians of {args.runs} (figures) and {args.pdf_runs} "
        "(PDF) alternating rounds after a warm-up round\n"
    )
    print("| what | median (ms) | ratio | goal |")
    print("| --- | ---: | ---: | --- |")
    print(
        f"| plain SQL scan of {JAAR}'s contact moments (`count`, `sum`) | {ms['scan']:.1f} | 1 | |"
    )
    print(
        f"| `kengetallen(Periode.jaar({JAAR}))`, the city ({KENGETALLEN_QUERIES} queries) "
        f"| {ms['stad']:.1f} | {r_stad:.2f}x | {oordeel(r_stad, DOEL_KENGETALLEN)} |"
    )
    print(
        f"| `kengetallen_per_wijk(...)`, nine wijken ({KENGETALLEN_PER_WIJK_QUERIES} queries) "
        f"| {ms['per_wijk']:.1f} | {r_wijk:.2f}x | |"
    )
    print(
        f"| `per_prioriteit({JAAR})`: the work per priority (kengetallen() + pivot) "
        f"| {ms['per_prioriteit']:.1f} | {m['per_prioriteit'] / m['scan']:.2f}x | |"
    )
    print(
        "| — of which query 16 alone (activities, initiatives, projects per priority) "
        f"| {ms['query_16']:.1f} | {m['query_16'] / m['scan']:.2f}x | |"
    )
    print(f"| WeasyPrint alone: `html_naar_pdf(html)` | {ms['weasyprint']:.0f} | 1 | |")
    print(
        f"| whole PDF: `rapport_html(pdf=True)` + `html_naar_pdf` | {ms['geheel']:.0f} "
        f"| {r_pdf:.2f}x | {oordeel(r_pdf, DOEL_PDF)} |"
    )
    print(
        f"| — of which `rapport_context` (figures {JAAR} and {JAAR - 1}, city and wijken) "
        f"| {1000 * context_s:.0f} | | |"
    )
    print(f"| — of which the template | {1000 * template_s:.0f} | | |")
    print(
        "| whole PDF from the medians of its parts: (WeasyPrint + context + template) / "
        f"WeasyPrint | | {r_delen:.2f}x | {oordeel(r_delen, DOEL_PDF)} |"
    )
    spreiding = {
        naam: f"{1000 * min(t):.0f}–{1000 * max(t):.0f}" for naam, t in {**cijfers, **pdf}.items()
    }
    print(f"\nrange (ms): {spreiding}")


if __name__ == "__main__":
    main()
