"""Filters of the staff app's list of initiatives (the API has its own in filters.py)."""

import django_filters as df

from mba.lijstfilters import DatumFilter
from wijken.lijstfilters import buurten
from wijken.models import Wijk

from .models import Bewonersinitiatief, Ondersteuningsvorm


class InitiatiefFilter(df.FilterSet):
    wijk = df.ModelChoiceFilter(queryset=Wijk.objects.all(), empty_label="Alle wijken")
    buurt = df.ModelChoiceFilter(queryset=buurten(), empty_label="Alle buurten")
    status = df.ChoiceFilter(choices=Bewonersinitiatief.Status.choices, empty_label="Alle")
    van = DatumFilter(field_name="aangevraagd_op", lookup_expr="gte", label="Aangevraagd van")
    tot = DatumFilter(field_name="aangevraagd_op", lookup_expr="lte", label="Tot en met")
    ondersteuning = df.ModelChoiceFilter(
        field_name="gevraagde_ondersteuning",
        queryset=Ondersteuningsvorm.objects.all(),
        empty_label="Alle",
        label="Gevraagd",
    )
    sortering = df.OrderingFilter(
        label="Sorteren",
        empty_label="Nieuwste aanvraag eerst",
        fields=(("aangevraagd_op", "datum"), ("titel", "titel"), ("status", "status")),
        field_labels={"aangevraagd_op": "Datum", "titel": "Titel", "status": "Status"},
    )

    class Meta:
        model = Bewonersinitiatief
        fields = []
