"""Fault run: PostgreSQL restarts for real while gunicorn serves staff, and what each request got.

    make storingen                  # a private PostgreSQL of its own (safe on a shared machine)
    .venv/bin/python benchmarks/storingen.py --gedeeld    # restarts the machine's own cluster

Steps, each bounded in time; every process it starts is stopped at the end (also on Ctrl-C):

1. a PostgreSQL server: by default a private one (``initdb`` in a temp folder, its own port on
   127.0.0.1, run as the ``postgres`` user when started as root), so that restarting it ends
   nobody else's work; with ``--gedeeld`` the machine's cluster, restarted with
   ``pg_ctlcluster --skip-systemctl-redirect <version> main restart`` (that ends every
   connection on the machine: only where nobody else uses it);
2. the database ``mba_storing`` on it: migrated, the demo programme without volume, four
   medewerkers with a TOTP device;
3. gunicorn on 127.0.0.1 with production settings (DEBUG=0, MBA_2FA=1, behind a stand-in for
   the TLS proxy) and CONN_MAX_AGE=60 with health checks (mba/settings.py);
4. four clients that log in (password and TOTP code) and then, without pause: three open the list
   of contact moments and the page of their wijk, one logs contact moments through the form;
5. after ``--voor`` seconds the restart (``pg_ctl restart -m fast``, or pg_ctlcluster), then
   ``--na`` seconds more;
6. the outcome: per phase (before, during, after the restart) how many requests got which answer,
   the first answer of each client after the restart, and whether the contact moments in the
   database are exactly those whose save answered 302 (nothing half-saved by a failed request).

Exit code 0 when every request after the restart was answered as before it and the saves match,
1 when not, 2 when the run could not be made.
"""

import argparse
import datetime
import glob
import http.cookies
import json
import os
import pwd
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
sys.path.insert(0, str(BASE))
sys.path.insert(0, str(BASE / "benchmarks"))

from formulier import Formulier, totp  # noqa: E402

PREFIX = "storing-"
DATABASE = "mba_storing"


class RunMislukt(Exception):
    """The run could not be made (not: a check failed)."""


def vrije_poort():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(args, timeout, **kwargs):
    try:
        uit = subprocess.run(args, capture_output=True, text=True, timeout=timeout, **kwargs)
    except subprocess.TimeoutExpired:
        raise RunMislukt(f"{' '.join(args)}: niet klaar binnen {timeout} s") from None
    if uit.returncode != 0:
        raise RunMislukt(f"{' '.join(args)}: {uit.stdout}{uit.stderr}".strip())
    return uit


# --- the PostgreSQL server ----------------------------------------------------------------------


class EigenPostgres:
    """A private PostgreSQL: initdb in a temp folder, its own port on 127.0.0.1, trust auth."""

    def __init__(self, map):
        kandidaten = sorted(
            glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4])
        )
        if not kandidaten:
            raise RunMislukt("geen PostgreSQL-server gevonden in /usr/lib/postgresql/*/bin")
        self.bin = Path(kandidaten[-1]).parent
        self.map = map
        self.data = map / "data"
        self.poort = vrije_poort()
        self.als = []
        if os.geteuid() == 0:  # initdb refuses root: run the server as postgres
            self.als = ["runuser", "-u", "postgres", "--"]
            pw = pwd.getpwnam("postgres")
            os.chown(map, pw.pw_uid, pw.pw_gid)
        self.url = f"postgres://postgres@127.0.0.1:{self.poort}/{DATABASE}"
        self.beschrijving = f"a private PostgreSQL ({self.bin.parent.name}) on port {self.poort}"

    def pg_ctl(self, *args, timeout=90):
        return run(
            [*self.als, str(self.bin / "pg_ctl"), "-D", str(self.data), *args], timeout=timeout
        )

    def start(self):
        run(
            [*self.als, str(self.bin / "initdb"), "-D", str(self.data)]
            + ["-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"],
            timeout=120,
        )
        opties = f"-p {self.poort} -k {self.map} -c listen_addresses=127.0.0.1"
        self.pg_ctl("-o", opties, "-l", str(self.map / "postgres.log"), "-w", "-t", "60", "start")

    def herstart(self):
        # -l again: pg_ctl does not remember it, and the server must not hold our pipes
        self.pg_ctl("-m", "fast", "-l", str(self.map / "postgres.log"), "-w", "-t", "60", "restart")

    def stop(self):
        if (self.data / "postmaster.pid").exists():
            try:
                self.pg_ctl("-m", "immediate", "-w", "-t", "30", "stop", timeout=40)
            except (RunMislukt, subprocess.TimeoutExpired):
                pass


class GedeeldCluster:
    """The machine's own cluster (as the README's set-up has it), restarted with pg_ctlcluster."""

    def __init__(self):
        versies = (
            sorted(os.listdir("/etc/postgresql"), key=int)
            if Path("/etc/postgresql").exists()
            else []
        )
        if not versies:
            raise RunMislukt("geen cluster in /etc/postgresql")
        self.versie = versies[-1]
        self.url = os.environ.get(
            "MBA_STORING_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
        )
        self.beschrijving = f"the machine's cluster {self.versie}/main"

    def start(self):
        pass

    def herstart(self):
        run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", self.versie, "main", "restart"],
            timeout=120,
        )
        einde = time.monotonic() + 60
        while subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"]).returncode != 0:
            if time.monotonic() > einde:
                raise RunMislukt("PostgreSQL kwam niet terug binnen 60 s")
            time.sleep(0.2)

    def stop(self):
        pass


# --- the app ------------------------------------------------------------------------------------


def django_opzetten(database_url):
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


def opzetten(aantal):
    """Migrate, the demo programme, and the accounts (fresh password and TOTP device)."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from mba.models import Medewerker, Organisatie
    from wijken.models import Wijk

    call_command("migrate", verbosity=0)
    call_command("demo", "--geen-gebruikers", verbosity=0)
    wachtwoord = secrets.token_urlsafe(18)
    wachtwoord_hash = make_password(wachtwoord)
    organisaties = list(Organisatie.objects.filter(kernpartner=True).order_by("naam"))
    wijken = list(Wijk.objects.order_by("volgorde"))
    accounts = []
    for i in range(aantal):
        user, _ = Medewerker.objects.update_or_create(
            username=f"{PREFIX}{i + 1:02d}",
            defaults={
                "organisatie": organisaties[i % len(organisaties)],
                "password": wachtwoord_hash,
                "is_active": True,
            },
        )
        user.groups.set([Group.objects.get(name="medewerker")])
        user.wijken.set([wijken[i % len(wijken)]])
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name="Storingsproef", confirmed=True)
        accounts.append(
            {
                "gebruikersnaam": user.username,
                "wachtwoord": wachtwoord,
                "totp_sleutel": device.key,
                "wijk": wijken[i % len(wijken)].slug,
            }
        )
    from axes.models import AccessAttempt

    AccessAttempt.objects.filter(username__startswith=PREFIX).delete()
    return accounts


# --- the clients --------------------------------------------------------------------------------


class GeenDoorsturen(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A browser behind the TLS proxy, in the standard library: keeps its cookies, sends
    X-Forwarded-Proto and, on a POST, Origin and Referer; follows no redirect."""

    def __init__(self, basis):
        self.basis = basis
        self.cookies = {}
        self.opener = urllib.request.build_opener(GeenDoorsturen())

    def vraag(self, pad, data=None):
        """(status, Location, body); an exception's text as status when no answer came."""
        headers = {"X-Forwarded-Proto": "https"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if data is not None:
            host = self.basis.split("://", 1)[1]
            headers.update(Origin=f"https://{host}", Referer=f"https://{host}{pad}")
            data = urllib.parse.urlencode(data).encode()
        verzoek = urllib.request.Request(self.basis + pad, data=data, headers=headers)
        try:
            antwoord = self.opener.open(verzoek, timeout=30)
        except urllib.error.HTTPError as e:
            antwoord = e
        except OSError as e:
            return type(e).__name__, "", ""
        with antwoord:
            for regel in antwoord.headers.get_all("Set-Cookie") or []:
                for naam, morsel in http.cookies.SimpleCookie(regel).items():
                    self.cookies[naam] = morsel.value
            return antwoord.status, antwoord.headers.get("Location", ""), antwoord.read().decode()

    def inloggen(self, account):
        _, _, html = self.vraag("/inloggen/")
        velden = dict(Formulier(html).als_lijst())
        velden.update(username=account["gebruikersnaam"], password=account["wachtwoord"], next="/")
        status, plek, _ = self.vraag("/inloggen/", velden)
        if (status, plek) != (302, "/"):
            raise RunMislukt(f"inloggen van {account['gebruikersnaam']}: {status} {plek}")
        _, _, html = self.vraag("/inloggen/tweede-stap/?next=/")
        velden = dict(Formulier(html).als_lijst())
        velden["code"] = totp(account["totp_sleutel"])
        status, plek, _ = self.vraag("/inloggen/tweede-stap/?next=/", velden)
        if (status, plek) != (302, "/"):
            raise RunMislukt(f"tweede stap van {account['gebruikersnaam']}: {status} {plek}")


class Client(threading.Thread):
    """Makes requests until told to stop; records (kind, begin, end, answer) of each."""

    def __init__(self, basis, account, schrijft, stop):
        super().__init__(daemon=True)
        self.browser = Browser(basis)
        self.account, self.schrijft, self.stoppen = account, schrijft, stop
        self.metingen = []
        self.opgeslagen = []

    def meet(self, soort, pad, data=None, verwacht=None):
        begin = time.time()
        status, plek, body = self.browser.vraag(pad, data)
        ok = status == 200 if verwacht is None else status == 302 and bool(re.match(verwacht, plek))
        self.metingen.append(
            {
                "client": self.account["gebruikersnaam"],
                "soort": soort,
                "begin": begin,
                "eind": time.time(),
                "antwoord": status,
                "ok": ok,
            }
        )
        return status, plek, body

    def run(self):
        while not self.stoppen.is_set():
            if self.schrijft:
                status, _, html = self.meet("contactmoment: formulier", "/contactmomenten/nieuw/")
                if status == 200:
                    formulier = Formulier(html)
                    velden = formulier.als_lijst()
                    velden.append(("themas", random.choice(formulier.keuzes["themas"])))
                    status, plek, _ = self.meet(
                        "contactmoment: opslaan",
                        "/contactmomenten/nieuw/",
                        velden,
                        verwacht=r"^/contactmomenten/\d+/$",
                    )
                    if status == 302 and re.match(r"^/contactmomenten/(\d+)/$", plek):
                        self.opgeslagen.append(int(plek.split("/")[2]))
            else:
                self.meet("contactmomenten: lijst", "/contactmomenten/")
                self.meet("wijk: pagina", f"/wijken/{self.account['wijk']}/")
            time.sleep(0.1)


# --- the outcome --------------------------------------------------------------------------------


def samenvatting(metingen, herstart_begin, herstart_eind):
    fasen = {"voor": [], "tijdens": [], "na": []}
    for m in metingen:
        if m["eind"] < herstart_begin:
            fasen["voor"].append(m)
        elif m["begin"] > herstart_eind:
            fasen["na"].append(m)
        else:
            fasen["tijdens"].append(m)
    uit = {}
    for fase, lijst in fasen.items():
        antwoorden = {}
        for m in lijst:
            sleutel = f"{m['soort']}: {m['antwoord']}"
            antwoorden[sleutel] = antwoorden.get(sleutel, 0) + 1
        uit[fase] = {
            "aantal": len(lijst),
            "fout": sum(1 for m in lijst if not m["ok"]),
            "antwoorden": dict(sorted(antwoorden.items())),
            "langste_ms": round(max((m["eind"] - m["begin"] for m in lijst), default=0) * 1000),
        }
    eerste = {}
    for m in sorted(fasen["na"], key=lambda m: m["begin"]):
        eerste.setdefault(m["client"], m)
    return fasen, uit, eerste


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--gedeeld", action="store_true", help="restart the machine's own cluster")
    p.add_argument("--voor", type=float, default=8, help="seconds of traffic before the restart")
    p.add_argument("--na", type=float, default=15, help="seconds of traffic after it")
    p.add_argument("--uitvoer", type=Path, help="output folder (default: a new temp folder)")
    a = p.parse_args()
    uitvoer = a.uitvoer or Path(tempfile.mkdtemp(prefix="mba-storingen-"))
    uitvoer.mkdir(parents=True, exist_ok=True)
    werkmap = Path(tempfile.mkdtemp(prefix="mba-storingen-pg-"))
    server = gunicorn = None
    clients = []
    stop = threading.Event()

    def beeindig(signum, frame):
        raise KeyboardInterrupt(f"signaal {signum}")

    # also SIGINT: a shell that starts us in the background ignores it, and so would Python
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, beeindig)
    try:
        server = GedeeldCluster() if a.gedeeld else EigenPostgres(werkmap)
        print(f"PostgreSQL: {server.beschrijving}", flush=True)
        server.start()
        django_opzetten(server.url)
        maak_database()
        accounts = opzetten(4)
        from django.db import connection

        connection.close()

        poort = vrije_poort()
        basis = f"http://127.0.0.1:{poort}"
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        env.update(
            DEBUG="0",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="127.0.0.1",
            DATABASE_URL=server.url,
            CONN_MAX_AGE="60",
            SECURE_PROXY_SSL_HEADER="1",
            MBA_2FA="1",
            CELERY_BROKER_URL="",
        )
        log = open(uitvoer / "gunicorn.log", "w")
        gunicorn = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "mba.wsgi:application", "--bind", f"127.0.0.1:{poort}"]
            + ["--workers", "2", "--threads", "2", "--worker-class", "gthread"]
            + ["--timeout", "30", "--no-control-socket", "--error-logfile", "-"],
            cwd=BASE,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        einde = time.monotonic() + 60
        while Browser(basis).vraag("/inloggen/")[0] != 200:
            if gunicorn.poll() is not None or time.monotonic() > einde:
                raise RunMislukt("gunicorn kwam niet op: zie gunicorn.log")
            time.sleep(0.3)

        clients = [Client(basis, acc, i == 0, stop) for i, acc in enumerate(accounts)]
        for c in clients:
            c.browser.inloggen(c.account)
        print("vier medewerkers ingelogd; verkeer loopt", flush=True)
        for c in clients:
            c.start()
        time.sleep(a.voor)
        print("PostgreSQL herstarten …", flush=True)
        herstart_begin = time.time()
        server.herstart()
        herstart_eind = time.time()
        print(f"herstart klaar in {herstart_eind - herstart_begin:.1f} s", flush=True)
        time.sleep(a.na)
        stop.set()
        for c in clients:
            c.join(40)

        metingen = [m for c in clients for m in c.metingen]
        _, fasen, eerste = samenvatting(metingen, herstart_begin, herstart_eind)
        opgeslagen = {pk for c in clients for pk in c.opgeslagen}

        from activiteiten.models import Contactmoment
        from mba.models import Formulierinzending

        in_db = set(
            Contactmoment.objects.filter(medewerker__username__startswith=PREFIX).values_list(
                "pk", flat=True
            )
        )
        tokens = Formulierinzending.objects.filter(medewerker__username__startswith=PREFIX)
        zonder_record = tokens.filter(url="").count()
        controles = [
            (
                fasen["voor"]["fout"] == 0,
                f"before the restart: {fasen['voor']['fout']} of "
                f"{fasen['voor']['aantal']} requests not answered as expected",
            ),
            (
                fasen["na"]["fout"] == 0 and fasen["na"]["aantal"] > 0,
                f"after the restart: {fasen['na']['fout']} of {fasen['na']['aantal']} requests not "
                "answered as expected",
            ),
            (
                all(m["ok"] for m in eerste.values()) and len(eerste) == len(clients),
                "the first request of each client after the restart: "
                + ", ".join(f"{m['soort']} {m['antwoord']}" for m in eerste.values()),
            ),
            (
                opgeslagen == in_db and tokens.count() == len(in_db) and zonder_record == 0,
                f"contact moments in the database {len(in_db)}, saves answered 302 "
                f"{len(opgeslagen)}, form tokens {tokens.count()} (without a record: "
                f"{zonder_record})",
            ),
        ]
        tracebacks = len(re.findall(r"Traceback", (uitvoer / "gunicorn.log").read_text()))
        nu = datetime.datetime.now(datetime.UTC)
        regels = [
            f"Fault run of {nu:%Y-%m-%d %H:%M} UTC: PostgreSQL restarted under load",
            "",
            f"- server: {server.beschrijving}; restart took "
            f"{herstart_eind - herstart_begin:.1f} s (`pg_ctl restart -m fast`"
            f"{'' if not a.gedeeld else ' / pg_ctlcluster'}, waiting until it accepts "
            "connections)",
            "- app: gunicorn 2 workers × 2 threads, DEBUG=0, MBA_2FA=1, CONN_MAX_AGE=60, "
            "CONN_HEALTH_CHECKS on; four medewerkers without pause (three read, one logs "
            "contacts)",
            f"- machine: {os.cpu_count()} cores, load average "
            f"{' / '.join(f'{x:.1f}' for x in os.getloadavg())}",
            "",
            "| phase | requests | not as expected | answers | longest (ms) |",
            "| --- | ---: | ---: | --- | ---: |",
        ]
        for fase in ("voor", "tijdens", "na"):
            f = fasen[fase]
            antwoorden = "; ".join(f"{k} ×{n}" for k, n in f["antwoorden"].items())
            regels.append(
                f"| {dict(voor='before', tijdens='during', na='after')[fase]} | {f['aantal']} | "
                f"{f['fout']} | {antwoorden} | {f['langste_ms']:,} |"
            )
        regels += [
            "",
            f"Server log: {tracebacks} tracebacks (errors answered during the restart).",
            "",
            "Checks:",
        ]
        regels += [f"- {'OK  ' if ok else 'FOUT'} {tekst}" for ok, tekst in controles]
        tekst = "\n".join(regels) + "\n"
        (uitvoer / "resultaat.md").write_text(tekst)
        (uitvoer / "metingen.json").write_text(json.dumps(metingen))
        print("\n" + tekst)
        print(f"output: {uitvoer}")
        return 0 if all(ok for ok, _ in controles) else 1
    except RunMislukt as e:
        print(f"\nDe storingsproef kon niet draaien: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nafgebroken; processen worden gestopt", file=sys.stderr)
        return 2
    finally:
        stop.set()
        for c in clients:
            c.join(5)
        if gunicorn is not None and gunicorn.poll() is None:
            os.killpg(gunicorn.pid, signal.SIGTERM)
            try:
                gunicorn.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(gunicorn.pid, signal.SIGKILL)
                gunicorn.wait(10)
        if server is not None:
            server.stop()
        shutil.rmtree(werkmap, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
