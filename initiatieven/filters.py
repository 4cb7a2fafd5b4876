"""Filters of the partner API for bewonersinitiatieven."""

import django_filters

from mba.filters import JaarFilter, MbaFilterSet
from wijken.filters import buurt_filter, wijk_filter

from .models import Bewonersinitiatief, Ondersteuningsvorm


class BewonersinitiatiefFilter(MbaFilterSet):
    wijk = wijk_filter()
    buurt = buurt_filter()
    status = django_filters.ChoiceFilter(
        choices=Bewonersinitiatief.Status.choices, help_text="De status van vandaag."
    )
    jaar = JaarFilter(datumveld="aangevraagd_op", help_text="Alleen aangevraagd in dit jaar.")
    datum_van = django_filters.DateFilter(
        field_name="aangevraagd_op", lookup_expr="gte", help_text="Aangevraagd op of na."
    )
    datum_tot = django_filters.DateFilter(
        field_name="aangevraagd_op", lookup_expr="lte", help_text="Aangevraagd op of voor."
    )
    ondersteuning = django_filters.ModelChoiceFilter(
        queryset=Ondersteuningsvorm.objects.all(),
        field_name="geboden_ondersteuning",
        to_field_name="slug",
        help_text="Alleen initiatieven die deze ondersteuning kregen (slug).",
    )

    class Meta:
        model = Bewonersinitiatief
        fields = [
            "wijk",
            "buurt",
            "status",
            "jaar",
            "datum_van",
            "datum_tot",
            "ondersteuning",
            "gewijzigd_sinds",
        ]
