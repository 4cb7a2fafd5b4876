"""Append-only histories: an initiative's status, a referral's, a collective problem's. Rows are
added, never changed or removed: by the app (this base: ``save()`` of an existing row,
``delete()``, and the queryset's ``update()`` and ``delete()`` are refused) and by the database
(triggers in each app's migration refuse updates, on PostgreSQL deletes too)."""

from django.core.exceptions import ValidationError
from django.db import models

from .validators import geen_persoonsgegevens


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError("De geschiedenis kan niet worden gewijzigd.")

    def delete(self):
        raise ValidationError("De geschiedenis kan niet worden verwijderd.")


class Geschiedenis(models.Model):
    """An abstract history row. ``tekstveld`` names its free text: rows are written by the app,
    not through a form, so the personal-data check runs here."""

    tekstveld = ""
    wat = "De statusgeschiedenis"

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(f"{self.wat} kan niet worden gewijzigd.")
        if self.tekstveld:
            try:
                geen_persoonsgegevens(getattr(self, self.tekstveld))
            except ValidationError as e:
                raise ValidationError({self.tekstveld: e}) from None
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(f"{self.wat} kan niet worden verwijderd.")
