"""Filters of the partner API for voorbeelden and jaarrapportages."""

import django_filters

from mba.filters import JAAR_MAX, JAAR_MIN, JaNeeFilter, MbaFilterSet
from wijken.filters import wijk_filter

from .models import Jaarrapportage, Voorbeeld


def jaar_filter(help_text):
    return django_filters.NumberFilter(
        field_name="jaar",
        min_value=JAAR_MIN,
        max_value=JAAR_MAX,
        decimal_places=0,
        help_text=help_text,
    )


class VoorbeeldFilter(MbaFilterSet):
    wijk = wijk_filter()
    stedelijk = JaNeeFilter(
        field_name="wijk",
        lookup_expr="isnull",
        help_text="true: alleen stedelijke voorbeelden; false: alleen voorbeelden uit een wijk.",
    )
    jaar = jaar_filter("Alleen voorbeelden van dit jaar.")

    class Meta:
        model = Voorbeeld
        fields = ["wijk", "stedelijk", "jaar", "gewijzigd_sinds"]


class JaarrapportageFilter(MbaFilterSet):
    jaar = jaar_filter("Alleen de rapportage over dit jaar.")

    class Meta:
        model = Jaarrapportage
        fields = ["jaar", "gewijzigd_sinds"]
