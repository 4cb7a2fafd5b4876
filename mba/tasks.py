"""Scheduled jobs of the core. The schedule lives in settings (CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from .audit import reeksen_afsluiten
from .bewaren import bewaartermijnen_toepassen as _toepassen


@shared_task(acks_late=True)
def bewaartermijnen_toepassen():
    """The nightly retention job (mba.bewaren). Safe to run twice: a second run finds nothing
    past its period. Returns the counts per kind, never contents."""
    return {r.soort: r.aantal for r in _toepassen(bron="celery beat")}


@shared_task
def weigeringsreeksen_afsluiten():
    """Writes the count of every series of refusals whose window has passed (mba.audit).
    Returns how many refusals it wrote down."""
    return sum(r.aantal for r in reeksen_afsluiten())
