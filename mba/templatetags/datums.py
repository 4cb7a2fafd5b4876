"""``{% load datums %}``: ``{{ d|kort }}`` is ``{{ d|date:"j-n-Y" }}`` (3-12-2026), the short
date of the lists, without Django's localised formatting (which looks up the language and the
format for every cell: some 20 µs, half a millisecond for a page of 25 rows; docs/adr/0010)."""

import datetime

from django import template

register = template.Library()


@register.filter
def kort(datum):
    if not isinstance(datum, datetime.date):
        return ""
    return f"{datum.day}-{datum.month}-{datum.year:04d}"
