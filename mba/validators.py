"""Validators that keep personal data out of free text (contact moment notes)."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
TELEFOON = re.compile(r"(?<!\d)(\+31|0031|0)[\s-]?[1-9](?:[\s-]?\d){8}(?!\d)")
POSTCODE = re.compile(r"\b[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}\b")
HUISNUMMER = re.compile(
    r"\b\w+(straat|laan|weg|plein|dreef|hof|kade|singel|pad|steeg|dijk|veld|park|es|brink)"
    r"\s+\d+\s?[a-zA-Z]?\b",
    re.IGNORECASE,
)
NEGEN_CIJFERS = re.compile(r"(?<![\d.])(\d{4}\.?\d{2}\.?\d{3}|\d{9})(?![\d.])")


def is_bsn(cijfers):
    """The elfproef (11-test) that every BSN passes."""
    if len(cijfers) != 9 or cijfers == "000000000":
        return False
    som = sum(int(c) * w for c, w in zip(cijfers[:8], range(9, 1, -1), strict=True)) - int(
        cijfers[8]
    )
    return som % 11 == 0


def geen_persoonsgegevens(tekst):
    """Refuses e-mail addresses, phone numbers, postcodes, street + house number and BSNs."""
    redenen = []
    if EMAIL.search(tekst):
        redenen.append("een e-mailadres")
    if TELEFOON.search(tekst):
        redenen.append("een telefoonnummer")
    if POSTCODE.search(tekst) or HUISNUMMER.search(tekst):
        redenen.append("een adres")
    if any(is_bsn(m.group(1).replace(".", "")) for m in NEGEN_CIJFERS.finditer(tekst)):
        redenen.append("een BSN")
    if redenen:
        raise ValidationError(
            "Deze tekst lijkt %(wat)s te bevatten. Schrijf geen namen, adressen, "
            "telefoonnummers of BSN van bewoners in een contactmoment.",
            code="persoonsgegevens",
            params={"wat": " en ".join(redenen)},
        )


EERSTE_DATUM = datetime.date(2015, 1, 1)
MAX_DAGEN_VOORUIT = 366


def datum_binnen_grenzen(datum):
    """Refuses a date before 2015 or more than a year ahead: a typing error in the year."""
    if datum is None:
        return
    if datum < EERSTE_DATUM:
        raise ValidationError(
            f"Een datum voor {EERSTE_DATUM:%-d-%-m-%Y} kan niet: controleer het jaar.",
            code="te_vroeg",
        )
    if datum > timezone.localdate() + datetime.timedelta(days=MAX_DAGEN_VOORUIT):
        raise ValidationError(
            "Een datum meer dan een jaar vooruit kan niet: controleer het jaar.", code="te_laat"
        )


def datums_binnen_grenzen(obj, *velden):
    """For a model's clean(): every given date field within limits, errors per field."""
    fouten = {}
    for veld in velden:
        try:
            datum_binnen_grenzen(getattr(obj, veld))
        except ValidationError as e:
            fouten[veld] = e
    if fouten:
        raise ValidationError(fouten)
