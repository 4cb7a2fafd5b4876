from django.apps import AppConfig


class InitiatievenConfig(AppConfig):
    name = "initiatieven"
