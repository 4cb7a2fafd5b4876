"""Filters of wijken, buurten, locaties, prioriteiten and fysieke projecten: the API's, and the
projects list's page and export (``ProjectLijstFilter``), with the same parameters."""

import datetime

import django_filters
from django.db.models import Q

from mba.filters import (
    GEWIJZIGD_SINDS,
    DatumFilter,
    JaarFilter,
    Lijstpagina,
    MbaFilterSet,
    MomentFilter,
    organisatie_filter,
    slug_filter,
    thema_filter,
)

from .models import Buurt, FysiekProject, Locatie, Prioriteit, Wijk


def buurten():
    """The buurten of a filter's choice list, each with its wijk (one query)."""
    return Buurt.objects.select_related("wijk")


def wijk_filter(field_name="wijk"):
    return slug_filter(
        Wijk.objects.all(),
        field_name,
        "Alleen in deze wijk (slug, zie /api/v1/wijken/).",
        label="Wijk",
        empty_label="Alle wijken",
    )


def buurt_filter(field_name="buurt"):
    return django_filters.ModelChoiceFilter(
        queryset=buurten(),
        field_name=field_name,
        help_text="Alleen in deze buurt (id, zie /api/v1/buurten/).",
        label="Buurt",
        empty_label="Alle buurten",
    )


class WijkFilter(MbaFilterSet):
    inzet = django_filters.ChoiceFilter(
        choices=Wijk.Inzet.choices, help_text="Alleen wijken met basis- of extra inzet."
    )

    class Meta:
        model = Wijk
        fields = ["inzet", "gewijzigd_sinds"]


class BuurtFilter(MbaFilterSet):
    wijk = wijk_filter()

    class Meta:
        model = Buurt
        fields = ["wijk", "gewijzigd_sinds"]


class LocatieFilter(MbaFilterSet):
    wijk = wijk_filter()
    buurt = buurt_filter()
    soort = django_filters.ChoiceFilter(choices=Locatie.Soort.choices, help_text="Soort locatie.")
    open_op = django_filters.DateFilter(
        method="filter_open_op", help_text="Alleen locaties die op deze datum open waren."
    )

    class Meta:
        model = Locatie
        fields = ["wijk", "buurt", "soort", "open_op", "gewijzigd_sinds"]

    def filter_open_op(self, queryset, name, value):
        return queryset.filter(
            Q(geopend_op__isnull=True) | Q(geopend_op__lte=value),
            Q(gesloten_op__isnull=True) | Q(gesloten_op__gte=value),
        )


class PrioriteitFilter(MbaFilterSet):
    wijk = wijk_filter()
    thema = thema_filter()
    jaar = JaarFilter(
        method="filter_jaar",
        datumveld=None,
        help_text="Alleen prioriteiten die in dit jaar gelden.",
    )
    gewijzigd_sinds = MomentFilter(
        field_name="gewijzigd_op",
        lookup_expr="gte",
        help_text=GEWIJZIGD_SINDS
        + " Een prioriteit telt ook als gewijzigd als een van haar indicatoren of metingen "
        "is gewijzigd.",
    )

    class Meta:
        model = Prioriteit
        fields = ["wijk", "thema", "jaar", "gewijzigd_sinds"]

    def filter_jaar(self, queryset, name, value):
        return queryset.geldig_in(value)


class FysiekProjectFilter(MbaFilterSet):
    wijk = wijk_filter()
    buurt = buurt_filter()
    soort = django_filters.ChoiceFilter(
        choices=FysiekProject.Soort.choices, help_text="Soort project.", empty_label="Alle"
    )
    status = django_filters.ChoiceFilter(
        choices=FysiekProject.Status.choices,
        help_text="Status van het project.",
        empty_label="Alle",
    )
    organisatie = organisatie_filter(
        "eigenaar",
        "Alleen projecten van deze opdrachtgever (slug, zie /api/v1/organisaties/).",
        label="Opdrachtgever",
    )
    jaar = JaarFilter(
        method="filter_jaar",
        datumveld=None,
        help_text="Alleen projecten die in dit jaar liepen (start en eind rond dit jaar).",
    )
    datum_van = DatumFilter(
        method="filter_datum_van",
        label="Actief van",
        help_text="Alleen projecten die op of na deze datum nog liepen (of geen eind hebben).",
    )
    datum_tot = DatumFilter(
        method="filter_datum_tot",
        label="Actief tot en met",
        help_text="Alleen projecten die op of voor deze datum begonnen (of geen start hebben).",
    )

    class Meta:
        model = FysiekProject
        fields = [
            "wijk",
            "buurt",
            "soort",
            "status",
            "organisatie",
            "jaar",
            "datum_van",
            "datum_tot",
            "gewijzigd_sinds",
        ]

    def filter_jaar(self, queryset, name, value):
        return queryset.actief_in(datetime.date(value, 1, 1), datetime.date(value + 1, 1, 1))

    def filter_datum_van(self, queryset, name, value):
        return queryset.filter(Q(eind__isnull=True) | Q(eind__gte=value))

    def filter_datum_tot(self, queryset, name, value):
        return queryset.filter(Q(start__isnull=True) | Q(start__lte=value))


class ProjectLijstFilter(Lijstpagina, FysiekProjectFilter):
    """The projects page and its export: the API's filters, plus the page's sorting."""

    sortering = django_filters.OrderingFilter(
        label="Sorteren",
        empty_label="Wijk en naam",
        fields=(("naam", "naam"), ("start", "start"), ("eind", "eind")),
        field_labels={"naam": "Naam", "start": "Start", "eind": "Eind"},
    )
    op_pagina = (
        "wijk",
        "buurt",
        "datum_van",
        "datum_tot",
        "status",
        "soort",
        "organisatie",
        "sortering",
    )
