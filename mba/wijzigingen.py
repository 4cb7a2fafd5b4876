"""A version of the programme's data, for caches that must forget what changed.

``versie()`` is a token that changes whenever a record that the figures read is saved, deleted
or relinked: ``gewijzigd()`` gives it a new value, and ``rapportage`` calls that from its signal
receivers (``rapportage.apps``) for every model of the domain apps and ``Thema`` and
``Organisatie``. A cache keyed on ``versie()`` cannot serve figures older than the last change
that went through the ORM. Writes that go around the signals (``bulk_create``, ``update()``,
raw SQL) call ``gewijzigd()`` themselves where they change figures (the demo loader, the
recount command); anything else is caught by the entries' own timeout.

The token lives in Django's cache: it is one token for every process only with a shared cache
(``CACHE_URL``), so caches keyed on it are used only then (``settings.MBA_CIJFERS_IN_CACHE``),
or in a single process such as the benchmarks.
"""

import uuid

from django.core.cache import cache

SLEUTEL = "mba:wijzigingen:versie"


def versie():
    """The current token (made when the cache has none: after a restart or eviction, which
    makes every entry keyed on the old one unreachable, never stale)."""
    waarde = cache.get(SLEUTEL)
    if waarde is None:
        cache.add(SLEUTEL, uuid.uuid4().hex, None)
        waarde = cache.get(SLEUTEL)
    return waarde


def gewijzigd():
    """A new token: everything keyed on the previous one is forgotten."""
    cache.set(SLEUTEL, uuid.uuid4().hex, None)
