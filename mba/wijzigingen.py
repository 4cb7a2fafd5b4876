"""Versions of the programme's data, for caches that must forget what changed.

Two tokens for the whole: ``CONTACTEN`` for the contact moments, ``PROGRAMMA`` for everything
else the figures read (wijken, buurten, projects, activities, initiatives, themes,
organisations, ...). A token can also stand for a part of the data (``deel(CONTACTEN, 2026,
wijk_id)``: the contacts of one year in one wijk), renewed by a write that knows which part it
touched; a write that cannot tell renews the whole, so a cache of a part is keyed on both
(``bewaard(..., [CONTACTEN, deel(CONTACTEN, ...)])``). ``gewijzigd(soort)`` gives tokens a new
value; ``gewijzigd_bij(soort, using)`` does so now and at the commit. ``rapportage`` calls it
from its signal receivers for the programme (``rapportage.apps``), ``activiteiten.tellingen`` at
every recount of the monthly counts for the parts of the cells it recounts (every write of a
contact through the ORM recounts, also ``QuerySet.update()`` and ``bulk_create()``), and for the
whole after a full recount. A cache keyed on the tokens cannot serve anything older than the
last change that went through the ORM. Raw SQL calls ``gewijzigd()`` itself (the demo loader,
the recount command); anything else is caught by the entries' own timeout.

``bewaard(naam, maak, soorten)`` keeps what ``maak()`` returns under the tokens of ``soorten``
(and today's date): the lists the contact form offers and the part of the home and wijk pages'
figures that reads no contact under ``PROGRAMMA`` only (a contact logged does not change them),
their contact figures per wijk and year under that part's token and the whole's
(``alle_bewaard``: many entries in two reads of the cache). The tokens live
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


def deel(soort, *sleutel):
    """The token of a part of ``soort``: ``deel(CONTACTEN, 2026, 3)``."""
    return ":".join(map(str, (soort, *sleutel)))


def _soorten(soort):
    return ALLES if soort is None else (soort,) if isinstance(soort, str) else tuple(soort)


def versies(soorten):
    """{soort: the current token}, in one read of the cache (a token the cache has not is made:
    after a restart or eviction, which makes every entry keyed on the old one unreachable,
    never stale)."""
    sleutels = {s: _sleutel(s) for s in soorten}
    gevonden = cache.get_many(sleutels.values())
    uit = {}
    for s, k in sleutels.items():
        if (waarde := gevonden.get(k)) is None:
            cache.add(k, uuid.uuid4().hex, None)
            waarde = cache.get(k)
        uit[s] = waarde
    return uit


def versie(soort):
    """The current token of ``soort``."""
    return versies([soort])[soort]


def gewijzigd(soort=None):
    """New tokens (of ``soort``, one or a list, or of both wholes): everything keyed on an old
    one is forgotten."""
    cache.set_many({_sleutel(s): uuid.uuid4().hex for s in _soorten(soort)}, None)


def gewijzigd_bij(soort, using):
    """A write in the current transaction changed ``soort`` (one or a list): new tokens now, so
    that this request reads fresh figures, and again at the commit, so that a page counted by
    another request in between (still seeing the old data) is not kept under the new one."""
    soorten = _soorten(soort)
    gewijzigd(soorten)
    transaction.on_commit(lambda: gewijzigd(soorten), using=using)


def bewaard(naam, maak, soorten=ALLES):
    """``maak()``, kept in the cache under the tokens of ``soorten`` and today's date when
    ``settings.MBA_VERSIECACHE``. For what changes only with that data (and the date)."""
    return alle_bewaard({naam: (maak, soorten)})[naam]


def alle_bewaard(wat):
    """{naam: value} for {naam: (maak, soorten)}, each as ``bewaard``, in two reads of the
    cache for all of them and one write of those made again."""
    if not settings.MBA_VERSIECACHE:
        return {naam: maak() for naam, (maak, _) in wat.items()}
    tokens = versies({s for _, soorten in wat.values() for s in soorten})
    dag = timezone.localdate()
    sleutels = {
        naam: f"mba:bewaard:{naam}:{':'.join(tokens[s] for s in soorten)}:{dag}"
        for naam, (_, soorten) in wat.items()
    }
    gevonden = cache.get_many(sleutels.values())
    uit, nieuw = {}, {}
    for naam, (maak, _) in wat.items():
        waarde = gevonden.get(sleutels[naam])
        if waarde is None:
            waarde = nieuw[sleutels[naam]] = maak()
        uit[naam] = waarde
    if nieuw:
        cache.set_many(nieuw, BEWAAR_SECONDEN)
    return uit
