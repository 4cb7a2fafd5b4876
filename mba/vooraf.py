"""Statements compiled once per process, run with other values each time.

Compiling a query with Django's ORM costs Python time on every request: for most pages a
fraction of a millisecond, but the recount of a contact's cell (a ``UNION ALL`` of every
declared figure, ~10 ms) and the user read with its roles and devices (two aggregates over
joins, ~1.5 ms, on every page) are compiled thousands of times a minute under load with the same
shape. Here such a query is written as usual, with ``Open("naam", veld)`` where a value differs
per run; it is compiled once per database and key, and each run fills in the values by name::

    def query():
        return Model.objects.filter(pk=Open("pk", IntegerField()))

    sql, params = vooraf.sql("gebruiker", query)
    rijen = Model.objects.raw(sql, vooraf.vul(params, {"pk": 7}))

The open places are typed markers (``Plek``) in the compiled parameters, never values that could
be mistaken for a value of the query itself. docs/adr/0011-load-run-cpu-per-request.md.
"""

from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Expression

_GECOMPILEERD = {}


@dataclass(frozen=True)
class Plek:
    """A named place for a value in a compiled statement."""

    naam: str


class Open(Expression):
    """A value left open when the query is compiled: one placeholder whose parameter is a
    ``Plek``. ``output_field`` says its type, for the lookups around it."""

    def __init__(self, naam, output_field):
        super().__init__(output_field=output_field)
        self.naam = naam

    def as_sql(self, compiler, connection):
        return "%s", [Plek(self.naam)]


def sql(sleutel, maak_queryset, using=DEFAULT_DB_ALIAS):
    """``(sql, params)`` of the queryset ``maak_queryset()`` gives, compiled at the first call
    for this key and database; ``params`` holds a ``Plek`` for every ``Open``."""
    k = (using, sleutel)
    if k not in _GECOMPILEERD:
        _GECOMPILEERD[k] = maak_queryset().query.sql_with_params()
    return _GECOMPILEERD[k]


def vul(params, waarden):
    """The parameters with every ``Plek`` replaced by its value in ``waarden``."""
    return [waarden[p.naam] if isinstance(p, Plek) else p for p in params]
