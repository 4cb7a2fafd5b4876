"""The cost of counting: a contact moment saved through the staff form (one theme, one signal)
and ``kengetallen()`` for a year, in-process, on the configured database with the data already
there (``manage.py demo --volume N``). Prints medians and query counts; docs/adr/0009 holds the
results.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mba_e .venv/bin/python benchmarks/tellingen.py
"""

import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mba.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from gemeen import machine  # noqa: E402

from activiteiten.models import Contactmoment, Signaalsoort  # noqa: E402
from mba.models import Medewerker, Thema  # noqa: E402
from rapportage import kengetallen as kg  # noqa: E402

HERHALINGEN = int(os.environ.get("HERHALINGEN", 30))


def gemeten(doe, n=HERHALINGEN):
    tijden, queries = [], None
    for _ in range(n):
        with CaptureQueriesContext(connection) as q:
            t = time.perf_counter()
            doe()
            tijden.append((time.perf_counter() - t) * 1000)
        queries = len(q.captured_queries)
    return statistics.median(tijden), queries


@override_settings(ALLOWED_HOSTS=["*"], DEBUG=False)
def main():
    user = Medewerker.objects.filter(groups__name="medewerker", wijken__isnull=False).first()
    wijk = user.wijken.first()
    thema = Thema.objects.filter(actief=True).first()
    signaal = Signaalsoort.objects.filter(actief=True).first()
    client = Client()
    client.force_login(user)
    client.get("/contactmomenten/nieuw/")

    def opslaan():
        r = client.post(
            "/contactmomenten/nieuw/",
            {
                "formtoken": str(uuid.uuid4()),
                "datum": "2021-06-15",
                "wijk": wijk.pk,
                "kanaal": "bic",
                "aanleiding": "vraag_bewoner",
                "soort": "individueel",
                "bewoners_bereikt": "1",
                "themas": [thema.pk],
                "signalen": [signaal.pk],
            },
        )
        assert r.status_code == 302, r.status_code

    print(machine())
    print(f"{Contactmoment.objects.count():,} contact moments")
    ms, q = gemeten(opslaan)
    print(f"form POST (1 theme, 1 signal): {ms:.1f} ms median, {q} queries")
    jaar = kg.Periode.jaar(2021)
    ms, q = gemeten(lambda: kg.kengetallen(jaar))
    print(f"kengetallen(jaar 2021): {ms:.1f} ms median, {q} queries")
    ms, q = gemeten(lambda: kg.kengetallen_stad_en_per_wijk(jaar), n=10)
    print(f"kengetallen_stad_en_per_wijk(jaar 2021): {ms:.1f} ms median, {q} queries")
    ms, q = gemeten(lambda: kg.kengetallen(kg.Periode(jaar.start.replace(day=15), jaar.eind)))
    print(f"kengetallen(15 jan - 31 dec 2021, edges from the records): {ms:.1f} ms, {q} queries")


if __name__ == "__main__":
    main()
