from django.apps import AppConfig


class InitiatievenConfig(AppConfig):
    name = "initiatieven"

    def ready(self):
        from . import bewaren

        # The retention rule of this app's personal data, with the nightly job (mba.bewaren).
        bewaren.registreer()
