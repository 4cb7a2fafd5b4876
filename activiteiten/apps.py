from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _tellingen_vullen(sender, using, apps=None, **kwargs):
    """After a migration that left the monthly counts empty while there are contact moments
    (0010 makes them rows, empty), count them: what ``manage.py kengetallen_herberekenen``
    does. Only when the migrated state has the counts as rows (not after migrating back)."""
    if apps is None:
        return
    try:
        Contacttelling = apps.get_model("activiteiten", "Contacttelling")
        Contactmoment = apps.get_model("activiteiten", "Contactmoment")
    except LookupError:
        return
    if "dimensie" not in {f.name for f in Contacttelling._meta.get_fields()}:
        return
    if Contacttelling.objects.using(using).exists():
        return
    if not Contactmoment.objects.using(using).exists():
        return
    from . import tellingen

    tellingen.alles_herberekenen(using=using)


class ActiviteitenConfig(AppConfig):
    name = "activiteiten"

    def ready(self):
        from . import bewaren

        # The retention rule of this app's personal data, with the nightly job (mba.bewaren).
        bewaren.registreer()
        post_migrate.connect(_tellingen_vullen, sender=self, dispatch_uid="tellingen_vullen")
