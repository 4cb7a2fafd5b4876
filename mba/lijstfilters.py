"""Filters of the audit trail's page (/audit/); the API has its own in filters.py."""

import datetime

import django_filters as df
from django.db.models import Q
from django.utils import timezone

from .audit import OBJECTTYPES
from .forms import DatumInput
from .models import Auditregel, Organisatie


def _middernacht(datum):
    return timezone.make_aware(datetime.datetime.combine(datum, datetime.time.min))


class DatumFilter(df.DateFilter):
    """A date filter with the staff app's date input (every list uses it)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", DatumInput)
        super().__init__(*args, **kwargs)


class AuditFilter(df.FilterSet):
    wie = df.CharFilter(
        label="Medewerker of API-sleutel",
        method="filter_wie",
        help_text="Gebruikersnaam, naam, of naam of begin van de sleutel.",
    )
    organisatie = df.ModelChoiceFilter(
        queryset=Organisatie.objects.all(), empty_label="Alle organisaties"
    )
    actie = df.ChoiceFilter(choices=Auditregel.Actie.choices, empty_label="Alle acties")
    objecttype = df.ChoiceFilter(choices=OBJECTTYPES, empty_label="Alle soorten", label="Soort")
    object_id = df.CharFilter(label="Id van het record")
    resultaat = df.ChoiceFilter(choices=Auditregel.Resultaat.choices, empty_label="Alle")
    herkomst = df.ChoiceFilter(choices=Auditregel.Herkomst.choices, empty_label="Alle")
    van = df.DateFilter(label="Van", method="filter_van", widget=DatumInput)
    tot = df.DateFilter(label="Tot en met", method="filter_tot", widget=DatumInput)

    class Meta:
        model = Auditregel
        fields = []

    def filter_wie(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(
            Q(actor_naam__icontains=value)
            | Q(actor__first_name__icontains=value)
            | Q(actor__last_name__icontains=value)
            | Q(api_sleutel__naam__icontains=value)
            | Q(api_sleutel__prefix__startswith=value)
        )

    # Whole days in Dutch time, on the indexed moment (no function on the column).
    def filter_van(self, qs, name, value):
        return qs.filter(tijdstip__gte=_middernacht(value))

    def filter_tot(self, qs, name, value):
        return qs.filter(tijdstip__lt=_middernacht(value + datetime.timedelta(days=1)))
