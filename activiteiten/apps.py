from django.apps import AppConfig


class ActiviteitenConfig(AppConfig):
    name = "activiteiten"

    def ready(self):
        from . import bewaren

        # The retention rule of this app's personal data, with the nightly job (mba.bewaren).
        bewaren.registreer()
