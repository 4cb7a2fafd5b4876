"""``{% load getallen %}``: ``{{ n|getal }}`` (23.630; ``|getal:2`` for up to two decimals) and
``{{ bedrag|euro }}`` (€ 1.500 / € 1.500,50), ``{{ w|meetwaarde }}`` (40; 12,5: a measured value
with only the decimals it has). See mba/getallen.py."""

from django import template

from mba import getallen

register = template.Library()
register.filter("getal", getallen.getal)
register.filter("euro", getallen.euro)
register.filter("meetwaarde", getallen.meetwaarde)
