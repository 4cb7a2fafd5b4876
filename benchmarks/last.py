"""Load run: 50 staff on gunicorn with PostgreSQL, on 127.0.0.1, for a bounded time.

    make last                                   # 3 minutes, 50 users
    .venv/bin/python benchmarks/last.py --duur 1m --gebruikers 20

What it does, each step bounded in time, and every process it starts stopped at the end (also
on Ctrl-C or a failure):

1. installs the pinned load tool (``requirements-bench.txt``: locust) into the venv if needed;
2. makes the database (default ``mba_last``) if missing, migrates, loads the demo with N
   synthetic contact moments unless they are there (``manage.py demo --geen-gebruikers
   --volume N``), deletes the contact moments of earlier load runs (every run starts from the
   same data) and runs ``VACUUM ANALYZE``;
3. makes (or refreshes) the load accounts ``last-01`` … ``last-50``: medewerkers of the three
   kernpartners in the teams of one or two of the nine wijken, each with a new random password
   and a confirmed TOTP device (two-factor authentication is on, as in production);
4. starts gunicorn on 127.0.0.1 (a free port) with production settings: DEBUG=0, a random
   SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, MBA_2FA=1, secure cookies, SSL redirect and HSTS, behind
   a TLS-terminating proxy (SECURE_PROXY_SSL_HEADER=1, whose part the clients play), and
   CONN_MAX_AGE=60 with health checks, and the shared cache production has (``CACHE_URL``, Redis
   database 3; ``--cache-url ''`` for none);
5. runs locust headless (``benchmarks/locustfile.py``): the users log in with password and TOTP
   code, log contact moments through the real form, open the lists of contact moments and
   initiatives and the page of their wijk;
6. checks: every user logged in, no request failed (any status other than the expected 200, or
   302 after a save, counts as a failure), and the contact moments created in the database
   during the run are exactly those whose save the clients saw succeed (same ids);
7. prints a Markdown summary (throughput and p95 per page, CPU use, the checks) and writes it,
   with locust's CSV files and the server log, to the output folder.

Exit code 0 when every check holds, 1 when one fails, 2 when the run could not be made.
"""

import argparse
import datetime
import importlib.metadata
import json
import math
import os
import platform
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
sys.path.insert(0, str(BASE))

DATABASE_URL = "postgres://postgres@127.0.0.1:5432/mba_last"
PREFIX = "last-"
# the locustfile's names: saving a contact moment, logging in, the second step
OPSLAAN = "POST contactmoment: opslaan"
INLOGGEN = ("GET inloggen", "POST inloggen", "GET / (startpagina)")
TWEEDE_STAP = "POST inloggen: code"


class RunMislukt(Exception):
    """The run could not be made (not: a check failed)."""


def parse_duur(tekst):
    """'3m', '90s', '1m30s' or a number of seconds -> seconds."""
    if re.fullmatch(r"\d+", tekst):
        return int(tekst)
    m = re.fullmatch(r"(?:(\d+)m)?(?:(\d+)s)?", tekst)
    if not m or not any(m.groups()):
        raise argparse.ArgumentTypeError(f"duur als 3m, 90s of 1m30s, niet {tekst!r}")
    return int(m.group(1) or 0) * 60 + int(m.group(2) or 0)


def argumenten():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--duur", type=parse_duur, default="3m", help="how long the load runs (3m)")
    p.add_argument("--gebruikers", type=int, default=50, help="simulated staff (50)")
    p.add_argument("--spawn", type=float, default=1, help="users started per second (1)")
    p.add_argument("--wacht", default="0.5-2", help="seconds between a user's steps (0.5-2)")
    p.add_argument("--workers", type=int, default=3, help="gunicorn worker processes (3)")
    p.add_argument("--threads", type=int, default=4, help="threads per worker (4)")
    p.add_argument("--volume", type=int, default=200_000, help="synthetic contact moments")
    p.add_argument("--database-url", default=os.environ.get("MBA_LAST_DATABASE_URL", DATABASE_URL))
    p.add_argument(
        "--cache-url",
        default=os.environ.get("MBA_LAST_CACHE_URL", "redis://127.0.0.1:6379/3"),
        help="the shared cache, as production has one (Redis db 3; '' = LocMem per process)",
    )
    p.add_argument("--uitvoer", type=Path, help="output folder (default: a new temp folder)")
    a = p.parse_args()
    if not re.fullmatch(r"\d+(\.\d+)?-\d+(\.\d+)?", a.wacht):
        p.error("--wacht is min-max in seconds, e.g. 0.5-2")
    if not a.database_url.startswith(("postgres://", "postgresql://")):
        p.error("the load run is made on PostgreSQL: --database-url postgres://…")
    return a


# --- set-up -------------------------------------------------------------------------------------


def installeer_locust():
    """The pinned locust from requirements-bench.txt, into this venv, when it is not there."""
    regel = next(
        r for r in (BASE / "requirements-bench.txt").read_text().splitlines() if "locust==" in r
    )
    gewenst = regel.split("==", 1)[1].strip()
    try:
        if importlib.metadata.version("locust") == gewenst:
            return
    except importlib.metadata.PackageNotFoundError:
        pass
    print(f"locust {gewenst} installeren in {VENV_BIN.parent} …", flush=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        + ["-r", str(BASE / "requirements-bench.txt")],
        check=True,
        timeout=600,
    )


def django_opzetten(database_url):
    """Django in this process, for the set-up and the counts (not for serving)."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["DEBUG"] = "1"  # this process only sets up and counts; the server runs DEBUG=0
    os.environ["DJANGO_SETTINGS_MODULE"] = "mba.settings"
    import django

    django.setup()


def maak_database():
    import psycopg

    from benchmarks.gemeen import maak_database as maak

    try:
        maak()
    except psycopg.OperationalError as e:
        raise RunMislukt(f"PostgreSQL is niet bereikbaar: {e}") from None


def laad_demo(volume):
    from django.core.management import call_command
    from django.db import connection

    from activiteiten.models import Contactmoment
    from rapportage.demo import SYNTHETISCH
    from rapportage.models import Jaarrapportage

    begin = time.monotonic()
    call_command("migrate", verbosity=0)
    synthetisch = Contactmoment.objects.filter(medewerker__username__startswith=SYNTHETISCH)
    if not (Jaarrapportage.objects.filter(jaar=2021).exists() and synthetisch.count() >= volume):
        print(f"demo laden met {volume:,} contactmomenten …", flush=True)
        call_command("demo", "--geen-gebruikers", "--volume", str(volume))
    # every run starts from the same data: the contact moments earlier runs' users logged are
    # deleted (through the ORM, so their cells are recounted). Otherwise each run would add
    # ~2,000 to this month's cells and every save would recount a bigger cell than the last run's.
    vorige = Contactmoment.objects.filter(medewerker__username__startswith=PREFIX)
    weg, _ = vorige.delete()
    if weg:
        print(f"{weg:,} rijen van eerdere runs verwijderd", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"database klaar in {time.monotonic() - begin:.0f} s", flush=True)


def maak_accounts(aantal):
    """The load accounts: medewerkers of the three kernpartners, in the teams of one or two
    wijken, each with a fresh random password and a confirmed TOTP device."""
    from axes.models import AccessAttempt
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from mba.models import Medewerker, Organisatie
    from wijken.models import Wijk

    organisaties = list(Organisatie.objects.filter(kernpartner=True).order_by("naam"))
    wijken = list(Wijk.objects.order_by("volgorde"))
    if not organisaties or not wijken:
        raise RunMislukt("de demo heeft geen kernpartners of wijken: laad de demo eerst")
    groep = Group.objects.get(name="medewerker")
    wachtwoord = secrets.token_urlsafe(18)
    wachtwoord_hash = make_password(wachtwoord)  # once: hashing 50 times costs half a minute
    accounts = []
    for i in range(aantal):
        naam = f"{PREFIX}{i + 1:02d}"
        user, _ = Medewerker.objects.update_or_create(
            username=naam,
            defaults={
                "organisatie": organisaties[i % len(organisaties)],
                "password": wachtwoord_hash,
                "is_active": True,
                "first_name": "Lastproef",
                "last_name": f"{i + 1:02d}",
            },
        )
        user.groups.set([groep])
        team = [wijken[i % len(wijken)]]
        if i % 3 == 0:
            team.append(wijken[(i + 4) % len(wijken)])
        user.wijken.set(team)
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name="Lastproef", confirmed=True)
        accounts.append(
            {
                "gebruikersnaam": naam,
                "wachtwoord": wachtwoord,
                "totp_sleutel": device.key,
                "wijken": [w.slug for w in team],
            }
        )
    AccessAttempt.objects.filter(username__startswith=PREFIX).delete()
    return accounts


def contactmomenten_na(pk):
    from activiteiten.models import Contactmoment

    return Contactmoment.objects.filter(pk__gt=pk)


def hoogste_contactmoment():
    from django.db.models import Max

    from activiteiten.models import Contactmoment

    return Contactmoment.objects.aggregate(m=Max("pk"))["m"] or 0


# --- processes ----------------------------------------------------------------------------------


def vrije_poort():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Processen:
    """Every process the run starts, each in its own process group; ``stop()`` ends them all
    (SIGTERM, then SIGKILL after a bounded wait)."""

    def __init__(self):
        self.lijst = []

    def start(self, naam, args, log, **kwargs):
        p = subprocess.Popen(
            args, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, **kwargs
        )
        self.lijst.append((naam, p))
        return p

    def stop(self, p, wachten=15):
        if p.poll() is not None:
            return
        try:
            os.killpg(p.pid, signal.SIGTERM)
            p.wait(wachten)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait(10)
        except ProcessLookupError:
            pass

    def stop_alles(self):
        for _, p in reversed(self.lijst):
            self.stop(p)


def wacht_tot_klaar(url, server, seconden=60):
    """Until the login page answers 200 (as https behind the proxy), bounded."""
    einde = time.monotonic() + seconden
    verzoek = urllib.request.Request(url + "/inloggen/", headers={"X-Forwarded-Proto": "https"})
    while time.monotonic() < einde:
        if server.poll() is not None:
            raise RunMislukt(f"gunicorn stopte meteen (exit {server.returncode}): zie het log")
        try:
            with urllib.request.urlopen(verzoek, timeout=5) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise RunMislukt(f"gunicorn antwoordde niet binnen {seconden} s")


class Cpu:
    """CPU seconds of the machine (from /proc/stat) and of given process trees (psutil, which
    locust brings), to tell how much of the two cores the run had."""

    def __init__(self):
        self.begin = self._machine()
        self.postgres = {}  # backend pid -> CPU seconds, last seen

    @staticmethod
    def _machine():
        velden = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
        ticks = os.sysconf("SC_CLK_TCK")
        idle = velden[3] + velden[4]
        return sum(velden) / ticks, (sum(velden) - idle) / ticks

    @staticmethod
    def boom(pid):
        import psutil

        try:
            ouder = psutil.Process(pid)
            totaal = 0.0
            for p in [ouder, *ouder.children(recursive=True)]:
                t = p.cpu_times()
                totaal += t.user + t.system + t.children_user + t.children_system
            return totaal
        except psutil.Error:
            return 0.0

    def backends(self, database):
        """Samples the CPU seconds of the PostgreSQL backends serving this database. The app
        replaces its connections every CONN_MAX_AGE (60 s), so the run samples every 2 s and
        adds up the last value seen of each backend: a lower bound (what a backend used after
        its last sample is missed)."""
        import psutil

        for p in psutil.process_iter(["cmdline"]):
            try:
                if f" {database} " in " ".join(p.info["cmdline"] or []) + " ":
                    t = p.cpu_times()
                    self.postgres[p.pid] = t.user + t.system
            except psutil.Error:
                pass

    def machine(self):
        (t0, b0), (t1, b1) = self.begin, self._machine()
        return b1 - b0, t1 - t0


# --- the run ------------------------------------------------------------------------------------


def percentiel(tijden, p):
    """Nearest-rank percentile of a sorted list."""
    return tijden[max(0, math.ceil(p / 100 * len(tijden)) - 1)]


def statistiek(metingen):
    """Per page and for all: requests, failures, req/s over the run's window, median, p95, p99
    and max in ms, from every request the clients made."""
    if not metingen:
        return [], {}
    begin = min(eind - ms / 1000 for _, ms, eind, _ in metingen)
    venster = max(eind for _, _, eind, _ in metingen) - begin
    per_pagina = {}
    for naam, ms, _, fout in metingen:
        per_pagina.setdefault(naam, []).append((ms, fout))
    na_inloggen = [(m[1], m[3]) for m in metingen if not m[0].startswith(INLOGGEN)]
    rijen = []
    groepen = [
        *sorted(per_pagina.items()),
        ("all pages after logging in", na_inloggen),
        ("all", [(m[1], m[3]) for m in metingen]),
    ]
    for naam, lijst in groepen:
        tijden = sorted(ms for ms, _ in lijst)
        rijen.append(
            {
                "naam": naam,
                "aantal": len(lijst),
                "fouten": sum(1 for _, fout in lijst if fout),
                "per_s": len(lijst) / venster,
                "mediaan": percentiel(tijden, 50),
                "p95": percentiel(tijden, 95),
                "p99": percentiel(tijden, 99),
                "max": tijden[-1],
            }
        )
    fouten = {}
    for naam, _, _, fout in metingen:
        if fout:
            fouten[(naam, fout)] = fouten.get((naam, fout), 0) + 1
    # with every user logged in: from the last second step to the end
    ingelogd = [eind for naam, _, eind, fout in metingen if naam == TWEEDE_STAP and not fout]
    stabiel = None
    if ingelogd:
        vanaf = max(ingelogd)
        eind = max(m[2] for m in metingen)
        n = sum(1 for m in metingen if m[2] - m[1] / 1000 >= vanaf)
        stabiel = {"vanaf_s": vanaf - begin, "duur_s": eind - vanaf, "per_s": n / (eind - vanaf)}
    return rijen, {"venster": venster, "fouten": fouten, "stabiel": stabiel}


def machine_tekst():
    from django.db import connection

    from benchmarks.gemeen import cpu as cpu_naam

    cpu = cpu_naam()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
        # every run starts VACUUM ANALYZEd; without autovacuum the counts table's recounts leave
        # their dead rows for the whole run (production runs autovacuum, PostgreSQL's default)
        cursor.execute("SHOW autovacuum")
        autovacuum = cursor.fetchone()[0]
    geheugen = int(Path("/proc/meminfo").read_text().split()[1]) // (1024 * 1024)
    return (
        f"{cpu}, {os.cpu_count()} cores, {geheugen} GB; Python {platform.python_version()}; "
        f"PostgreSQL {pg} on the same machine (autovacuum {autovacuum})"
    )


def git_stand():
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=BASE, capture_output=True, text=True
        ).stdout.strip()
        vuil = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=BASE,
            capture_output=True,
            text=True,
        ).stdout.strip()
        return f"{commit}{' with uncommitted changes' if vuil else ''}"
    except OSError:
        return "unknown"


def verslag(a, stats, fouten, duur_s, cpu, controles, extra):
    regels = [
        f"Load run of {extra['begin']:%Y-%m-%d %H:%M}–{extra['eind']:%H:%M} UTC, "
        f"code {extra['git']}",
        "",
        f"- machine: {extra['machine']}",
        f"- load: {a.gebruikers} users, {a.spawn:g} started per second, "
        f"{a.wacht} s between steps, {duur_s} s; locust {importlib.metadata.version('locust')}",
        f"- server: gunicorn {importlib.metadata.version('gunicorn')}, {a.workers} workers × "
        f"{a.threads} threads ({'gthread' if a.threads > 1 else 'sync'}), DEBUG=0, MBA_2FA=1, "
        f"CONN_MAX_AGE=60, CACHE_URL={a.cache_url or '(none: LocMem)'}, "
        "behind the clients' stand-in for a TLS proxy",
        f"- data: {extra['contactmomenten']:,} contact moments before the run",
        f"- CPU over the run (2 cores = {2 * duur_s} core-seconds available): machine busy "
        f"{cpu['machine']:.0f} s, of which gunicorn {cpu['gunicorn']:.0f} s, PostgreSQL for this "
        f"database at least {cpu['postgres']:.0f} s, locust {cpu['locust']:.0f} s, other work "
        f"on the machine {cpu['machine'] - cpu['gunicorn'] - cpu['postgres'] - cpu['locust']:.0f}"
        " s; "
        f"1-minute load average during the run {extra['load']}",
        "",
        f"| page (over {extra['venster']:.0f} s) | requests | failures | req/s | median (ms) "
        "| p95 (ms) | p99 (ms) | max (ms) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in stats:
        naam = f"**{r['naam']}**" if r["naam"].startswith("all") else r["naam"]
        regels.append(
            f"| {naam} | {r['aantal']:,} | {r['fouten']} | {r['per_s']:.1f} | "
            f"{r['mediaan']:,.0f} | {r['p95']:,.0f} | {r['p99']:,.0f} | {r['max']:,.0f} |"
        )
    if extra["stabiel"]:
        st = extra["stabiel"]
        regels += [
            "",
            f"With every user logged in (from {st['vanaf_s']:.0f} s to the end, "
            f"{st['duur_s']:.0f} s): {st['per_s']:.1f} requests/s.",
        ]
    regels += ["", "Checks:"]
    regels += [f"- {'OK  ' if ok else 'FOUT'} {tekst}" for ok, tekst in controles]
    if fouten:
        regels += ["", "Failures:"]
        regels += [f"- {n}× {naam}: {fout}" for (naam, fout), n in sorted(fouten.items())]
    return "\n".join(regels) + "\n"


def main():
    a = argumenten()
    duur_s = a.duur
    uitvoer = a.uitvoer or Path(tempfile.mkdtemp(prefix="mba-last-"))
    uitvoer.mkdir(parents=True, exist_ok=True)
    processen = Processen()

    def beeindig(signum, frame):
        raise KeyboardInterrupt(f"signaal {signum}")

    # also SIGINT: a shell that starts us in the background ignores it, and so would Python
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, beeindig)
    try:
        installeer_locust()
        django_opzetten(a.database_url)
        maak_database()
        laad_demo(a.volume)
        accounts = maak_accounts(a.gebruikers)
        (uitvoer / "accounts.json").write_text(json.dumps(accounts))
        (uitvoer / "accounts.json").chmod(0o600)
        voor = hoogste_contactmoment()
        from activiteiten.models import Contactmoment

        aantal_voor = Contactmoment.objects.count()
        from django.db import connection

        machine = machine_tekst()
        connection.close()  # no idle connection of ours during the run

        poort = vrije_poort()
        url = f"http://127.0.0.1:{poort}"
        env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE",)}
        env.update(
            DEBUG="0",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="127.0.0.1",
            DATABASE_URL=a.database_url,
            CONN_MAX_AGE="60",
            SECURE_PROXY_SSL_HEADER="1",
            MBA_2FA="1",
            CELERY_BROKER_URL="",
            CACHE_URL=a.cache_url,
            LOG_LEVEL="WARNING",
        )
        server_log = open(uitvoer / "gunicorn.log", "w")
        server = processen.start(
            "gunicorn",
            [str(VENV_BIN / "gunicorn"), "mba.wsgi:application"]
            + ["--bind", f"127.0.0.1:{poort}", "--workers", str(a.workers)]
            + [
                "--threads",
                str(a.threads),
                "--worker-class",
                "gthread" if a.threads > 1 else "sync",
            ]
            + ["--timeout", "30", "--graceful-timeout", "10", "--error-logfile", "-"]
            # no control socket: it lives in the home folder, shared with other gunicorns
            + ["--no-control-socket"],
            server_log,
            cwd=BASE,
            env=env,
        )
        wacht_tot_klaar(url, server)
        print(f"gunicorn draait op {url} ({a.workers} × {a.threads}); locust start", flush=True)

        uitkomst_pad = uitvoer / "uitkomst.json"
        uitkomst_pad.unlink(missing_ok=True)
        locust_env = {
            **os.environ,
            "MBA_LAST_ACCOUNTS": str(uitvoer / "accounts.json"),
            "MBA_LAST_UITKOMST": str(uitkomst_pad),
            "MBA_LAST_WACHT": a.wacht,
        }
        database = urllib.parse.urlsplit(a.database_url).path.lstrip("/")
        cpu = Cpu()
        gunicorn_voor = Cpu.boom(server.pid)  # its start-up is not part of the run
        cpu.backends(database)
        postgres_voor = sum(cpu.postgres.values())
        kinderen_voor = os.times()
        begin = datetime.datetime.now(datetime.UTC)
        locust_log = open(uitvoer / "locust.log", "w")
        stop_timeout = 30
        locust = processen.start(
            "locust",
            [str(VENV_BIN / "locust"), "-f", str(BASE / "benchmarks" / "locustfile.py")]
            + ["--headless", "--users", str(a.gebruikers), "--spawn-rate", str(a.spawn)]
            + ["--run-time", f"{duur_s}s", "--host", url, "--stop-timeout", str(stop_timeout)]
            + ["--csv", str(uitvoer / "locust"), "--only-summary", "--loglevel", "WARNING"],
            locust_log,
            cwd=BASE,
            env=locust_env,
        )
        belasting = []  # the machine's 1-minute load average, every 10 s
        einde = time.monotonic() + duur_s + stop_timeout + 120
        volgende_belasting = 0.0
        while locust.poll() is None:
            if time.monotonic() > einde:
                raise RunMislukt("locust stopte niet op tijd")
            if time.monotonic() >= volgende_belasting:
                belasting.append(os.getloadavg()[0])
                volgende_belasting = time.monotonic() + 10
            cpu.backends(database)
            try:
                locust.wait(2)
            except subprocess.TimeoutExpired:
                pass
        eind = datetime.datetime.now(datetime.UTC)
        machine_cpu, _ = cpu.machine()
        cpu_tijden = {
            "machine": machine_cpu,
            "gunicorn": Cpu.boom(server.pid) - gunicorn_voor,
            "postgres": sum(cpu.postgres.values()) - postgres_voor,
            # locust has exited: its CPU time is in our children's times
            "locust": sum(
                getattr(os.times(), v) - getattr(kinderen_voor, v)
                for v in ("children_user", "children_system")
            ),
        }
        load = f"{min(belasting):.1f}–{max(belasting):.1f}" if belasting else "?"
        processen.stop(server)
        server_log.close()
        locust_log.close()
        if not uitkomst_pad.exists():
            raise RunMislukt("locust schreef geen uitkomst: zie locust.log")

        uitkomst = json.loads(uitkomst_pad.read_text())
        stats, info = statistiek(uitkomst["metingen"])
        fouten = info["fouten"]
        nieuw_db = set(contactmomenten_na(voor).values_list("pk", flat=True))
        door_last = set(
            contactmomenten_na(voor)
            .filter(medewerker__username__startswith=PREFIX)
            .values_list("pk", flat=True)
        )
        gezien = uitkomst["opgeslagen"]
        totaal = next(r for r in stats if r["naam"] == "all")
        saves_ok = sum(
            1 for naam, _, _, fout in uitkomst["metingen"] if naam == OPSLAAN and fout is None
        )
        serverfouten = len(
            re.findall(r"Traceback|\bERROR\b", (uitvoer / "gunicorn.log").read_text())
        )
        controles = [
            (
                uitkomst["ingelogd"] == a.gebruikers,
                f"{uitkomst['ingelogd']} of {a.gebruikers} users logged in (password + TOTP)",
            ),
            (
                totaal["fouten"] == 0,
                f"{totaal['fouten']} failed requests of {totaal['aantal']:,}",
            ),
            (serverfouten == 0, f"{serverfouten} errors in the server log"),
            (len(gezien) > 0, f"{len(gezien):,} contact moments saved (302 to the new record)"),
            (
                len(set(gezien)) == len(gezien) == saves_ok
                and set(gezien) == nieuw_db == door_last,
                f"contact moments created in the database during the run: {len(nieuw_db):,}; "
                f"saves the clients counted: {len(gezien):,}"
                + ("" if set(gezien) == nieuw_db else " (NOT the same ids)"),
            ),
        ]
        tekst = verslag(
            a,
            stats,
            fouten,
            duur_s,
            cpu_tijden,
            controles,
            {
                "begin": begin,
                "eind": eind,
                "git": git_stand(),
                "machine": machine,
                "contactmomenten": aantal_voor,
                "load": load,
                "venster": info["venster"],
                "stabiel": info["stabiel"],
            },
        )
        (uitvoer / "resultaat.md").write_text(tekst)
        (uitvoer / "resultaat.json").write_text(
            json.dumps({"pagina's": stats, "controles": controles, "cpu": cpu_tijden}, indent=1)
        )
        print("\n" + tekst)
        print(f"output: {uitvoer}")
        return 0 if all(ok for ok, _ in controles) else 1
    except RunMislukt as e:
        print(f"\nDe lastproef kon niet draaien: {e}. Logs in {uitvoer}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nafgebroken; processen worden gestopt", file=sys.stderr)
        return 2
    finally:
        processen.stop_alles()
        accounts_bestand = uitvoer / "accounts.json"
        accounts_bestand.unlink(missing_ok=True)  # passwords and TOTP keys of this run


if __name__ == "__main__":
    sys.exit(main())
