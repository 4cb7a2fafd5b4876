"""A version of the programme's data, for caches that must forget what changed.

``versie()`` is a token that changes whenever a record that the figures read is saved, deleted
or relinked: ``gewijzigd()`` gives it a new value, and ``rapportage`` calls that from its signal
receivers (``rapportage.apps``) for every model of the domain apps and ``Thema`` and
``Organisatie``. A cache keyed on ``versie()`` cannot serve figures older than the last change
that went through the ORM. Writes that go around the signals (``bulk_create``, ``update()``,
raw SQL) call ``gewijzigd()`` themselves where they change figures (the demo loader, the
recount command); anything else is caught by the entries' own timeout.

``bewaard(naam, maak)`` keeps what ``maak()`` returns under the token (and today's date): the
figures of the home and wijk pages, the lists a form offers. The token lives in Django's cache:
it is one token for every process only with a shared cache (``CACHE_URL``), so ``bewaard``
keeps anything only then (``settings.MBA_VERSIECACHE``), or in a single process such as the
benchmarks; otherwise it calls ``maak()`` every time.
"""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

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


# An entry is forgotten at the next change of the data and at the latest after this long: the
# safety net for a write that goes around the ORM's signals.
BEWAAR_SECONDEN = 15 * 60


def bewaard(naam, maak):
    """``maak()``, kept in the cache under the data version and today's date when
    ``settings.MBA_VERSIECACHE``. For what changes only with the data (and the date)."""
    if not settings.MBA_VERSIECACHE:
        return maak()
    sleutel = f"mba:bewaard:{versie()}:{timezone.localdate()}:{naam}"
    waarde = cache.get(sleutel)
    if waarde is None:
        waarde = maak()
        cache.set(sleutel, waarde, BEWAAR_SECONDEN)
    return waarde
