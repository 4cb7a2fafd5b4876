from django import template

from mba.getallen import euro, getal, meetwaarde
from rapportage.opmaak import opmaak as _opmaak

register = template.Library()


@register.filter
def opmaak(tekst, kopniveau=4):
    return _opmaak(tekst, kopniveau)


# The numbers of mba/getallen.py (Django's nl formats), also under {% load rapport %}.
register.filter("getal", getal)
register.filter("meetwaarde", meetwaarde)
register.filter("euro", euro)


@register.filter
def get(d, key):
    return d.get(key) if hasattr(d, "get") else None
