"""What the load and fault runs need to act as a browser: the form a page would submit, and the
TOTP code of an authenticator app. Standard library only (the locustfile and
benchmarks/storingen.py both use it)."""

import hashlib
import hmac
import time
from html.parser import HTMLParser


def totp(sleutel_hex, moment=None):
    """The current 6-digit code of a django-otp TOTPDevice with the default settings (30 s
    steps from t0 = 0, HMAC-SHA1, 6 digits): RFC 6238 on top of RFC 4226."""
    teller = int((time.time() if moment is None else moment) // 30)
    mac = hmac.new(bytes.fromhex(sleutel_hex), teller.to_bytes(8, "big"), hashlib.sha1).digest()
    o = mac[-1] & 0x0F
    return f"{(int.from_bytes(mac[o : o + 4], 'big') & 0x7FFFFFFF) % 1_000_000:06d}"


class Formulier(HTMLParser):
    """What a browser would submit from the page's own <form method="post"> (the first one
    without an ``action``; the header's logout form has one): every
    input's value, the checked boxes and radios, each select's selected (else first) option,
    the textareas. Also lists the checkbox values per name, to pick from."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.velden = {}  # name -> list of values
        self.keuzes = {}  # checkbox name -> all values
        self._in_form = self._klaar = False
        self._select = self._eerste_optie = None
        self._select_gekozen = False
        self._textarea = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self._klaar:
            return
        if tag == "form" and a.get("method", "").lower() == "post" and not a.get("action"):
            self._in_form = True
        if not self._in_form:
            return
        naam = a.get("name")
        if tag == "input" and naam:
            soort = a.get("type", "text").lower()
            if soort in ("checkbox", "radio"):
                if soort == "checkbox":
                    self.keuzes.setdefault(naam, []).append(a.get("value", "on"))
                if "checked" in a:
                    self.velden.setdefault(naam, []).append(a.get("value", "on"))
            elif soort not in ("submit", "button", "file"):
                self.velden.setdefault(naam, []).append(a.get("value") or "")
        elif tag == "select" and naam:
            self._select, self._eerste_optie, self._select_gekozen = naam, None, False
        elif tag == "option" and self._select:
            waarde = a.get("value", "")
            if self._eerste_optie is None:
                self._eerste_optie = waarde
            if "selected" in a and not self._select_gekozen:
                self.velden.setdefault(self._select, []).append(waarde)
                self._select_gekozen = True
        elif tag == "textarea" and naam:
            self._textarea = naam
            self.velden.setdefault(naam, []).append("")

    def handle_data(self, data):
        if self._textarea:
            self.velden[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            if not self._select_gekozen and self._eerste_optie is not None:
                self.velden.setdefault(self._select, []).append(self._eerste_optie)
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form" and self._in_form:
            self._in_form, self._klaar = False, True

    def als_lijst(self):
        return [(naam, waarde) for naam, waarden in self.velden.items() for waarde in waarden]
