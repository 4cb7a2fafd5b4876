"""Versions of the programme's data, for caches that must forget what changed.

Two tokens: ``CONTACTEN`` changes whenever a contact moment is saved, deleted or relinked,
``PROGRAMMA`` whenever anything else the figures read is (wijken, buurten, projects,
activities, initiatives, themes, organisations, ...). ``gewijzigd(soort)`` gives a token a new
value; ``gewijzigd_bij(soort, using)`` does so now and at the commit. ``rapportage`` calls it
from its signal receivers (``rapportage.apps``), ``activiteiten.tellingen`` at every recount of
the monthly counts (so ``QuerySet.update()`` and ``bulk_create()`` of contacts are covered). A
cache keyed on the tokens cannot serve anything older than the last change that went through the
ORM. Raw SQL calls ``gewijzigd()`` itself (the demo loader, the recount command); anything else
is caught by the entries' own timeout.

``bewaard(naam, maak, soorten)`` keeps what ``maak()`` returns under the tokens of ``soorten``
(and today's date): the figures of the home and wijk pages under both, the lists the contact
form offers under ``PROGRAMMA`` only (a contact logged does not change them). The tokens live
in Django's cache: one for every process only with a shared cache (``CACHE_URL``), so
``bewaard`` keeps anything only then (``settings.MBA_VERSIECACHE``), or in a single process
such as the benchmarks; otherwise it calls ``maak()`` every time.
"""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

CONTACTEN, PROGRAMMA = "contacten", "programma"
ALLES = (CONTACTEN, PROGRAMMA)

# An entry is forgotten at the next change of the data and at the latest after this long: the
# safety net for a write that goes around the ORM's signals.
BEWAAR_SECONDEN = 15 * 60


def _sleutel(soort):
    return f"mba:wijzigingen:{soort}"


def versie(soort):
    """The current token (made when the cache has none: after a restart or eviction, which
    makes every entry keyed on the old one unreachable, never stale)."""
    waarde = cache.get(_sleutel(soort))
    if waarde is None:
        cache.add(_sleutel(soort), uuid.uuid4().hex, None)
        waarde = cache.get(_sleutel(soort))
    return waarde


def gewijzigd(soort=None):
    """A new token (of ``soort``, or of both): everything keyed on the old one is forgotten."""
    for s in ALLES if soort is None else (soort,):
        cache.set(_sleutel(s), uuid.uuid4().hex, None)


def gewijzigd_bij(soort, using):
    """A write in the current transaction changed ``soort``: a new token now, so that this
    request reads fresh figures, and again at the commit, so that a page counted by another
    request in between (still seeing the old data) is not kept under the new one."""
    gewijzigd(soort)
    transaction.on_commit(lambda: gewijzigd(soort), using=using)


def bewaard(naam, maak, soorten=ALLES):
    """``maak()``, kept in the cache under the tokens of ``soorten`` and today's date when
    ``settings.MBA_VERSIECACHE``. For what changes only with that data (and the date)."""
    if not settings.MBA_VERSIECACHE:
        return maak()
    tokens = ":".join(versie(s) for s in soorten)
    sleutel = f"mba:bewaard:{naam}:{tokens}:{timezone.localdate()}"
    waarde = cache.get(sleutel)
    if waarde is None:
        waarde = maak()
        cache.set(sleutel, waarde, BEWAAR_SECONDEN)
    return waarde
