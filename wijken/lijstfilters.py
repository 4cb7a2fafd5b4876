"""Filters of the staff app's list of physical projects (the API has its own in filters.py)."""

import django_filters as df
from django.db.models import Q

from mba.forms import DatumInput
from mba.models import Organisatie

from .models import Buurt, FysiekProject, Wijk


def buurten():
    """The buurten of a filter's choice list, each with its wijk (one query)."""
    return Buurt.objects.select_related("wijk")


class ProjectFilter(df.FilterSet):
    wijk = df.ModelChoiceFilter(queryset=Wijk.objects.all(), empty_label="Alle wijken")
    buurt = df.ModelChoiceFilter(
        queryset=Buurt.objects.select_related("wijk"), empty_label="Alle buurten"
    )
    van = df.DateFilter(label="Actief van", method="filter_van", widget=DatumInput)
    tot = df.DateFilter(label="Actief tot en met", method="filter_tot", widget=DatumInput)
    status = df.ChoiceFilter(choices=FysiekProject.Status.choices, empty_label="Alle")
    soort = df.ChoiceFilter(choices=FysiekProject.Soort.choices, empty_label="Alle")
    eigenaar = df.ModelChoiceFilter(
        queryset=Organisatie.objects.all(), empty_label="Alle", label="Opdrachtgever"
    )
    sortering = df.OrderingFilter(
        label="Sorteren",
        empty_label="Wijk en naam",
        fields=(("naam", "naam"), ("start", "start"), ("eind", "eind")),
        field_labels={"naam": "Naam", "start": "Start", "eind": "Eind"},
    )

    class Meta:
        model = FysiekProject
        fields = []

    def filter_van(self, qs, name, value):
        """Projects still running on or after this date (or without an end)."""
        return qs.filter(Q(eind__isnull=True) | Q(eind__gte=value))

    def filter_tot(self, qs, name, value):
        """Projects started on or before this date (or without a start)."""
        return qs.filter(Q(start__isnull=True) | Q(start__lte=value))
