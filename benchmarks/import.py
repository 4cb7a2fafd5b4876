"""Benchmark: importing a 100,000-row CSV of contact moments (docs/import.md).

Generates the CSV (Dutch dates, names of wijken, themes and signals as a person types them),
then runs the dry run and the import as the page does (``rapportage.invoer``), in one process,
and prints the time and the peak memory (the process's maximum resident set size before and
after, so a file read whole would show as a jump).

    createdb -h 127.0.0.1 -U postgres mba_F
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mba_F \\
        .venv/bin/python benchmarks/import.py --rijen 100000
"""

import argparse
import datetime
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mba.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from activiteiten import tellingen  # noqa: E402
from activiteiten.models import Contactmoment, Signaalsoort  # noqa: E402
from mba.models import Organisatie, Thema  # noqa: E402
from rapportage.demo import Lader, lees  # noqa: E402
from rapportage.invoer import contactmomenten, lezen  # noqa: E402
from wijken.models import Wijk  # noqa: E402


def maxrss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def schrijf_csv(pad, rijen):
    rnd = random.Random(2021)
    wijken = list(Wijk.objects.values_list("naam", flat=True))
    organisaties = list(Organisatie.objects.values_list("naam", flat=True))
    themas = list(Thema.objects.values_list("naam", flat=True))
    signalen = list(Signaalsoort.objects.values_list("naam", flat=True))
    begin = datetime.date(2021, 1, 1)
    with open(pad, "w", encoding="utf-8", newline="") as f:
        f.write(";".join(k for k, _ in contactmomenten.Contactmomenten.KOLOMMEN) + "\r\n")
        for _ in range(rijen):
            d = begin + datetime.timedelta(days=rnd.randrange(365))
            f.write(
                ";".join(
                    [
                        f"{d.day}-{d.month}-{d.year}",
                        rnd.choice(organisaties),
                        rnd.choice(wijken).upper(),
                        "",
                        "Aan de deur",
                        "wijkronde",
                        "Individueel",
                        rnd.choice(themas),
                        rnd.choice(signalen) if rnd.random() < 0.3 else "",
                        str(rnd.choice((1, 1, 2, 3))),
                        "",
                        "",
                    ]
                )
                + "\r\n"
            )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rijen", type=int, default=100_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if not Wijk.objects.exists():
        Lader(lees(settings.BASE_DIR / "data" / "mba-2021.toml")).laad()
    pad = Path(tempfile.gettempdir()) / f"import-{args.rijen}.csv"
    schrijf_csv(pad, args.rijen)
    voor = Contactmoment.objects.count()
    print(f"bestand: {pad.stat().st_size / 1e6:.1f} MB, {args.rijen} rijen")
    print(f"geheugen vooraf: {maxrss_mb():.0f} MB")
    invoer = contactmomenten.Contactmomenten()
    with open(pad, "rb") as f:
        t = time.perf_counter()
        aantal, fouten = invoer.controleer(lezen.rijen(f, pad.name))
        print(f"proefdraai: {time.perf_counter() - t:.1f} s, {aantal} rijen, {len(fouten)} fouten")
        print(f"geheugen na proefdraai: {maxrss_mb():.0f} MB")
        t = time.perf_counter()
        geteld = invoer.importeer(lezen.rijen(f, pad.name))
        print(f"import: {time.perf_counter() - t:.1f} s, {geteld} rijen")
    print(f"geheugen na import: {maxrss_mb():.0f} MB")
    assert Contactmoment.objects.count() - voor == args.rijen
    print(f"verschillen in de maandtellingen: {tellingen.verschillen()}")
    pad.unlink()


if __name__ == "__main__":
    main()
