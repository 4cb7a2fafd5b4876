"""Filters of the partner API: the pieces every app's FilterSet shares, and those of the core.

A value that does not parse (a year that is no number, an unknown wijk, a malformed date) makes
the form invalid, so the API answers 400 naming the parameter, never 500.
"""

import datetime

import django_filters
from django import forms
from django_filters.fields import IsoDateTimeField
from drf_spectacular.drainage import set_override

from .models import API_COLLECTIES, Organisatie, Thema, Verwijdering

JAAR_MIN, JAAR_MAX = 2000, 2100
GEWIJZIGD_SINDS = (
    "Alleen records die op of na dit moment zijn gewijzigd (ISO 8601, bijvoorbeeld "
    "2021-06-01T00:00:00+02:00), voor incrementele synchronisatie."
)


class JaarFilter(django_filters.Filter):
    """``?jaar=2021``: rows whose date field falls in that calendar year (a date range, which can
    use an index)."""

    field_class = forms.IntegerField

    def __init__(self, *args, datumveld, **kwargs):
        kwargs.setdefault("min_value", JAAR_MIN)
        kwargs.setdefault("max_value", JAAR_MAX)
        super().__init__(*args, **kwargs)
        self.datumveld = datumveld
        schema = {"type": "integer", "minimum": kwargs["min_value"], "maximum": kwargs["max_value"]}
        set_override(self, "field", {**schema, "description": kwargs.get("help_text", "")})

    def filter(self, qs, value):
        if value in django_filters.constants.EMPTY_VALUES:
            return qs
        start, eind = datetime.date(value, 1, 1), datetime.date(value + 1, 1, 1)
        return qs.filter(**{f"{self.datumveld}__gte": start, f"{self.datumveld}__lt": eind})


class MomentVeld(IsoDateTimeField):
    """An ISO 8601 moment, passed to the database in UTC: PostgreSQL refuses offsets beyond
    ±15:59, which Python accepts."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(datetime.UTC)
        except (OverflowError, ValueError):
            raise forms.ValidationError(
                "Dit moment valt buiten het bereik.", code="invalid"
            ) from None


class MomentFilter(django_filters.IsoDateTimeFilter):
    field_class = MomentVeld


class JaNeeVeld(forms.Field):
    """true/false (or 1/0); anything else is an error, not "no filter"."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        waarde = str(value).lower()
        if waarde in ("true", "1"):
            return True
        if waarde in ("false", "0"):
            return False
        raise forms.ValidationError("Kies true of false.", code="invalid")


class JaNeeFilter(django_filters.BooleanFilter):
    field_class = JaNeeVeld


def slug_filter(queryset, field_name, help_text):
    """A filter on a related record by its slug; an unknown slug is a 400."""
    return django_filters.ModelChoiceFilter(
        queryset=queryset,
        field_name=field_name,
        to_field_name="slug",
        help_text=help_text,
    )


def thema_filter(field_name="themas"):
    return slug_filter(
        Thema.objects.all(), field_name, "Alleen met dit thema (slug, zie /api/v1/themas/)."
    )


def organisatie_filter(field_name, help_text):
    return slug_filter(Organisatie.objects.all(), field_name, help_text)


class MbaFilterSet(django_filters.FilterSet):
    """Every collection can be synced incrementally with ``gewijzigd_sinds``."""

    gewijzigd_sinds = MomentFilter(
        field_name="gewijzigd_op",
        lookup_expr="gte",
        help_text=GEWIJZIGD_SINDS,
    )


class ThemaFilter(MbaFilterSet):
    actief = JaNeeFilter(help_text="Alleen actieve (true) of inactieve thema's.")

    class Meta:
        model = Thema
        fields = ["actief", "gewijzigd_sinds"]


class OrganisatieFilter(MbaFilterSet):
    soort = django_filters.ChoiceFilter(
        choices=Organisatie.Soort.choices, help_text="Soort organisatie."
    )
    kernpartner = JaNeeFilter(
        help_text="Alleen kernpartners (gemeente Assen, Actium, Vaart Welzijn) of juist niet."
    )

    class Meta:
        model = Organisatie
        fields = ["soort", "kernpartner", "gewijzigd_sinds"]


class VerwijderingFilter(django_filters.FilterSet):
    collectie = django_filters.ChoiceFilter(
        choices=[(c, c) for c in sorted(API_COLLECTIES.values())],
        help_text="Alleen verwijderingen uit deze collectie.",
    )
    gewijzigd_sinds = MomentFilter(
        field_name="verwijderd_op",
        lookup_expr="gte",
        help_text="Alleen records die op of na dit moment zijn verwijderd (ISO 8601); gebruik "
        "hetzelfde moment als voor gewijzigd_sinds van de collecties.",
    )

    class Meta:
        model = Verwijdering
        fields = ["collectie", "gewijzigd_sinds"]
