"""Finds a resident's personal data in free text: e-mail addresses, phone numbers, postcodes,
street + house number, BSNs, bank account numbers (IBAN) and a title + surname ("mevrouw
Jansen").

Two steps. ``normaliseer()`` first makes every way of writing the same: Unicode NFKC (full-width
digits and ``＠``), zero-width and control characters removed, every decimal digit (Arabic-Indic,
Devanagari …) made ASCII, every dash a ``-``, every space a space, ``%40`` and ``&#64;`` an ``@``.
Then ``vind()`` looks with well-kept libraries where they exist: ``phonenumbers`` (Google's
libphonenumber, ``PhoneNumberMatcher`` with region NL and leniency VALID: only numbers that can
exist, in every way of grouping them), ``python-stdnum`` (the BSN's elfproef, the Dutch postcode,
the IBAN check digits), and patterns only for the rest (e-mail, also "jan [at] example [punt]
nl"; street + number with the usual street suffixes; a title with a surname).

What is ordinary in MBA's notes stays allowed: dates ("14-3-2021"), times ("om 14.30"), counts
("9 wijken", "Marsdijk 12 contacten"), amounts ("€ 1.500"), years ("2021-2022"), bus lines,
groups, weeks, blocks and flats of a project ("flat 12 aan de Thorbeckelaan"), and the service
numbers of organisations (0800, 0900, 088, 14 0592: not a resident's). The corpus in
``mba/tests/persoonsgegevens_corpus.toml`` holds both kinds; its test prints the rates.
"""

import html
import re
import unicodedata
from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberType
from stdnum import iban as std_iban
from stdnum.nl import bsn as std_bsn
from stdnum.nl import postcode as std_postcode


@dataclass(frozen=True)
class Vondst:
    soort: str  # one of SOORTEN
    gemaskeerd: str  # the value with most characters hidden, for the message


SOORTEN = {
    "email": "een e-mailadres",
    "telefoon": "een telefoonnummer",
    "adres": "een adres",
    "postcode": "een postcode",
    "bsn": "een BSN",
    "iban": "een rekeningnummer",
    "naam": "een naam",
}

# --- normalising ----------------------------------------------------------------------------

_PROCENT = re.compile(r"%(40|2[eE]|2[bB])")
_PROCENT_TEKENS = {"40": "@", "2e": ".", "2b": "+"}


def _teken(c):
    """One character of non-ASCII text, made plain (after NFKC)."""
    cat = unicodedata.category(c)
    if cat == "Nd":
        return str(unicodedata.decimal(c))
    if cat == "Cf":  # zero-width space/joiners, soft hyphen, direction marks, BOM
        return ""
    if cat in ("Cc", "Zs", "Zl", "Zp"):
        return "\n" if c in "\n\r" else " "
    if cat == "Pd" or c in "\u2212\u2043\ufe63":  # every dash, the minus sign, hyphen bullet
        return "-"
    return c


_ASCII_CONTROLE = re.compile(r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f]")


def normaliseer(tekst):
    """The text with every way of writing a digit, dash, space and @ made the same."""
    if not tekst.isascii():
        tekst = "".join(_teken(c) for c in unicodedata.normalize("NFKC", tekst))
    else:
        tekst = _ASCII_CONTROLE.sub(" ", tekst)
    if "%" in tekst:
        tekst = _PROCENT.sub(lambda m: _PROCENT_TEKENS[m.group(1).lower()], tekst)
    if "&" in tekst and ";" in tekst:
        tekst = html.unescape(tekst)
    return tekst


# --- e-mail -----------------------------------------------------------------------------------

_TLD = r"(?:nl|com|org|net|eu|be|de|nu|info|biz|io|me|fr|uk|co\.uk|online|email|mail)"
_AT_WOORD = r"(?:at|apenstaartje|apestaartje|apestaart|a)"
_PUNT_WOORD = r"(?:dot|punt)"
_HAAK_OPEN, _HAAK_DICHT = r"[\[({<]", r"[\])}>]"
# "@", "(at)", "[at]", " at " (a spelled-out "at" needs a domain ending in a known TLD)
_AT = rf"(?:\s*@\s*|\s*{_HAAK_OPEN}\s*(?:{_AT_WOORD}|@)\s*{_HAAK_DICHT}\s*)"
_PUNT = rf"(?:\.|\s*{_HAAK_OPEN}\s*(?:{_PUNT_WOORD}|\.)\s*{_HAAK_DICHT}\s*|\s+{_PUNT_WOORD}\s+)"
_LOKAAL = r"[\w][\w.+'-]*"
_PROVIDERS = (
    r"(?:gmail|hotmail|outlook|live|msn|yahoo|icloud|ziggo|kpnmail|kpnplanet|planet|home|"
    r"xs4all|hetnet|chello|caiway|telfort|tele2|quicknet|zeelandnet|online|upcmail|gmx|proton)"
)
EMAIL = re.compile(
    rf"{_LOKAAL}{_AT}[\w-]+(?:{_PUNT}[\w-]+)*{_PUNT}(?:[a-z]{{2,10}})\b"  # jan@example.nl
    rf"|{_LOKAAL}{_AT}{_PROVIDERS}\b"  # jan@hotmail
    rf"|{_LOKAAL}\s+(?:at|apenstaartje|apestaartje|apestaart)\s+[\w-]+(?:{_PUNT}[\w-]+)*{_PUNT}{_TLD}\b"
    r"|\w@\w",  # anything else tight around an @
    re.IGNORECASE,
)

# --- phone ------------------------------------------------------------------------------------

# Numbers of organisations, not of residents: toll-free, paid, shared-cost, 088 and "14 0592".
_ORGANISATIENUMMERS = {
    PhoneNumberType.TOLL_FREE,
    PhoneNumberType.PREMIUM_RATE,
    PhoneNumberType.SHARED_COST,
    PhoneNumberType.UAN,
}
_DATUM_IN_NUMMER = re.compile(r"\b\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d\d\b")


def _telefoonnummers(tekst):
    for m in phonenumbers.PhoneNumberMatcher(tekst, "NL", leniency=phonenumbers.Leniency.VALID):
        if phonenumbers.number_type(m.number) in _ORGANISATIENUMMERS:
            continue
        if _DATUM_IN_NUMMER.search(m.raw_string):  # "06-12-2021 14" is a date and a count
            continue
        yield m.raw_string


# A mobile number that phonenumbers does not take in running text: 06 and 8 digits, grouped
# any way with spaces, dots, dashes or slashes ("06 12 34 56 78", "06.1234.5678").
MOBIEL = re.compile(
    r"(?<![\d-])(?:(?:\+|00)\s?31\s?(?:\(0\)\s?)?|0)6(?:[\s./-]{0,2}\d){8}(?![\d]|[-.]\d)"
)

# --- postcode ---------------------------------------------------------------------------------

POSTCODE = re.compile(r"(?<![\w.,-])([1-9]\d{3})\s?-?\s?([A-Za-z]{2})(?![\w-])")
# Two-letter words and units that follow a number in ordinary text ("in 2021 is", "1500 km").
_GEEN_POSTCODE = frozenset(
    "en in is op om te de al er ze na of nu zo ik je we me ja ex bv tv ov ca pp pm am st "
    "km cm mm dm kg gr mg ml cl dl kb mb gb tb hz kw pk ps tm vs nr no cq ie eg wo do vr za zo "
    "ma di uu ha mi af ga ok oh eh au ad id re bi".split()
)


def _postcodes(tekst):
    for m in POSTCODE.finditer(tekst):
        letters = m.group(2)
        if not std_postcode.is_valid(f"{m.group(1)}{letters.upper()}"):
            continue
        if not letters.isupper() and (
            letters.lower() in _GEEN_POSTCODE or _JAAR.fullmatch(m.group(1))
        ):  # "in 2021 af te zien", "1500 km": a word after a year or a count
            continue
        yield m.group(0)


# --- street + house number --------------------------------------------------------------------

_STRAAT_ACHTER = (
    "straat str laan ln weg plein dreef singel kade hof pad steeg stg markt park gracht dijk "
    "brink veld erf wal haven boulevard allee plantsoen horst akker hout zoom es"
).split()
# street words that are a street on their own, with a capital: "Brink 12", "Markt 9"
_LOS_STRAAT = frozenset("Brink Markt Kade Dijk Singel Plein Laan Hof Es Wal Haven".split())
# a word, [.] [nr.|no.|nummer] and a number, also without a space ("Stationsstraat12"); the
# street is judged in Python (a regex that tried every suffix at every word was 10x slower)
ADRES = re.compile(
    r"\b([A-Za-z][A-Za-z'-]*+)\.?(\s?(?:(?:nr|no|nummer)\.?\s?)?)(\d{1,4})(?![\d:]|[.,]\d)"
    r"(?:\s?-?\s?([A-Za-z]{1,3})\b)?",
    re.IGNORECASE,
)


def _is_straat(woord):
    if woord in _LOS_STRAAT:
        return True
    laag = woord.lower()
    return any(laag.endswith(a) and len(laag) - len(a) >= 2 for a in _STRAAT_ACHTER)


# "huisnummer 12", "huisnr. 12": a house number without its street
HUISNUMMER = re.compile(r"\bhuis(?:nummer|nr\.?|no\.?)\s?\d{1,4}\b", re.IGNORECASE)
# Ordinary words that end like a street ("onderweg 2", "fietspad 500 meter", "les 3").
_GEEN_STRAAT = frozenset(
    "onderweg halfweg snelweg zijweg fietspad voetpad wandelpad looppad ruiterpad trimpad "
    "adres adressen schoolplein speelplein marktplein kerkhof binnenhof speelveld sportveld "
    "voetbalveld "
    "grasveld trapveld parkeerplaats".split()
)
# A number after a wijk or street that counts something: "Marsdijk 12 contacten".
_TELWOORDEN = frozenset(
    "bewoners contacten contactmomenten signalen kinderen deelnemers woningen huishoudens "
    "mensen personen activiteiten keer x maal procent euro minuten min uur uren meter km "
    "jaar dagen weken maanden flats vrijwilligers ouderen jongeren gezinnen bezoekers "
    "aanmeldingen meldingen vragen doorverwijzingen initiatieven projecten stuks bomen "
    "kerstbomen kopjes kramen huizen portieken appartementen adressen deuren panden tafels "
    "stoelen zakken containers plekken".split()
)
_WERKWOORDEN = frozenset(
    "zijn hebben wonen woont komen gaan willen kunnen moeten worden krijgen lopen staan "
    "gesproken geweest".split()
)
_JAAR = re.compile(r"(?:19|20)\d\d")


_VOLGWOORDEN = re.compile(r"\s*([%\w]+)")


def _telt_iets(tekst, eind):
    """Is the number that ends at ``eind`` followed by what it counts ("12 contacten", "3 nieuwe
    bankjes")? A plural noun within three words, past adjectives, says so."""
    for woord in _VOLGWOORDEN.findall(tekst[eind : eind + 60])[:3]:
        woord = woord.lower()
        if woord in _TELWOORDEN or woord.startswith("%"):
            return True
        if (
            len(woord) > 3
            and woord.endswith(("en", "s"))
            and not woord.startswith("ge")
            and woord not in _WERKWOORDEN
        ):
            return True
        if not (woord.endswith("e") or woord in ("extra", "meer", "ruim", "circa", "ca")):
            return False
    return False


def _adressen(tekst):
    for m in ADRES.finditer(tekst):
        straat, nummer = m.group(1), m.group(3)
        laag = straat.lower()
        if not _is_straat(straat) or laag in _GEEN_STRAAT or laag.endswith("jes"):
            continue
        if len(nummer) == 4 and _JAAR.fullmatch(nummer):  # "Noorderpark 2021"
            continue
        if not m.group(4) and _telt_iets(tekst, m.end(3)):
            continue
        yield straat, m.group(0)
    for m in HUISNUMMER.finditer(tekst):
        yield "huisnummer", m.group(0)


# --- BSN and IBAN -----------------------------------------------------------------------------

# 8 or 9 digits, grouped with single spaces, dots or dashes ("123.456.782", "1234 56 782"),
# not part of a longer number and not an amount
NEGEN_CIJFERS = re.compile(
    r"(?<![\d€])(?<!\d[ .,-])(?<!€ )(?<!EUR )(\d(?:[ .-]?\d){7,8})(?![ .,-]?\d)"
)
BSN_WOORD = re.compile(r"\b(?:bsn|burgerservicenummer|sofi-?nummer|sofinr)\b", re.IGNORECASE)
IBAN = re.compile(r"\b[A-Za-z]{2}\d{2}(?:\s?[A-Za-z0-9]){11,30}\b")


def _bsns(tekst):
    woord = BSN_WOORD.search(tekst)
    for m in NEGEN_CIJFERS.finditer(tekst):
        cijfers = re.sub(r"\D", "", m.group(1))
        if std_bsn.is_valid(cijfers.zfill(9)) and (len(cijfers) == 9 or woord):
            yield m.group(1)
        elif woord and abs(m.start() - woord.end()) < 20:  # "BSN: 12345678" also without elfproef
            yield m.group(1)


def _ibans(tekst):
    for m in IBAN.finditer(tekst):
        if std_iban.is_valid(m.group(0)):
            yield m.group(0)


# --- a title with a surname -------------------------------------------------------------------

_AANSPREKING = (
    r"mevrouw|mevr\.?|mw\.?|meneer|mijnheer|mnr\.?|dhr\.?|de heer|familie|fam\.?|juffrouw|mej\.?"
)
_TUSSENVOEGSEL = r"(?:(?:van|de|der|den|het|'t|ter|ten|te|in|op|la|le|du|da|el|al)\s)"
NAAM = re.compile(
    rf"\b(?:{_AANSPREKING})\s+(?:[A-Z]\.\s?)*{_TUSSENVOEGSEL}{{0,3}}[A-Z][a-z\u00e0-\u00ff'-]+",
    re.IGNORECASE,
)
_NAAM_HOOFDLETTER = re.compile(r"[A-Z][a-z\u00e0-\u00ff'-]+$")


def _namen(tekst):
    for m in NAAM.finditer(tekst):
        # the surname keeps its capital: "mevrouw Jansen", not "mevrouw heeft"
        if _NAAM_HOOFDLETTER.search(m.group(0)):
            yield m.group(0)


# --- together ---------------------------------------------------------------------------------


def maskeer(waarde, soort):
    """A form of the value that shows its kind but not the value: the first and last two
    characters of a number, the street without its number."""
    waarde = waarde.strip()
    if soort == "adres":
        straat = re.match(r"[^\d]*", waarde).group(0).strip()
        return f"{straat} …" if straat else "…"
    if soort == "naam":
        woorden = waarde.split()
        return f"{' '.join(woorden[:-1])} {woorden[-1][0]}…"
    if soort == "email":
        return f"{waarde[0]}…@…"
    if len(waarde) <= 4:
        return "…"
    return f"{waarde[:2]}…{waarde[-2:]}"


_ZOEKERS = (
    ("email", _email := lambda t: (m.group(0) for m in EMAIL.finditer(t))),
    ("telefoon", _telefoonnummers),
    ("postcode", _postcodes),
    ("bsn", _bsns),
    ("iban", _ibans),
    ("naam", _namen),
)
_NIET_CIJFER = re.compile(r"\D+")
# 8 digits or more with only spaces and punctuation between them: what a phone number (9 or
# more digits), a BSN (8 or 9) and the account number in an IBAN (10) need
_CIJFERREEKS = re.compile(r"\d(?:[\s()./+-]{0,3}\d){7}")
_AANSPREKING_SNEL = re.compile(r"\b(?:me[vn]|mw|mij|mnr|dhr|heer|fam|juf|mej)")
_AT_SNEL = re.compile(r"@|\bat\b|apen?staart")


def vind(tekst, overslaan=()):
    """Every piece of personal data in ``tekst`` as ``Vondst``s (kind and masked value), at most
    one per kind; ``overslaan``: kinds to leave alone. Each search runs only when the text has
    what it needs (digits, an @, a title), so an ordinary note costs a few cheap scans."""
    if not tekst:
        return []
    tekst = normaliseer(tekst)
    laag = tekst.lower()
    cijfers = len(_NIET_CIJFER.sub("", tekst))
    reeks = cijfers >= 8 and _CIJFERREEKS.search(tekst) is not None
    nodig = {
        "email": _AT_SNEL.search(laag) is not None,
        "telefoon": reeks,
        "postcode": cijfers >= 4,
        "bsn": reeks,
        "iban": reeks,
        "naam": _AANSPREKING_SNEL.search(laag) is not None,
    }
    vondsten = {}
    for soort, zoeker in _ZOEKERS:
        if soort in overslaan or not nodig[soort]:
            continue
        for waarde in zoeker(tekst):
            vondsten[soort] = Vondst(soort, maskeer(waarde, soort))
            break
    if nodig["telefoon"] and "telefoon" not in vondsten and "telefoon" not in overslaan:
        m = MOBIEL.search(tekst)
        if m and not _DATUM_IN_NUMMER.search(m.group(0)):
            vondsten["telefoon"] = Vondst("telefoon", maskeer(m.group(0), "telefoon"))
    if cijfers and "adres" not in overslaan:
        for _straat, waarde in _adressen(tekst):
            vondsten["adres"] = Vondst("adres", maskeer(waarde, "adres"))
            break
    volgorde = list(SOORTEN)
    return sorted(vondsten.values(), key=lambda v: volgorde.index(v.soort))
