from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

# What the figures are counted from: every model of these apps, and these of mba.
TELLENDE_APPS = frozenset({"activiteiten", "initiatieven", "wijken"})
TELLENDE_MBA_MODELLEN = frozenset({"thema", "organisatie"})


def _telt_mee(sender):
    meta = sender._meta
    return meta.app_label in TELLENDE_APPS or (
        meta.app_label == "mba" and meta.model_name in TELLENDE_MBA_MODELLEN
    )


def _gewijzigd(sender, using=None, action=None, **kwargs):
    """A record the figures read changed: a new data version (mba.wijzigingen) now, so that
    this request reads fresh figures, and again at the commit, so that a page counted by
    another request in between (still seeing the old data) is not kept under the new one."""
    if action is not None and not action.startswith("post_"):
        return
    if not _telt_mee(sender):
        return
    from activiteiten.models import Contactmoment
    from mba import wijzigingen

    contact = sender is Contactmoment or sender in (
        Contactmoment.themas.through,
        Contactmoment.signalen.through,
    )
    soort = wijzigingen.CONTACTEN if contact else wijzigingen.PROGRAMMA
    wijzigingen.gewijzigd(soort)
    transaction.on_commit(lambda: wijzigingen.gewijzigd(soort), using=using)


class RapportageConfig(AppConfig):
    name = "rapportage"

    def ready(self):
        from mba import media

        from .models import VoorbeeldFoto

        # The photos of the examples, with the rights of the report that shows them.
        media.registreer(VoorbeeldFoto, "bestand", VoorbeeldFoto.objects.zichtbaar_voor)

        # The cached figures of the home and wijk pages (rapportage.paginas) are keyed on the
        # data version: every save, delete and change of links of what they count renews it.
        for naam, signaal in (
            ("post_save", post_save),
            ("post_delete", post_delete),
            ("m2m_changed", m2m_changed),
        ):
            signaal.connect(_gewijzigd, dispatch_uid=f"mba-wijzigingen-{naam}")
