"""`make run` and `make test` on a bare Debian machine: scripts/systeempakketten.py installs the
Debian packages that are missing, as root or through `sudo -n`, or stops at once with the one
command to run. Driven with a fake dpkg-query, apt-get and sudo on PATH (nothing else on it, so
the machine's own are never reached) and a fake uid."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
_spec = importlib.util.spec_from_file_location("systeempakketten", SCRIPTS / "systeempakketten.py")
systeempakketten = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(systeempakketten)

ROOT, GEBRUIKER = 0, 1000

# The fakes keep their state in files beside them: "geinstalleerd" (one package a line, what
# dpkg knows), "aanroepen" (every apt-get and sudo call), "sudo-zonder-wachtwoord" (present when
# sudo -n may run commands) and "apt-faalt" (present when apt-get cannot reach its mirror).
DPKG_QUERY = """
import sys, pathlib
map = pathlib.Path(__file__).parent
pakket = sys.argv[-1]
if pakket in (map / "geinstalleerd").read_text().split():
    print("install ok installed", end="")
    sys.exit(0)
print(f"dpkg-query: no packages found matching {pakket}", file=sys.stderr)
sys.exit(1)
"""
APT_GET = """
import sys, pathlib
map = pathlib.Path(__file__).parent
with open(map / "aanroepen", "a") as f:
    f.write(f"apt-get {' '.join(sys.argv[1:])}\\n")
if (map / "apt-faalt").exists():
    print("E: Unable to fetch some archives", file=sys.stderr)
    sys.exit(100)
if sys.argv[1] == "install":
    with open(map / "geinstalleerd", "a") as f:
        f.write("\\n".join(a for a in sys.argv[2:] if not a.startswith("-")) + "\\n")
"""
SUDO = """
import shutil, subprocess, sys, pathlib
map = pathlib.Path(__file__).parent
with open(map / "aanroepen", "a") as f:
    f.write(f"sudo {' '.join(sys.argv[1:])}\\n")
if sys.argv[1] != "-n" or not (map / "sudo-zonder-wachtwoord").exists():
    print("sudo: a password is required", file=sys.stderr)
    sys.exit(1)
if sys.argv[2] == "true":
    sys.exit(0)
sys.exit(subprocess.run([shutil.which(sys.argv[2]), *sys.argv[3:]]).returncode)
"""


@pytest.fixture
def machine(tmp_path, monkeypatch):
    """A Debian machine with WeasyPrint's packages but no Chromium, and (by default) no sudo."""
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    for naam, code in (("dpkg-query", DPKG_QUERY), ("apt-get", APT_GET), ("sudo", SUDO)):
        (bin_ / naam).write_text(f"#!{sys.executable}\n{code}")
        (bin_ / naam).chmod(0o755)
    (bin_ / "geinstalleerd").write_text("\n".join(systeempakketten.WEASYPRINT) + "\n")
    (bin_ / "aanroepen").write_text("")
    monkeypatch.setenv("PATH", str(bin_))
    monkeypatch.delenv("MBA_CHROMIUM", raising=False)
    return bin_


def aanroepen(machine):
    return machine.joinpath("aanroepen").read_text().splitlines()


def geinstalleerd(machine):
    return machine.joinpath("geinstalleerd").read_text().split()


def zonder_sudo(machine):
    (machine / "sudo").unlink()


def test_make_test_as_root_installs_chromium(machine):
    assert systeempakketten.main(["--browser"], uid=ROOT) == 0

    assert aanroepen(machine) == [
        "apt-get update -qq",
        "apt-get install -y -qq chromium",
    ]
    assert "chromium" in geinstalleerd(machine)


def test_make_run_does_not_bring_chromium(machine):
    assert systeempakketten.main([], uid=ROOT) == 0

    assert aanroepen(machine) == []
    assert "chromium" not in geinstalleerd(machine)


def test_bare_machine_as_root_gets_weasyprints_libraries_and_fonts(machine):
    machine.joinpath("geinstalleerd").write_text("")

    assert systeempakketten.main([], uid=ROOT) == 0

    assert aanroepen(machine)[-1] == (
        "apt-get install -y -qq " + " ".join(systeempakketten.WEASYPRINT)
    )
    assert set(geinstalleerd(machine)) == set(systeempakketten.WEASYPRINT)


def test_without_root_and_without_sudo_it_stops_at_once_with_the_install_line(machine, capsys):
    zonder_sudo(machine)

    assert systeempakketten.main(["--browser"], uid=GEBRUIKER) == 1

    assert aanroepen(machine) == []  # apt-get never ran
    fout = capsys.readouterr().err
    assert "    sudo apt-get install -y chromium\n" in fout
    assert "not running as root and there is no sudo" in fout


def test_sudo_that_asks_a_password_is_not_waited_for(machine, capsys):
    assert systeempakketten.main(["--browser"], uid=GEBRUIKER) == 1

    assert aanroepen(machine) == ["sudo -n true"]  # -n: never a password prompt
    assert "sudo asks for a password" in capsys.readouterr().err


def test_passwordless_sudo_installs_it(machine):
    (machine / "sudo-zonder-wachtwoord").touch()

    assert systeempakketten.main(["--browser"], uid=GEBRUIKER) == 0

    assert aanroepen(machine) == [
        "sudo -n true",
        "sudo -n apt-get update -qq",
        "apt-get update -qq",
        "sudo -n apt-get install -y -qq chromium",
        "apt-get install -y -qq chromium",
    ]
    assert "chromium" in geinstalleerd(machine)


def test_when_apt_get_fails_it_stops_with_the_line(machine, capsys):
    (machine / "apt-faalt").touch()

    assert systeempakketten.main(["--browser"], uid=ROOT) == 1

    fout = capsys.readouterr().err
    assert "apt-get update failed" in fout
    assert "    sudo apt-get install -y chromium\n" in fout


def test_nothing_missing_nothing_done(machine):
    (machine / "geinstalleerd").write_text(
        "\n".join([*systeempakketten.WEASYPRINT, "chromium"]) + "\n"
    )

    assert systeempakketten.main(["--browser"], uid=GEBRUIKER) == 0

    assert aanroepen(machine) == []


def test_a_chromium_of_ones_own_is_enough(machine, tmp_path, monkeypatch):
    eigen = tmp_path / "chrome"
    eigen.write_text("#!/bin/sh\n")
    eigen.chmod(0o755)
    monkeypatch.setenv("MBA_CHROMIUM", str(eigen))
    zonder_sudo(machine)

    assert systeempakketten.main(["--browser"], uid=GEBRUIKER) == 0


def test_debians_python_without_venv_gets_its_venv_package(machine, monkeypatch):
    monkeypatch.setattr(sys, "base_prefix", "/usr")
    monkeypatch.setattr(systeempakketten, "find_spec", lambda naam: None)
    versie = f"python{sys.version_info.major}.{sys.version_info.minor}-venv"

    assert systeempakketten.main(["--venv"], uid=ROOT) == 0

    assert aanroepen(machine)[-1] == f"apt-get install -y -qq {versie}"


def test_make_checks_the_packages_first_and_only_test_asks_for_chromium():
    """The Makefile's wiring, as `make -n` (nothing run) prints it for a fresh clone."""

    def stappen(doel):
        uit = subprocess.run(
            ["make", "-n", "-B", doel], cwd=SCRIPTS.parent, capture_output=True, text=True
        )
        assert uit.returncode == 0, uit.stderr
        return uit.stdout

    for doel in ("run", "test"):
        uit = stappen(doel)
        assert uit.index("scripts/systeempakketten.py") < uit.index("-m venv")
    assert "systeempakketten.py --browser" in stappen("test")
    assert "--browser" not in stappen("run")
