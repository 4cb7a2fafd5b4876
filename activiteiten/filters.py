"""Filters of activiteiten and contactmomenten: the API's (``ActiviteitFilter``,
``ContactmomentFilter``), and the lists' pages and exports (``…LijstFilter``), with the same
parameters. What partners must not filter on stays in the page's subclass: a medewerker's own
contacts (``mijn``) and the page's sorting. A key's scopes are checked by the API's viewset
(``ContactmomentViewSet._filters_binnen_scope``: buurt, referral, special-category signals,
dates finer than the key's precision)."""

import django_filters
from django import forms

from initiatieven.models import Bewonersinitiatief
from mba.filters import (
    DatumFilter,
    JaarFilter,
    JaNeeFilter,
    Lijstpagina,
    MbaFilterSet,
    organisatie_filter,
    slug_filter,
    thema_filter,
)
from mba.models import Organisatie
from wijken.filters import buurt_filter, wijk_filter
from wijken.models import FysiekProject

from .models import Activiteit, Contactmoment, Signaalsoort


def project_filter():
    return django_filters.ModelChoiceFilter(
        queryset=FysiekProject.objects.all(),
        field_name="fysiek_project",
        help_text="Alleen gekoppeld aan dit fysieke project (id).",
    )


class ActiviteitFilter(MbaFilterSet):
    wijk = wijk_filter()
    stedelijk = JaNeeFilter(
        field_name="wijk",
        lookup_expr="isnull",
        help_text="true: alleen stedelijke activiteiten; false: alleen activiteiten in een wijk.",
        keuzes=("Alleen stedelijk", "Alleen in een wijk"),
        label="Stedelijk",
    )
    buurt = buurt_filter()
    jaar = JaarFilter(datumveld="start", help_text="Alleen activiteiten die in dit jaar begonnen.")
    datum_van = DatumFilter(
        field_name="start",
        lookup_expr="gte",
        help_text="Begonnen op of na deze datum.",
        label="Van",
    )
    datum_tot = DatumFilter(
        field_name="start",
        lookup_expr="lte",
        help_text="Begonnen op of voor deze datum.",
        label="Tot en met",
    )
    thema = thema_filter()
    status = django_filters.ChoiceFilter(
        choices=Activiteit.Status.choices,
        help_text="Gepland, gehouden of afgelast.",
        empty_label="Alle",
    )
    organisatie = organisatie_filter(
        "organisatoren",
        "Alleen activiteiten die deze organisatie mee organiseerde (slug).",
        label="Organisatie",
    )
    initiatief = django_filters.ModelChoiceFilter(
        queryset=Bewonersinitiatief.objects.all(),
        field_name="initiatief",
        help_text="Alleen activiteiten van dit bewonersinitiatief (id).",
    )
    fysiek_project = project_filter()

    class Meta:
        model = Activiteit
        fields = [
            "wijk",
            "stedelijk",
            "buurt",
            "jaar",
            "datum_van",
            "datum_tot",
            "thema",
            "status",
            "organisatie",
            "initiatief",
            "fysiek_project",
            "gewijzigd_sinds",
        ]


class ContactmomentFilter(MbaFilterSet):
    wijk = wijk_filter()
    buurt = buurt_filter()
    jaar = JaarFilter(datumveld="datum", help_text="Alleen contactmomenten in dit jaar.")
    datum_van = DatumFilter(
        field_name="datum", lookup_expr="gte", help_text="Op of na deze datum.", label="Van"
    )
    datum_tot = DatumFilter(
        field_name="datum",
        lookup_expr="lte",
        help_text="Op of voor deze datum.",
        label="Tot en met",
    )
    thema = thema_filter()
    signaal = slug_filter(
        Signaalsoort.objects.all(),
        "signalen",
        "Alleen met deze soort signaal (slug).",
        label="Signaal",
        empty_label="Alle signalen",
    )
    kanaal = django_filters.ChoiceFilter(
        choices=Contactmoment.Kanaal.choices,
        help_text="Hoe het contact plaatsvond.",
        empty_label="Alle kanalen",
    )
    aanleiding = django_filters.ChoiceFilter(
        choices=Contactmoment.Aanleiding.choices,
        help_text="De aanleiding van het contact.",
        empty_label="Alle",
    )
    soort = django_filters.ChoiceFilter(
        choices=Contactmoment.Soort.choices,
        help_text="Individueel of collectief.",
        empty_label="Alle",
    )
    organisatie = organisatie_filter(
        "organisatie",
        "Alleen contacten van medewerkers van deze organisatie (slug).",
        label="Organisatie",
    )
    doorverwezen_naar = organisatie_filter(
        "doorverwezen_naar",
        "Alleen contacten die naar deze organisatie zijn doorverwezen (slug).",
        label="Doorverwezen naar",
        empty_label="Alle",
    )
    vervolg_nodig = JaNeeFilter(help_text="Alleen met (of zonder) vervolg.")
    vervolg_afgerond = JaNeeFilter(
        field_name="vervolg_afgerond_op",
        lookup_expr="isnull",
        exclude=True,
        help_text="true: alleen afgeronde vervolgen; false: alleen niet afgeronde.",
    )
    fysiek_project = project_filter()
    activiteit = django_filters.ModelChoiceFilter(
        queryset=Activiteit.objects.all(),
        field_name="activiteit",
        help_text="Alleen contacten tijdens deze activiteit (id).",
    )

    class Meta:
        model = Contactmoment
        fields = [
            "wijk",
            "buurt",
            "jaar",
            "datum_van",
            "datum_tot",
            "thema",
            "signaal",
            "kanaal",
            "aanleiding",
            "soort",
            "organisatie",
            "doorverwezen_naar",
            "vervolg_nodig",
            "vervolg_afgerond",
            "fysiek_project",
            "activiteit",
            "gewijzigd_sinds",
        ]


# --- the staff pages ----------------------------------------------------------------------------


class ContactmomentLijstFilter(Lijstpagina, ContactmomentFilter):
    """The contact list and its export. Besides the API's parameters: ``vervolg`` (open,
    afgerond, geen: the home page links to the open ones), ``mijn`` and ``sortering``; the rows
    are already those the user may see (``zichtbaar_voor``), the filters only narrow them."""

    vervolg = django_filters.ChoiceFilter(
        label="Vervolg",
        empty_label="Alle",
        choices=[("open", "Open"), ("afgerond", "Afgerond"), ("geen", "Geen vervolg")],
        method="filter_vervolg",
    )
    mijn = django_filters.BooleanFilter(
        label="Alleen mijn contactmomenten", method="filter_mijn", widget=forms.CheckboxInput
    )
    sortering = django_filters.OrderingFilter(
        label="Sorteren",
        empty_label="Nieuwste eerst",
        fields=(("datum", "datum"), ("wijk__volgorde", "wijk"), ("kanaal", "kanaal")),
        field_labels={"datum": "Datum", "wijk__volgorde": "Wijk", "kanaal": "Kanaal"},
    )
    op_pagina = (
        "wijk",
        "buurt",
        "datum_van",
        "datum_tot",
        "thema",
        "signaal",
        "kanaal",
        "organisatie",
        "doorverwezen_naar",
        "vervolg",
        "mijn",
        "sortering",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A contact is logged for a core partner: the page offers only those.
        self.filters["organisatie"].queryset = Organisatie.objects.filter(kernpartner=True)

    def filter_vervolg(self, qs, name, value):
        if value == "open":
            return qs.open_vervolg()
        if value == "afgerond":
            return qs.filter(vervolg_nodig=True, vervolg_afgerond_op__isnull=False)
        if value == "geen":
            return qs.filter(vervolg_nodig=False)
        return qs

    def filter_mijn(self, qs, name, value):
        return qs.filter(medewerker=self.request.user) if value else qs


class ActiviteitLijstFilter(Lijstpagina, ActiviteitFilter):
    """The activities list and its export: the API's filters, plus the page's sorting."""

    sortering = django_filters.OrderingFilter(
        label="Sorteren",
        empty_label="Nieuwste eerst",
        fields=(("start", "datum"), ("naam", "naam"), ("deelnemers", "deelnemers")),
        field_labels={"start": "Datum", "naam": "Naam", "deelnemers": "Deelnemers"},
    )
    op_pagina = (
        "wijk",
        "stedelijk",
        "buurt",
        "datum_van",
        "datum_tot",
        "thema",
        "status",
        "organisatie",
        "sortering",
    )
