"""What a figure is counted over: a period and a scope.

``Periode`` is a date range [start, eind): ``Periode.jaar(2021)`` is a calendar year and
``vorige()`` the same period a year earlier. A contact moment, initiative or activity counts in
the period its date falls in; periods are date ranges, never ``__year`` lookups. ``Scope`` is
the city, a wijk or a buurt. Both are plain values: the query engine (``telwerk``) filters by
them and the serialisation writes them out with ``as_dict()``.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q

from activiteiten.models import jaar_grenzen
from wijken.models import Buurt, Wijk


def _jaar_eerder(datum, schrikkeldag):
    try:
        return datum.replace(year=datum.year - 1)
    except ValueError:  # 29 February
        return schrikkeldag(datum.year - 1)


@dataclass(frozen=True)
class Periode:
    """A date range: ``start`` inclusive, ``eind`` exclusive."""

    start: datetime.date
    eind: datetime.date

    def __post_init__(self):
        if not self.start < self.eind:
            raise ValueError(f"Een periode eindigt na het begin ({self.start} – {self.eind}).")

    @classmethod
    def jaar(cls, jaar):
        return cls(*jaar_grenzen(jaar))

    def vorige(self):
        """The same period one year earlier (29 February: from 28 February, up to 1 March)."""
        return Periode(
            _jaar_eerder(self.start, lambda j: datetime.date(j, 2, 28)),
            _jaar_eerder(self.eind, lambda j: datetime.date(j, 3, 1)),
        )

    @property
    def peiljaar(self):
        """The year the period ends in: which priorities are valid, which measurements count."""
        return (self.eind - datetime.timedelta(days=1)).year

    @property
    def is_kalenderjaar(self):
        return (self.start, self.eind) == jaar_grenzen(self.start.year)

    def q(self, veld):
        return Q(**{f"{veld}__gte": self.start, f"{veld}__lt": self.eind})

    def __str__(self):
        if self.is_kalenderjaar:
            return str(self.start.year)
        laatste = self.eind - datetime.timedelta(days=1)
        return f"{self.start:%-d-%-m-%Y} t/m {laatste:%-d-%-m-%Y}"

    def as_dict(self):
        return {
            "start": self.start.isoformat(),
            "eind": self.eind.isoformat(),
            "peiljaar": self.peiljaar,
            "label": str(self),
        }


@dataclass(frozen=True)
class Scope:
    """The city (no wijk, no buurt), a wijk, or a buurt (its wijk is filled in)."""

    wijk: Wijk | None = None
    buurt: Buurt | None = None

    def __post_init__(self):
        if self.buurt is None:
            return
        if self.wijk is None:
            object.__setattr__(self, "wijk", self.buurt.wijk)
        elif self.buurt.wijk_id != self.wijk.pk:
            raise ValueError(f"De buurt {self.buurt} ligt niet in de wijk {self.wijk}.")

    @property
    def niveau(self):
        return "buurt" if self.buurt else "wijk" if self.wijk else "stad"

    def q(self, pad=""):
        """The filter for this scope on a model with ``wijk`` and ``buurt`` at ``pad``."""
        if self.buurt is not None:
            return Q(**{f"{pad}buurt": self.buurt.pk})
        if self.wijk is not None:
            return Q(**{f"{pad}wijk": self.wijk.pk})
        return Q()

    def as_dict(self):
        return {
            "niveau": self.niveau,
            "wijk": self.wijk.slug if self.wijk else None,
            "buurt": self.buurt.slug if self.buurt else None,
        }
