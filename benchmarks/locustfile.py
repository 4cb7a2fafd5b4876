"""The load clients of the load run (`benchmarks/last.py`, `make last`): staff on their phones.

Each simulated medewerker logs in as a browser does (password, then a TOTP code, django-otp's
RFC 6238 calculation), then, with a short pause between steps, logs contact moments through the
real form (its CSRF token and one-time form token), opens the lists of contact moments and
initiatives, and looks at the page of one of their wijken.

Every page must answer 200 without a redirect (a redirect to the login page would otherwise count
as a success); saving a contact moment must answer 302 to the new contact moment, whose id is
kept. At the end the ids and every request's time and outcome go to the file in
``MBA_LAST_UITKOMST``: the runner compares the ids with the rows in the database and computes
throughput and percentiles from the times.

The app runs as in production (DEBUG=0, secure cookies, SSL redirect) behind a TLS-terminating
proxy (SECURE_PROXY_SSL_HEADER=1): the clients play that proxy's part by sending
``X-Forwarded-Proto: https`` and the ``Origin`` a browser sends on a POST, and their cookie jar
sends the secure session and
CSRF cookies come back as a browser behind the proxy sends them (``AchterTlsProxy``).

Settings come from the environment (the runner sets them): ``MBA_LAST_ACCOUNTS`` (JSON file with
the accounts), ``MBA_LAST_UITKOMST`` (where the outcome is written), ``MBA_LAST_WACHT`` (seconds
between steps, "min-max").
"""

import http.cookiejar
import itertools
import json
import os
import random
import re
import time
from urllib.parse import urlencode

# benchmarks/formulier.py: locust puts the locustfile's folder on the path
from formulier import Formulier, totp
from locust import FastHttpUser, events, task
from locust.exception import StopUser

ACCOUNTS = json.loads(open(os.environ["MBA_LAST_ACCOUNTS"]).read())
UITKOMST = os.environ["MBA_LAST_UITKOMST"]
WACHT_MIN, WACHT_MAX = (float(s) for s in os.environ.get("MBA_LAST_WACHT", "0.5-2").split("-"))

_volgend_account = itertools.cycle(ACCOUNTS)
_opgeslagen = []  # ids of the contact moments whose save answered 302 to the new record
_geweigerd = []  # saves that did not (status and the first message), for the report
_ingelogd = set()
_metingen = []  # [name, ms, end time, failure or None] per request

NIEUW_CONTACT = re.compile(r"^/contactmomenten/(\d+)/$")


class AchterTlsProxy(http.cookiejar.DefaultCookiePolicy):
    """A browser talks https to the proxy and gets its secure cookies back; here the clients
    stand in for both on 127.0.0.1, so the cookie jar sends secure cookies over the loopback."""

    def return_ok_secure(self, cookie, request):
        return True


NOTITIES = [
    "Gesprek over de speeltuin en de verlichting op het plein.",
    "Vraag over de bewonersavond; uitnodiging gegeven.",
    "Zorgen over zwerfvuil bij de containers.",
    "",
    "",
]


class Medewerker(FastHttpUser):
    """A member of a wijkteam, on a phone, with the app open during the day."""

    # an answer that takes longer than this is a failure: nobody waits longer on a phone
    network_timeout = 30.0
    connection_timeout = 10.0

    def wait_time(self):
        return random.uniform(WACHT_MIN, WACHT_MAX)

    def on_start(self):
        self.account = next(_volgend_account)
        self.client.cookiejar.set_policy(AchterTlsProxy())
        self.proxy = {
            "X-Forwarded-Proto": "https",
            "Origin": f"https://{self.host.split('://', 1)[1]}",
        }
        self.inloggen()

    # --- helpers ---------------------------------------------------------------------------

    def pagina(self, pad, naam):
        """GET a page as a browser would after following links: it must answer 200 itself."""
        with self.client.get(
            pad, name=naam, headers=self.proxy, allow_redirects=False, catch_response=True
        ) as r:
            if not r.status_code:
                r.failure(f"geen antwoord: {r.error!r}")  # refused, reset or past the timeout
                return None
            if r.status_code != 200:
                r.failure(f"{r.status_code} {r.headers.get('Location', '')}".strip())
                return None
            return r.text

    def post(self, pad, naam, velden, verwacht):
        """POST a form; the answer must be a redirect matching ``verwacht`` (a regex).
        Returns the match, or None (then the request is counted as a failure)."""
        with self.client.post(
            pad,
            name=naam,
            data=urlencode(velden),  # a dict, or a list of pairs for a repeated name
            headers={
                **self.proxy,
                "Referer": f"https://{self.host.split('://', 1)[1]}{pad}",
                "Content-Type": "application/x-www-form-urlencoded",
            },
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if not r.status_code:
                r.failure(f"geen antwoord: {r.error!r}")  # refused, reset or past the timeout
                return None
            plek = r.headers.get("Location", "")
            gevonden = re.match(verwacht, plek) if r.status_code == 302 else None
            if gevonden is None:
                # the form came back: name the fields and their messages
                fouten = re.findall(r'id="id_(\w+)_error">([^<]*)<', r.text or "")
                tekst = "; ".join(f"{veld}: {melding.strip()}" for veld, melding in fouten)
                r.failure(f"{r.status_code} {plek} {tekst}".strip()[:300])
            return gevonden

    def inloggen(self):
        """Password, then the TOTP code (the second step of MBA_2FA)."""
        html = self.pagina("/inloggen/", "inloggen: formulier")
        if html is None:
            raise StopUser()
        velden = dict(Formulier(html).als_lijst())
        velden.update(
            username=self.account["gebruikersnaam"],
            password=self.account["wachtwoord"],
            next="/",
        )
        if not self.post("/inloggen/", "inloggen: wachtwoord", velden, r"^/$"):
            raise StopUser()
        html = self.pagina("/inloggen/tweede-stap/?next=/", "inloggen: code-formulier")
        if html is None:
            raise StopUser()
        velden = dict(Formulier(html).als_lijst())
        velden["code"] = totp(self.account["totp_sleutel"])
        if not self.post("/inloggen/tweede-stap/?next=/", "inloggen: code", velden, r"^/$"):
            raise StopUser()
        _ingelogd.add(self.account["gebruikersnaam"])
        self.pagina("/", "/ (startpagina)")

    # --- what staff do ----------------------------------------------------------------------

    @task(4)
    def contactmoment_loggen(self):
        html = self.pagina("/contactmomenten/nieuw/", "contactmoment: formulier")
        if html is None:
            return
        formulier = Formulier(html)
        velden = {k: v for k, v in formulier.als_lijst() if k not in ("themas", "signalen")}
        lijst = list(velden.items())
        themas = formulier.keuzes.get("themas", [])
        signalen = formulier.keuzes.get("signalen", [])
        # the chips a user taps: one to three themes, now and then a signal
        lijst += [
            ("themas", t) for t in random.sample(themas, k=min(len(themas), random.randint(1, 3)))
        ]
        if signalen and random.random() < 0.3:
            lijst.append(("signalen", random.choice(signalen)))
        lijst = [(k, v) for k, v in lijst if k not in ("bewoners_bereikt", "notitie")]
        lijst += [
            ("bewoners_bereikt", str(random.choice([1, 1, 1, 2, 3, 5]))),
            ("notitie", random.choice(NOTITIES)),
        ]
        gevonden = self.post(
            "/contactmomenten/nieuw/", "contactmoment: opslaan", lijst, NIEUW_CONTACT.pattern
        )
        if gevonden is None:
            _geweigerd.append(self.account["gebruikersnaam"])
            return
        pk = int(gevonden.group(1))
        _opgeslagen.append(pk)
        self.pagina(f"/contactmomenten/{pk}/", "contactmoment: bekijken")

    @task(3)
    def contactmomenten(self):
        self.pagina("/contactmomenten/", "contactmomenten: lijst")

    @task(2)
    def initiatieven(self):
        self.pagina("/initiatieven/", "initiatieven: lijst")

    @task(2)
    def wijk(self):
        slug = random.choice(self.account["wijken"])
        self.pagina(f"/wijken/{slug}/", "wijk: pagina")


@events.request.add_listener
def meet(request_type, name, response_time, exception, **kwargs):
    """Every request, as it ends: the report is made from these, not from locust's rounded
    percentiles, and a request that ends while the users stop is still counted."""
    _metingen.append(
        [f"{request_type} {name}", round(response_time, 1), time.time(), _fout(exception)]
    )


def _fout(exception):
    if exception is None:
        return None
    return str(getattr(exception, "args", [exception])[0] if exception.args else exception)


@events.quitting.add_listener
def schrijf_uitkomst(environment, **kwargs):
    with open(UITKOMST, "w") as f:
        json.dump(
            {
                "opgeslagen": sorted(_opgeslagen),
                "geweigerd": len(_geweigerd),
                "ingelogd": len(_ingelogd),
                "metingen": _metingen,
            },
            f,
        )
