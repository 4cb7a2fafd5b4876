"""Filters of bewonersinitiatieven: the API's, and the list's page and export
(``InitiatiefLijstFilter``), with the same parameters."""

import django_filters

from mba.filters import DatumFilter, JaarFilter, Lijstpagina, MbaFilterSet
from wijken.filters import buurt_filter, wijk_filter

from .models import Bewonersinitiatief, Ondersteuningsvorm


def ondersteuning_filter(field_name, help_text, label):
    return django_filters.ModelChoiceFilter(
        queryset=Ondersteuningsvorm.objects.all(),
        field_name=field_name,
        to_field_name="slug",
        help_text=help_text,
        label=label,
        empty_label="Alle",
    )


class BewonersinitiatiefFilter(MbaFilterSet):
    wijk = wijk_filter()
    buurt = buurt_filter()
    status = django_filters.ChoiceFilter(
        choices=Bewonersinitiatief.Status.choices,
        help_text="De status van vandaag.",
        empty_label="Alle",
    )
    jaar = JaarFilter(datumveld="aangevraagd_op", help_text="Alleen aangevraagd in dit jaar.")
    datum_van = DatumFilter(
        field_name="aangevraagd_op",
        lookup_expr="gte",
        help_text="Aangevraagd op of na.",
        label="Aangevraagd van",
    )
    datum_tot = DatumFilter(
        field_name="aangevraagd_op",
        lookup_expr="lte",
        help_text="Aangevraagd op of voor.",
        label="Tot en met",
    )
    ondersteuning = ondersteuning_filter(
        "geboden_ondersteuning",
        "Alleen initiatieven die deze ondersteuning kregen (slug).",
        "Geboden",
    )
    gevraagd = ondersteuning_filter(
        "gevraagde_ondersteuning",
        "Alleen initiatieven die om deze ondersteuning vroegen (slug).",
        "Gevraagd",
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
            "gevraagd",
            "gewijzigd_sinds",
        ]


class InitiatiefLijstFilter(Lijstpagina, BewonersinitiatiefFilter):
    """The initiatives page and its export: the API's filters, plus the page's sorting."""

    sortering = django_filters.OrderingFilter(
        label="Sorteren",
        empty_label="Nieuwste aanvraag eerst",
        fields=(("aangevraagd_op", "datum"), ("titel", "titel"), ("status", "status")),
        field_labels={"aangevraagd_op": "Datum", "titel": "Titel", "status": "Status"},
    )
    op_pagina = (
        "wijk",
        "buurt",
        "status",
        "datum_van",
        "datum_tot",
        "gevraagd",
        "ondersteuning",
        "sortering",
    )
