"""Numbers the Dutch way (23.630; 12,5; € 1.500 and € 1.500,50) through Django's own formats for
the active language (nl, USE_THOUSAND_SEPARATOR): one definition for the pages, the report, its
charts and the exports' display. Years and ids are not numbers to read: templates print them
with ``|unlocalize``, so 2021 stays 2021."""

import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from django.template.defaultfilters import floatformat

LEEG = "–"
# A decimal as the figures' JSON form holds it ("1500.00", "40.00"); not "< 5" or a label.
DECIMAAL_TEKST = re.compile(r"-?\d+(\.\d+)?")


def getal(waarde, decimalen=1):
    """23630 → '23.630'; 12.5 → '12,5'; 40.00 → '40' (decimals only when there are any, at most
    ``decimalen``); a decimal in the figures' JSON form ('40.00') likewise; a suppressed '< 5'
    stays as it is; nothing → '–'."""
    if waarde is None or waarde == "":
        return LEEG
    if isinstance(waarde, str):
        if not DECIMAAL_TEKST.fullmatch(waarde):
            return waarde
        waarde = Decimal(waarde)
    return str(floatformat(waarde, f"-{int(decimalen)}g"))


def meetwaarde(waarde, decimalen=2):
    """A measured value with the decimals it has, up to ``decimalen``: 40.00 → '40'; 12.50 →
    '12,5'; 1250.25 → '1.250,25' (``getal`` gives every decimal once there is one: 12,50).
    Nothing → '–'; a value that is no number stays as it is."""
    if waarde is None or waarde == "":
        return LEEG
    try:
        if isinstance(waarde, Fraction):  # a point on a line (wijken.Indicator.verwacht_op)
            exact = Decimal(waarde.numerator) / Decimal(waarde.denominator)
        else:
            exact = Decimal(str(waarde))
    except InvalidOperation:
        return str(waarde)
    exact = round(exact, int(decimalen))
    cijfers = max(0, -exact.normalize().as_tuple().exponent)
    return str(floatformat(exact, f"{cijfers}g"))


def euro(waarde):
    """Whole euros without cents (€ 1.500), with cents when there are any (€ 1.500,50)."""
    if waarde is None or waarde == "":
        return LEEG
    try:
        bedrag = Decimal(str(waarde))
    except InvalidOperation:
        return str(waarde)  # '< 5'
    return "€ " + getal(bedrag, 2)
