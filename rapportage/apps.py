from django.apps import AppConfig, apps
from django.db.models.signals import m2m_changed, post_delete, post_save

# What the figures are counted from: every model of these apps, and these of mba.
TELLENDE_APPS = frozenset({"activiteiten", "initiatieven", "wijken"})
TELLENDE_MBA_MODELLEN = frozenset({"thema", "organisatie"})


# The contact moments, their links and the monthly counts kept from them: every write of a
# contact through the model recounts its cells, and the recount renews the data versions of
# the years and wijken it touched (activiteiten.tellingen), so a contact logged in one wijk does
# not make the figures of every wijk count again. A receiver here would renew the whole
# (it cannot tell the old year and wijk of a changed contact) and, on the counts, take their
# fast bulk delete away.
GETELD_DOOR_TELLINGEN = frozenset(
    {
        "activiteiten.contacttelling",
        "activiteiten.contactmoment",
        "activiteiten.contactmoment_themas",
        "activiteiten.contactmoment_signalen",
    }
)


def _telt_mee(sender):
    meta = sender._meta
    if meta.label_lower in GETELD_DOOR_TELLINGEN:
        return False
    return meta.app_label in TELLENDE_APPS or (
        meta.app_label == "mba" and meta.model_name in TELLENDE_MBA_MODELLEN
    )


def _gewijzigd(sender, using=None, action=None, **kwargs):
    """A record of the programme the figures read changed: a new data version
    (mba.wijzigingen.gewijzigd_bij)."""
    if action is not None and not action.startswith("post_"):
        return
    if not _telt_mee(sender):
        return
    from mba import wijzigingen

    wijzigingen.gewijzigd_bij(wijzigingen.PROGRAMMA, using)


class RapportageConfig(AppConfig):
    name = "rapportage"

    def ready(self):
        from mba import media

        from . import meldingen
        from .models import VoorbeeldFoto

        # The report's open points before its deadline, in the daily digest (mba.meldingen).
        meldingen.registreer()

        # The photos of the examples, with the rights of the report that shows them.
        media.registreer(VoorbeeldFoto, "bestand", VoorbeeldFoto.objects.zichtbaar_voor)

        # The cached figures of the home and wijk pages (rapportage.paginas) are keyed on the
        # data versions: every save, delete and change of links of what they count renews one.
        # Connected per model: a receiver for every model would take Django's fast bulk
        # delete (one DELETE, no rows loaded) from all of them, the retention job's too.
        for model in apps.get_models(include_auto_created=True):
            if _telt_mee(model):
                uid = f"mba-wijzigingen-{model._meta.label_lower}"
                post_save.connect(_gewijzigd, sender=model, dispatch_uid=uid)
                post_delete.connect(_gewijzigd, sender=model, dispatch_uid=uid)
                m2m_changed.connect(_gewijzigd, sender=model, dispatch_uid=uid)

        # --- What the API rows show of other records (mba.meewijzigen, issue 16) ---
        # A change there renews their gewijzigd_op; an example is in the API while a published
        # report holds it, so publishing renews it too (and leaving is a Verwijdering,
        # models._voorbeeld_uit_beeld).
        from mba.meewijzigen import toont

        from .models import Jaarrapportage, Voorbeeld

        toont(Voorbeeld, "wijk", ["slug"])
        toont(Voorbeeld, "fotos")
        toont(Voorbeeld, "initiatief", ["id"])
        toont(Voorbeeld, "activiteit", ["id"])
        toont(Voorbeeld, "fysiek_project", ["id"])
        toont(Voorbeeld, "rapporten", ["status"])
        toont(Voorbeeld, "rapportvoorbeeld", ["id"])
        toont(Jaarrapportage, "hoofdstukken")
        toont(Jaarrapportage, "rapportvoorbeeld")
