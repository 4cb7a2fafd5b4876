"""Benchmark: importing a 100,000-row file of contact moments (docs/import.md).

Generates the CSV or XLSX (Dutch dates, names of wijken, themes and signals as a person types
them), stores it as an upload does (an ``Importtaak`` with its file), then runs the two jobs
the page queues, the dry run and the import (``rapportage.invoer.werk``, what the Celery worker
runs), in this process, and prints the time and the peak memory (the process's maximum
resident set size before and after, so a file read whole would show as a jump).

    createdb -h 127.0.0.1 -U postgres mba_imp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mba_imp \\
        .venv/bin/python benchmarks/import.py --rijen 100000 [--xlsx]
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
from django.core.files import File  # noqa: E402
from django.core.management import call_command  # noqa: E402

from activiteiten import tellingen  # noqa: E402
from activiteiten.models import Contactmoment, Signaalsoort  # noqa: E402
from mba.models import Auditregel, Medewerker, Organisatie, Thema  # noqa: E402
from rapportage.demo import Lader, lees  # noqa: E402
from rapportage.invoer import contactmomenten, werk  # noqa: E402
from rapportage.models import Importtaak  # noqa: E402
from wijken.models import Wijk  # noqa: E402


def maxrss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def schrijf_xlsx(csv_pad, pad):
    import openpyxl

    boek = openpyxl.Workbook(write_only=True)
    blad = boek.create_sheet()
    with open(csv_pad, encoding="utf-8") as f:
        for regel in f:
            blad.append(regel.rstrip("\r\n").split(";"))
    boek.save(pad)


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
    parser.add_argument("--xlsx", action="store_true", help="an XLSX file instead of a CSV")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if not Wijk.objects.exists():
        Lader(lees(settings.BASE_DIR / "data" / "mba-2021.toml")).laad()
    coordinator, _ = Medewerker.objects.get_or_create(
        username="import-benchmark", defaults={"organisatie": Organisatie.objects.first()}
    )
    pad = Path(tempfile.gettempdir()) / f"import-{args.rijen}.csv"
    schrijf_csv(pad, args.rijen)
    if args.xlsx:
        csv_pad, pad = pad, pad.with_suffix(".xlsx")
        schrijf_xlsx(csv_pad, pad)
        csv_pad.unlink()
    voor = Contactmoment.objects.count()
    print(f"bestand: {pad.name}, {pad.stat().st_size / 1e6:.1f} MB, {args.rijen} rijen")
    print(f"geheugen vooraf: {maxrss_mb():.0f} MB")
    taak = Importtaak(
        gebruiker=coordinator,
        soort="contactmomenten",
        bestandsnaam=pad.name,
        grootte=pad.stat().st_size,
    )
    with open(pad, "rb") as f:
        taak.bestand.save(pad.name, File(f), save=False)
    taak.save()
    t = time.perf_counter()
    werk.controleren(taak.pk)
    taak.refresh_from_db()
    duur = time.perf_counter() - t
    print(f"proefdraai: {duur:.1f} s, {taak.rijen} rijen, {len(taak.fouten)} fouten")
    print(f"geheugen na proefdraai: {maxrss_mb():.0f} MB")
    assert taak.status == Importtaak.Status.GECONTROLEERD, (taak.melding, taak.fouten[:5])
    Importtaak.objects.filter(pk=taak.pk).update(status=Importtaak.Status.IMPORTEREN)
    t = time.perf_counter()
    werk.importeren(taak.pk)
    taak.refresh_from_db()
    print(f"import: {time.perf_counter() - t:.1f} s, {taak.geimporteerd} rijen ({taak.status})")
    print(f"geheugen na import: {maxrss_mb():.0f} MB")
    assert Contactmoment.objects.count() - voor == args.rijen
    assert Auditregel.objects.filter(doel__startswith=f"Import {pad.name}").exists()
    print(f"verschillen in de maandtellingen: {tellingen.verschillen()}")
    pad.unlink()


if __name__ == "__main__":
    main()
