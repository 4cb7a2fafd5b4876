"""How long the personal-data check (mba.persoonsgegevens) takes on a note, in microseconds.

Every contact form save and every free text that others read goes through it, so it must stay
far below the form's own cost (a form save is milliseconds). Run:

    DJANGO_SETTINGS_MODULE=mba.settings .venv/bin/python benchmarks/persoonsgegevens.py

Results go to docs/benchmarks.md; this is not a test (timings are never asserted in tests).
"""

import os
import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mba.settings")

import django  # noqa: E402

django.setup()

from mba.persoonsgegevens import vind  # noqa: E402

TEKSTEN = {
    "gewone notitie (185 tekens)": (
        "Bewoner maakt zich zorgen over de buurman met de blauwe deur, om 14.30 terug, 12 "
        "bewoners bereikt in 2021. Doorverwezen naar het sociaal team van Vaart Welzijn."
    ),
    "vol persoonsgegevens": "Mevr. Jansen, Kerkstraat 12, 9401 AB, tel 06-12345678, jan@example.nl",
    "lange notitie (2.000 tekens)": ("Koffieochtend in het BIC met 14 bewoners, lijn 6. " * 40),
}


def main():
    print("| tekst | min µs | mediaan µs |")
    print("| --- | --- | --- |")
    for naam, tekst in TEKSTEN.items():
        tijden = sorted(
            t / 200 * 1e6 for t in timeit.repeat(lambda t=tekst: vind(t), number=200, repeat=7)
        )
        print(f"| {naam} | {tijden[0]:.0f} | {tijden[len(tijden) // 2]:.0f} |")


if __name__ == "__main__":
    main()
