from django.apps import AppConfig


class WijkenConfig(AppConfig):
    name = "wijken"

    def ready(self):
        from mba.meewijzigen import toont

        from .models import Buurt, FysiekProject, Locatie, Prioriteit, Wijk

        # What the API rows show of other records: a change there renews their gewijzigd_op.
        toont(Wijk, "buurten", ["id"])
        toont(Buurt, "wijk", ["slug"])
        toont(Locatie, "wijk", ["slug"])
        toont(Locatie, "buurt", ["id"])
        toont(Prioriteit, "wijk", ["slug"])
        toont(Prioriteit, "themas", ["slug"])
        toont(Prioriteit, "indicatoren")
        toont(Prioriteit, "indicatoren__metingen")
        toont(FysiekProject, "wijk", ["slug"])
        toont(FysiekProject, "buurt", ["id"])
        toont(FysiekProject, "eigenaar", ["slug"])
