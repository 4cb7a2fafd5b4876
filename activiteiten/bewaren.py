"""Retention of the notes of contact moments (README: Bewaartermijnen).

The free text of a contact moment is emptied NOTITIE_BEWAARTERMIJN_MAANDEN after its date;
every counted field (themes, signals, channel, referral, residents reached, follow-up) stays, so
the figures of any year do not change. Registered with the nightly job of ``mba.bewaren`` in
``ActiviteitenConfig.ready()``.
"""

from mba import bewaren
from mba.models import Verwijderlog

from .models import Contactmoment


def notities(grens):
    return Contactmoment.objects.filter(datum__lt=grens).exclude(notitie="")


def leegmaken(qs, nu):
    # One UPDATE of the note alone. gewijzigd_op is left as it was, on purpose: it drives the
    # partner API's incremental sync (?gewijzigd_sinds=), which never shows the note, so a
    # change there would send partners every old contact moment again for nothing (a million
    # rows on the first night). themas_bits/signalen_bits are not written either.
    return qs.update(notitie="")


def registreer():
    bewaren.registreer(
        Verwijderlog.Soort.NOTITIE, "NOTITIE_BEWAARTERMIJN_MAANDEN", notities, leegmaken
    )
