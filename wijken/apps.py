from django.apps import AppConfig


class WijkenConfig(AppConfig):
    name = "wijken"
