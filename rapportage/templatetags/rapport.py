from django import template

from mba.getallen import euro, getal
from rapportage.opmaak import opmaak as _opmaak

register = template.Library()


@register.filter
def opmaak(tekst, kopniveau=4):
    return _opmaak(tekst, kopniveau)


# The numbers of mba/getallen.py (Django's nl formats), also under {% load rapport %}.
register.filter("getal", getal)
register.filter("euro", euro)


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
