"""CI: known vulnerabilities in the pinned requirements and everything they pull in.

Runs pip-audit on requirements.txt. pip-audit asks PyPI's JSON API about every exact version
(``/pypi/<name>/<version>/json``); where that is not reachable (this project's build machines
reach the package index but get 404 there, and no other vulnerability service), pip-audit skips
the package. For every skipped package this script then reads PyPI's advisories of the project
(``/pypi/<name>/json``), which hold the vulnerabilities of the latest release: a package whose
version IS the latest release is checked that way.

Fails (exit 1) when a vulnerability is found, or when one of OUR pins (requirements.txt) could
not be checked at all (keep pins on the latest release, or make pip-audit's service reachable).
A dependency of a dependency that is not the latest release and could not be checked is listed
as a warning.
"""

import json
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIP_AUDIT = ROOT / ".venv" / "bin" / "pip-audit"
VERSIE = re.compile(r"\(([^()]+)\)\s*$")


def normaliseer(naam):
    return re.sub(r"[-_.]+", "-", naam).lower()


def eigen_pins():
    pins = set()
    for regel in (ROOT / "requirements.txt").read_text().splitlines():
        regel = regel.split("#", 1)[0].strip()
        if "==" in regel:
            pins.add(normaliseer(regel.split("==", 1)[0].split("[", 1)[0]))
    return pins


def advies(naam, versie):
    """(checked?, [vulnerability ids]) from PyPI's project JSON."""
    try:
        with urllib.request.urlopen(f"https://pypi.org/pypi/{naam}/json", timeout=15) as r:
            data = json.load(r)
    except OSError as e:
        return False, [f"niet bereikbaar: {e}"]
    if data["info"]["version"] != versie:
        return False, [f"niet de nieuwste versie ({data['info']['version']})"]
    return True, [v.get("id", "?") for v in data.get("vulnerabilities") or []]


def main():
    uit = subprocess.run(
        [str(PIP_AUDIT), "--format", "json", "--progress-spinner", "off", "-r", "requirements.txt"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if uit.returncode not in (0, 1) or not uit.stdout.strip():
        print(uit.stderr, file=sys.stderr)
        print("pip-audit kon niet draaien", file=sys.stderr)
        return 1
    pakketten = json.loads(uit.stdout)["dependencies"]
    pins = eigen_pins()
    kwetsbaar, door_pip_audit, door_pypi, niet = [], 0, 0, []
    for p in pakketten:
        if p.get("vulns"):
            kwetsbaar.append(f"{p['name']} {p['version']}: {[v['id'] for v in p['vulns']]}")
        if "skip_reason" not in p:
            door_pip_audit += 1
            continue
        m = VERSIE.search(p["skip_reason"])
        if not m:
            niet.append((p["name"], p["skip_reason"]))
            continue
        gecontroleerd, ids = advies(p["name"], m.group(1))
        if not gecontroleerd:
            niet.append((p["name"], f"{m.group(1)}: {ids[0]}"))
            continue
        door_pypi += 1
        if ids:
            kwetsbaar.append(f"{p['name']} {m.group(1)}: {ids}")

    print(
        f"{len(pakketten)} pakketten: {door_pip_audit} door pip-audit gecontroleerd, {door_pypi} "
        "via de adviezen van PyPI bij de nieuwste versie (pip-audit kon ze niet bereiken), "
        f"{len(niet)} niet te controleren."
    )
    for naam, reden in niet:
        soort = "FOUT (eigen pin)" if normaliseer(naam) in pins else "waarschuwing"
        print(f"  {soort}: {naam} {reden}")
    for regel in kwetsbaar:
        print(f"  KWETSBAAR: {regel}")
    eigen_niet = [n for n, _ in niet if normaliseer(n) in pins]
    if kwetsbaar or eigen_niet:
        return 1
    print("Geen bekende kwetsbaarheden.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
