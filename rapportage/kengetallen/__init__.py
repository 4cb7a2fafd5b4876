"""The figures (kengetallen) of Mijn Buurt Assen: one definition of every figure.

The annual report, the dashboard, the exports and the statistics endpoint all call this package,
so a number cannot differ between two pages. Every figure is counted from the logged work for a
period (``Periode``), for the city, a wijk or a buurt, and can be set against the same period a
year earlier (``vergelijking``).

    kengetallen(Periode.jaar(2021), wijk=lariks).as_dict()   # staff: exact counts
    openbare_cijfers(Periode.jaar(2021), wijk=lariks)          # outside the staff app
    vergelijking(Periode.jaar(2021)).as_dict()                # this year, last year, difference

The modules, each importing only those above it in this list (docs/adr/0001 tells how the
figures are counted and what is still to come):

- ``periode``: ``Periode`` (a date range) and ``Scope`` (the city, a wijk or a buurt);
- ``resultaten``: the result dataclasses, one per section;
- ``definities``: the Dutch name and definition of every figure (``DEFINITIES``);
- ``serialisatie``: the figures as plain JSON data, exact or with hidden cells replaced;
- ``onderdrukking``: suppression ("< 5") that holds against subtraction, and its rule;
- ``telwerk``: the query engine, a fixed number of queries per period (listed there), with the
  counting rules;
- ``cijfers``: ``Kengetallen`` and ``Vergelijking`` and the entry points that make them.

Everything public is re-exported here: ``from rapportage.kengetallen import X``.
"""

from .cijfers import (
    Kengetallen,
    Vergelijking,
    contactcijfers,
    contactrijen_van_wijk,
    kengetallen,
    kengetallen_per_wijk,
    kengetallen_stad_en_per_wijk,
    onderdrukking_voor,
    openbaar_per_wijk,
    openbaar_stad_en_per_wijk,
    openbare_cijfers,
    per_prioriteit,
    programma_stad_en_per_wijk,
    vergelijking,
    vergelijking_per_wijk,
    vergelijking_stad_en_per_wijk,
    werk_per_prioriteit,
)
from .definities import (
    DEFINITIES,
    GEEN_KENGETAL,
    INDICATORVELDEN,
    PRIORITEITCIJFERS,
    SECTIES,
    Definitie,
    definitie,
    definitielijst,
)
from .onderdrukking import (
    DELINGEN,
    DREMPEL,
    GEHEIM,
    ONDERDRUKKING_CACHE_SECONDEN,
    ONDERDRUKKING_VERSIE,
    VERBORGEN,
    Deling,
    Onderdrukking,
    onderdruk,
)
from .periode import Periode, Scope
from .resultaten import (
    VERGELIJKBAAR,
    Activiteiten,
    Contactmomenten,
    Doorverwijzingen,
    IndicatorCijfers,
    Initiatieven,
    Koppeling,
    PrioriteitCijfers,
    Signalen,
    Woningen,
)
from .telwerk import (
    CONTACTSECTIES,
    KENGETALLEN_PER_WIJK_QUERIES,
    KENGETALLEN_QUERIES,
    PROGRAMMASECTIES,
    VERGELIJKING_STAD_EN_PER_WIJK_QUERIES,
)

__all__ = [
    "CONTACTSECTIES",
    "DEFINITIES",
    "DELINGEN",
    "DREMPEL",
    "GEEN_KENGETAL",
    "GEHEIM",
    "INDICATORVELDEN",
    "KENGETALLEN_PER_WIJK_QUERIES",
    "KENGETALLEN_QUERIES",
    "ONDERDRUKKING_CACHE_SECONDEN",
    "ONDERDRUKKING_VERSIE",
    "PRIORITEITCIJFERS",
    "PROGRAMMASECTIES",
    "SECTIES",
    "VERBORGEN",
    "VERGELIJKBAAR",
    "VERGELIJKING_STAD_EN_PER_WIJK_QUERIES",
    "Activiteiten",
    "Contactmomenten",
    "Definitie",
    "Deling",
    "Doorverwijzingen",
    "IndicatorCijfers",
    "Initiatieven",
    "Kengetallen",
    "Koppeling",
    "Onderdrukking",
    "Periode",
    "PrioriteitCijfers",
    "Scope",
    "Signalen",
    "Vergelijking",
    "Woningen",
    "contactcijfers",
    "contactrijen_van_wijk",
    "definitie",
    "definitielijst",
    "kengetallen",
    "kengetallen_per_wijk",
    "kengetallen_stad_en_per_wijk",
    "onderdruk",
    "onderdrukking_voor",
    "openbaar_per_wijk",
    "openbaar_stad_en_per_wijk",
    "openbare_cijfers",
    "per_prioriteit",
    "programma_stad_en_per_wijk",
    "vergelijking",
    "vergelijking_per_wijk",
    "vergelijking_stad_en_per_wijk",
    "werk_per_prioriteit",
]
