from django.apps import AppConfig


class RapportageConfig(AppConfig):
    name = "rapportage"

    def ready(self):
        from mba import media

        from .models import VoorbeeldFoto

        # The photos of the examples, with the rights of the report that shows them.
        media.registreer(VoorbeeldFoto, "bestand", VoorbeeldFoto.objects.zichtbaar_voor)
