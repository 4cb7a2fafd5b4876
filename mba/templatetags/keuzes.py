"""``{% load keuzes %}``: ``{{ c|keuze:"kanaal" }}`` is ``c.get_kanaal_display()``, from a dict
made once per field. Django's ``get_FOO_display()`` makes every choice hashable on each call
(about 0.15 ms with lazy labels): on a list of 25 rows that was some 7 ms of the contact list
(benchmarks/paginas.py, docs/adr/0010)."""

import functools

from django import template

register = template.Library()


@functools.cache
def _labels(veld):
    return {waarde: str(label) for waarde, label in veld.flatchoices}


@register.filter
def keuze(obj, naam):
    veld = obj._meta.get_field(naam)
    waarde = getattr(obj, veld.attname)
    return _labels(veld).get(waarde, waarde)
