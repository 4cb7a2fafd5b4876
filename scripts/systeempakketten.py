"""The Debian packages that `make run` and `make test` need, installed when missing.

`make run` needs WeasyPrint's libraries and a font (the PDF of the annual report); `make test`
also needs Chromium (the browser tests drive Debian's headless Chromium, never a downloaded one).
A missing package is installed with apt-get when make runs as root, or through `sudo -n` when
sudo works without a password; otherwise this stops, before anything else is done, with the one
command to run. Make runs it with the Python that scripts/find_python.sh found, before the
virtualenv exists, so it uses the standard library only.

    python3 scripts/systeempakketten.py            # for make run
    python3 scripts/systeempakketten.py --browser  # for make test: also Chromium
    python3 scripts/systeempakketten.py --venv     # .venv is still to be made (python3.X-venv)
"""

import argparse
import os
import shutil
import subprocess
import sys
from importlib.util import find_spec

# WeasyPrint loads Pango (and HarfBuzz's subsetter for small PDFs); DejaVu is the report's font.
WEASYPRINT = ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fonts-dejavu-core")
CHROMIUM = "chromium"


def geinstalleerd(pakket):
    """True when dpkg has the package fully installed (not only its configuration files)."""
    uit = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", pakket], capture_output=True, text=True
    )
    return uit.returncode == 0 and uit.stdout.split()[-1:] == ["installed"]


def venv_pakket():
    """Debian's own Python keeps `venv`'s pip installer (ensurepip) in python3.X-venv; without
    it `python -m venv` fails. Other Pythons (pyenv, python.org) carry it themselves."""
    if sys.base_prefix != "/usr" or find_spec("ensurepip") is not None:
        return None
    return f"python{sys.version_info.major}.{sys.version_info.minor}-venv"


def nodig(browser, venv=False, omgeving=os.environ):
    pakketten = list(WEASYPRINT)
    if venv and (pakket := venv_pakket()):
        pakketten.append(pakket)
    eigen_chromium = omgeving.get("MBA_CHROMIUM")
    if browser and not (eigen_chromium and os.access(eigen_chromium, os.X_OK)):
        pakketten.append(CHROMIUM)
    return pakketten


def _kan_sudo():
    if not shutil.which("sudo"):
        return False
    return subprocess.run(["sudo", "-n", "true"], capture_output=True).returncode == 0


def _stop(ontbreekt, reden):
    regel = "sudo apt-get install -y " + " ".join(ontbreekt)
    print(
        f"Missing Debian packages: {' '.join(ontbreekt)}.\n{reden} Install them with:\n\n"
        f"    {regel}\n\nand run make again.",
        file=sys.stderr,
    )
    return 1


def main(argv=None, uid=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--browser", action="store_true", help="also Chromium (make test)")
    parser.add_argument("--venv", action="store_true", help="the virtualenv is still to be made")
    args = parser.parse_args(argv)
    uid = os.geteuid() if uid is None else uid

    if not shutil.which("dpkg-query"):
        # Not Debian: nothing to ask. check_system.py (after the virtualenv) still tries
        # WeasyPrint, and the browser tests say where they looked for Chromium.
        return 0
    ontbreekt = [p for p in nodig(args.browser, args.venv) if not geinstalleerd(p)]
    if not ontbreekt:
        return 0

    if not shutil.which("apt-get"):
        return _stop(ontbreekt, "There is no apt-get here to install them with.")
    if uid == 0:
        voor = []
    elif _kan_sudo():
        voor = ["sudo", "-n"]
    elif shutil.which("sudo"):
        return _stop(ontbreekt, "make is not running as root and sudo asks for a password.")
    else:
        return _stop(ontbreekt, "make is not running as root and there is no sudo.")

    print(f"Installing missing Debian packages: {' '.join(ontbreekt)}", flush=True)
    omgeving = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for opdracht in (["update", "-qq"], ["install", "-y", "-qq", *ontbreekt]):
        if subprocess.run([*voor, "apt-get", *opdracht], env=omgeving).returncode != 0:
            return _stop(ontbreekt, f"apt-get {opdracht[0]} failed (see above).")
    if nog := [p for p in ontbreekt if not geinstalleerd(p)]:
        return _stop(nog, "apt-get finished but did not install them.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
