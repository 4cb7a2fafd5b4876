from decimal import Decimal, InvalidOperation

from django import template

from rapportage.opmaak import opmaak as _opmaak

register = template.Library()


@register.filter
def opmaak(tekst, kopniveau=4):
    return _opmaak(tekst, kopniveau)


@register.filter
def getal(waarde):
    """A number in Dutch notation (1.234; 12,5); a suppressed '< 5' or '–' stays as it is."""
    if waarde is None:
        return "–"
    if isinstance(waarde, str):
        return waarde
    if isinstance(waarde, float) or (hasattr(waarde, "as_integer_ratio") and waarde % 1):
        return f"{waarde:,.1f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return f"{int(waarde):,}".replace(",", ".")


@register.filter
def euro(waarde):
    if waarde is None or waarde == "":
        return "–"
    try:
        bedrag = Decimal(waarde)
    except (InvalidOperation, TypeError):
        return str(waarde)
    return "€ " + f"{bedrag:,.0f}".replace(",", ".")


@register.filter
def verschil(nu, vorig):
    """'+12' / '−3' / '=' between this year and last year; nothing when either is suppressed."""
    if not isinstance(nu, int | float) or not isinstance(vorig, int | float):
        return ""
    d = nu - vorig
    if d == 0:
        return "="
    return f"+{getal(d)}" if d > 0 else f"−{getal(-d)}"


@register.filter
def get(d, key):
    return d.get(key) if hasattr(d, "get") else None
