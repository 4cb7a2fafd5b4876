from django.apps import AppConfig


class RapportageConfig(AppConfig):
    name = "rapportage"
