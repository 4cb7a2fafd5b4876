"""Benchmark: what the audit trail costs a request (one INSERT of an ``Auditregel``).

Measures, in one process, on the demo with N synthetic contact moments, through Django's test
``Client`` (the whole stack: middleware, rights, template or serialiser):

- a medewerker's page of the contact-moment list (25 rows), one contact moment's page, and a
  100-row page of ``/api/v1/contactmomenten/`` with a key;
- each with the audit trail as it is, and with ``mba.audit.vastleggen`` replaced by a function
  that writes nothing.

The two take turns, run by run and in alternating order, so that a busy moment on the machine
hits both alike; medians of the runs after 5 warm-up runs, printed as a Markdown table for
docs/benchmarks.md. For reference it also times the row's INSERT alone (with its commit).

    createdb -h 127.0.0.1 -U postgres mba_bench_audit
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mba_bench_audit \\
        .venv/bin/python benchmarks/audit.py --laden --rijen 100000

``--laden`` migrates and runs ``manage.py demo --geen-gebruikers --volume N`` first.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mba.settings")
os.environ["MBA_API_LIMIET"] = "100000000/minute"  # many calls with one key

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from activiteiten.models import Contactmoment  # noqa: E402
from benchmarks.gemeen import machine  # noqa: E402
from mba import audit  # noqa: E402
from mba.models import ALLE_SCOPES, ApiSleutel, Auditregel, Medewerker  # noqa: E402
from wijken.models import Wijk  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--laden", action="store_true", help="migrate and load the demo first")
    parser.add_argument("--rijen", type=int, default=100_000, help="contact moments (--laden)")
    parser.add_argument("--runs", type=int, default=200, help="measured runs per variant")
    args = parser.parse_args()

    settings.DEBUG = False  # no query log in connection.queries
    if args.laden:
        call_command("migrate", verbosity=0)
        call_command("demo", "--geen-gebruikers", "--volume", str(args.rijen))

    wijk = Wijk.objects.annotate(n=django.db.models.Count("contactmomenten")).order_by("-n")[0]
    contact = Contactmoment.objects.filter(wijk=wijk).order_by("-pk").first()
    user, _ = Medewerker.objects.get_or_create(
        username="benchmark-audit", defaults={"organisatie": contact.organisatie}
    )
    user.groups.add(Group.objects.get(name="medewerker"))
    wijk.teamleden.add(user)
    staf = Client()
    staf.force_login(user)
    sleutel, tekst = ApiSleutel.maak(contact.organisatie, "benchmark audit", ALLE_SCOPES)
    partner = Client(HTTP_AUTHORIZATION=f"Api-Key {tekst}")

    aanroepen = [0]

    def vraag(client, url):
        def roep():
            aanroepen[0] += 1
            if aanroepen[0] % 100 == 0:
                cache.clear()  # the throttle's list of calls stays short, as in production
            response = client.get(url)
            assert response.status_code == 200, response.content[:300]

        return roep

    paginas = {
        "list of contact moments (25 rows)": vraag(staf, "/contactmomenten/"),
        "one contact moment": vraag(staf, f"/contactmomenten/{contact.pk}/"),
        "API, 100 contact moments": vraag(partner, "/api/v1/contactmomenten/?aantal=100"),
    }
    echt = audit.vastleggen

    def zonder(functie):
        def roep():
            audit.vastleggen = lambda *a, **k: None
            try:
                functie()
            finally:
                audit.vastleggen = echt

        return roep

    voor = Auditregel.objects.count()
    print(f"{machine()}; {Contactmoment.objects.count():,} contact moments")
    print("| page | without audit (ms) | with audit (ms) | difference (ms) |")
    print("| --- | ---: | ---: | ---: |")
    for naam, functie in paginas.items():
        varianten = [zonder(functie), functie]
        for v in varianten:
            for _ in range(5):
                v()
        tijden = [[], []]
        for run in range(args.runs):
            volgorde = (0, 1) if run % 2 else (1, 0)  # ABBA: neither always goes first
            for i in volgorde:
                begin = time.perf_counter()
                varianten[i]()
                tijden[i].append((time.perf_counter() - begin) * 1000)
        zonder_ms, met_ms = (statistics.median(t) for t in tijden)
        print(f"| {naam} | {zonder_ms:.2f} | {met_ms:.2f} | {met_ms - zonder_ms:+.2f} |")
    alleen = []
    for _ in range(args.runs):
        begin = time.perf_counter()
        Auditregel.objects.create(actie="bekeken", herkomst="pagina", actor_naam="benchmark")
        alleen.append((time.perf_counter() - begin) * 1000)
    naam = "for reference: the INSERT alone, with its commit"
    print(f"| {naam} | | {statistics.median(alleen):.2f} | |")
    print(f"audit rows written: {Auditregel.objects.count() - voor:,}")
    sleutel.intrekken()


if __name__ == "__main__":
    main()
