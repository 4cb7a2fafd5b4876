from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _tellingen_vullen(sender, using, apps=None, **kwargs):
    """After a migration that left the monthly counts empty while there are contact moments
    (0010 makes them rows, empty), count them: what ``manage.py kengetallen_herberekenen``
    does. Only when the migrated state has the counts as rows (not after migrating back)."""
    if apps is None:
        return
    try:
        Contacttelling = apps.get_model("activiteiten", "Contacttelling")
        Contactmoment = apps.get_model("activiteiten", "Contactmoment")
    except LookupError:
        return
    if "dimensie" not in {f.name for f in Contacttelling._meta.get_fields()}:
        return
    if Contacttelling.objects.using(using).exists():
        return
    if not Contactmoment.objects.using(using).exists():
        return
    from . import tellingen

    tellingen.alles_herberekenen(using=using)


class ActiviteitenConfig(AppConfig):
    name = "activiteiten"

    def ready(self):
        from . import bewaren

        # The retention rule of this app's personal data, with the nightly job (mba.bewaren).
        bewaren.registreer()
        from . import meldingen

        # What this app tells in the daily digest (mba.meldingen).
        meldingen.registreer()
        post_migrate.connect(_tellingen_vullen, sender=self, dispatch_uid="tellingen_vullen")

        # --- What the API rows show of other records (mba.meewijzigen, issue 16) ---
        # A change there renews their gewijzigd_op. The contact moment's own link receivers
        # (models._links_gewijzigd) renew it when its themes or signals change.
        from mba.meewijzigen import toont

        from .models import Activiteit, Contactmoment

        for pad, velden in ACTIVITEIT_TOONT.items():
            toont(Activiteit, pad, velden)
        for pad, velden in CONTACTMOMENT_TOONT.items():
            toont(Contactmoment, pad, velden, koppelingen=pad not in ("themas", "signalen"))


ACTIVITEIT_TOONT = {
    "wijk": ["slug"],
    "buurt": ["id"],
    "locatie": ["id"],
    "organisatoren": ["slug"],
    "themas": ["slug"],
    "kerncijfers": None,
    "initiatief": ["id"],
    "fysiek_project": ["id"],
}
CONTACTMOMENT_TOONT = {
    "wijk": ["slug"],
    "buurt": ["id"],
    "themas": ["slug"],
    "signalen": ["slug"],
    "organisatie": ["slug"],
    "doorverwezen_naar": ["slug"],
    "fysiek_project": ["id"],
    "activiteit": ["id"],
}
