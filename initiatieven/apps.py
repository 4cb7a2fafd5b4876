from django.apps import AppConfig


class InitiatievenConfig(AppConfig):
    name = "initiatieven"

    def ready(self):
        from . import bewaren

        # The retention rule of this app's personal data, with the nightly job (mba.bewaren).
        bewaren.registreer()
        from . import meldingen

        # What this app tells in the daily digest (mba.meldingen).
        meldingen.registreer()

        from mba.meewijzigen import toont

        from .models import Bewonersinitiatief

        # What the API rows show of other records: a change there renews their gewijzigd_op.
        toont(Bewonersinitiatief, "wijk", ["slug"])
        toont(Bewonersinitiatief, "buurt", ["id"])
        toont(Bewonersinitiatief, "gevraagde_ondersteuning", ["slug"])
        toont(Bewonersinitiatief, "geboden_ondersteuning", ["slug"])

        from mba import media

        from .voortgang import Voortgang

        # Progress photos: served to who may read the initiative (mba.media).
        media.registreer(Voortgang, "foto", Voortgang.objects.zichtbaar_voor)
