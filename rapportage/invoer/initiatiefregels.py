"""What the import of initiatives needs besides basis.py: amounts as people type them, and the
model's check constraints checked per row, with the model's own messages.

``Rij.controleer_model`` runs ``full_clean()`` without the check constraints (each would cost a
query per row). For contact moments ``clean()`` holds the same rules; for initiatives the
majority rule, the household counts and the amount rules live ONLY in the check constraints of
``Bewonersinitiatief.Meta``. Unchecked, a row breaking one would pass the dry run and make the
import fail on the database (an IntegrityError). So the import runs each of them on the row
(``Rij.controleer_constraints``, Django's own ``constraint.validate``): one definition of each
rule, the model's; ``KOLOM_VAN`` only says which column its message goes to."""

import re
from decimal import Decimal, InvalidOperation

from .basis import geheel_getal

CENT = Decimal("0.01")


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


# the column a broken check constraint's message goes to (basis.Rij.controleer_constraints);
# the rule and its message are the model's own (Bewonersinitiatief.Meta.constraints)
_P = "initiatieven_bewonersinitiatief_"
KOLOM_VAN = {
    f"{_P}toekenning_vraagt_meerderheid": "huishoudens_voor",
    f"{_P}draagvlak_gemeten_heeft_telling": "huishoudens_gevraagd",
    f"{_P}draagvlak_telt_op": "huishoudens_voor",
    f"{_P}toegekend_niet_boven_gevraagd": "toegekend_bedrag",
    f"{_P}bedrag_alleen_na_toekenning": "toegekend_bedrag",
}
