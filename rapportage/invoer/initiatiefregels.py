"""What the import of initiatives needs besides basis.py: amounts as people type them, and the
model's check constraints evaluated in Python, with the model's own messages.

``Rij.controleer_model`` runs ``full_clean()`` without the check constraints (each would cost a
query per row). For contact moments ``clean()`` holds the same rules; for initiatives the
majority rule, the household counts and the amount rules live ONLY in the check constraints of
``Bewonersinitiatief.Meta``. Without this mirror a row breaking one would pass the dry run and
make the import fail on the database (an IntegrityError: a 500). The mirror is as strict as the
database or stricter (votes without the number of households asked fail here, as in the
draagvlak form); ``test_import_initiatieven`` holds it to Django's own ``constraint.validate``
and fails when the model gets a check constraint the mirror does not know."""

import re
from decimal import Decimal, InvalidOperation

from initiatieven.models import Bewonersinitiatief

from .basis import geheel_getal

CENT = Decimal("0.01")
Status = Bewonersinitiatief.Status
MET_BEDRAG = (*Bewonersinitiatief.TOEGEKENDE_STATUSSEN, Status.GESTOPT)


def bedrag(waarde):
    """An amount in euro from ``1250``, ``1250,50``, ``€ 1.250,50``, ``1,250.50`` or a
    spreadsheet number."""
    if isinstance(waarde, int | float | Decimal) and not isinstance(waarde, bool):
        getal = Decimal(str(waarde))
        # a spreadsheet's sum of cents can come back as 0.30000000000000004
        if getal != getal.quantize(CENT) and abs(getal - getal.quantize(CENT)) < Decimal("1e-9"):
            getal = getal.quantize(CENT)
        return getal
    tekst = re.sub(r"[€\s]", "", str(waarde)).replace("EUR", "").replace("eur", "")
    if "," in tekst and "." in tekst:
        # the separator written last is the decimal one
        if tekst.rfind(",") > tekst.rfind("."):
            tekst = tekst.replace(".", "").replace(",", ".")
        else:
            tekst = tekst.replace(",", "")
    elif "," in tekst:
        tekst = tekst.replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+", tekst):
        tekst = tekst.replace(".", "")  # 1.250 is twelve hundred and fifty euro in Dutch
    try:
        getal = Decimal(tekst)
    except InvalidOperation:
        getal = None
    if getal is None or not getal.is_finite():
        raise ValueError(f"'{waarde}' is geen bedrag; schrijf bijvoorbeeld 1250 of 1250,50.")
    return getal


def aantal(waarde):
    """A whole number, as ``basis.geheel_getal``, which lets ``inf`` through as an
    OverflowError (a 500) and ``nan`` with an English message."""
    if str(waarde).strip().lower().lstrip("+-") in ("inf", "infinity", "nan"):
        raise ValueError(f"'{waarde}' is geen geheel getal.")
    return geheel_getal(waarde)


def zonder_nul_tekens(waarden, koppen):
    """The headers of ``koppen`` whose value in the row (``waarden``: by lowercased header)
    holds a NUL character, which PostgreSQL refuses in text."""
    return [kop for kop in koppen if "\x00" in str(waarden.get(kop.lower(), ""))]


def _meerderheid(i):
    return i.status in Bewonersinitiatief.TOEGEKENDE_STATUSSEN and not i.heeft_meerderheid


def _telling_ontbreekt(i):
    return i.status == Status.DRAAGVLAK_GEMETEN and i.huishoudens_gevraagd is None


def _minder_dan_een(i):
    return i.huishoudens_gevraagd is not None and i.huishoudens_gevraagd < 1


def _telt_niet_op(i):
    g, v, t = i.huishoudens_gevraagd, i.huishoudens_voor, i.huishoudens_tegen
    if g is None:
        return v is not None or t is not None
    return g < (v or 0) + (t or 0)


def _boven_gevraagd(i):
    t, g = i.toegekend_bedrag, i.gevraagd_bedrag
    return t is not None and not (g is not None and t <= g) and not i.reden_hoger_bedrag


def _negatief(veld):
    return lambda i: getattr(i, veld) is not None and getattr(i, veld) < 0


def _bedrag_zonder_toekenning(i):
    return i.toegekend_bedrag is not None and i.status not in MET_BEDRAG


def _voor_aanvraag(veld):
    def regel(i):
        a, d = i.aangevraagd_op, getattr(i, veld)
        return a is not None and d is not None and d < a

    return regel


# constraint name (without the model's prefix) -> (the rule broken, the field the message
# goes to, the fields it reads: a rule is skipped when one of them could not be read)
_P = "initiatieven_bewonersinitiatief_"
REGELS = {
    f"{_P}toekenning_vraagt_meerderheid": (
        _meerderheid,
        "huishoudens_voor",
        ("status", "huishoudens_gevraagd", "huishoudens_voor"),
    ),
    f"{_P}draagvlak_gemeten_heeft_telling": (
        _telling_ontbreekt,
        "huishoudens_gevraagd",
        ("status", "huishoudens_gevraagd"),
    ),
    f"{_P}gevraagd_minstens_een": (
        _minder_dan_een,
        "huishoudens_gevraagd",
        ("huishoudens_gevraagd",),
    ),
    f"{_P}draagvlak_telt_op": (
        _telt_niet_op,
        "huishoudens_voor",
        ("huishoudens_gevraagd", "huishoudens_voor", "huishoudens_tegen"),
    ),
    f"{_P}toegekend_niet_boven_gevraagd": (
        _boven_gevraagd,
        "toegekend_bedrag",
        ("toegekend_bedrag", "gevraagd_bedrag", "reden_hoger_bedrag"),
    ),
    f"{_P}gevraagd_bedrag_positief": (
        _negatief("gevraagd_bedrag"),
        "gevraagd_bedrag",
        ("gevraagd_bedrag",),
    ),
    f"{_P}toegekend_bedrag_positief": (
        _negatief("toegekend_bedrag"),
        "toegekend_bedrag",
        ("toegekend_bedrag",),
    ),
    f"{_P}bedrag_alleen_na_toekenning": (
        _bedrag_zonder_toekenning,
        "toegekend_bedrag",
        ("toegekend_bedrag", "status"),
    ),
    f"{_P}besluit_na_aanvraag": (
        _voor_aanvraag("besluit_op"),
        "besluit_op",
        ("aangevraagd_op", "besluit_op"),
    ),
    f"{_P}realisatie_na_aanvraag": (
        _voor_aanvraag("gerealiseerd_op"),
        "gerealiseerd_op",
        ("aangevraagd_op", "gerealiseerd_op"),
    ),
}

# the maxima (mba.grenzen): the fields' own validators hold them, full_clean() runs those
DOOR_VELDEN = frozenset(
    f"{_P}{veld}_max"
    for veld in (
        "huishoudens_gevraagd",
        "huishoudens_voor",
        "huishoudens_tegen",
        "gevraagd_bedrag",
        "toegekend_bedrag",
    )
)

BERICHT = {
    c.name: str(c.violation_error_message)
    for c in Bewonersinitiatief._meta.constraints
    if c.name in REGELS
}


def gebroken(initiatief, onleesbaar=()):
    """{field: messages} of the check constraints the initiative breaks (two on one field in
    one text); a rule reading a field of ``onleesbaar`` (a value that could not be read) is
    skipped: that field has its error."""
    fouten = {}
    for naam, (regel, veld, leest) in REGELS.items():
        if set(leest) & set(onleesbaar):
            continue
        if regel(initiatief):
            fouten[veld] = f"{fouten[veld]} {BERICHT[naam]}" if veld in fouten else BERICHT[naam]
    return fouten
