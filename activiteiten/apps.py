from django.apps import AppConfig


class ActiviteitenConfig(AppConfig):
    name = "activiteiten"
