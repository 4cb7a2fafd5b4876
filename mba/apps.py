from django.apps import AppConfig


class MbaConfig(AppConfig):
    name = "mba"

    def ready(self):
        # The audit trail's receiver of failed logins (user_login_failed).
        from . import audit  # noqa: F401
