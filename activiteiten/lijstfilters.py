"""Filters of the staff app's lists (the API has its own in filters.py)."""

import django_filters as df
from django import forms

from mba.lijstfilters import DatumFilter
from mba.models import Organisatie, Thema
from wijken.lijstfilters import buurten
from wijken.models import Wijk

from .models import Activiteit, Contactmoment, Signaalsoort


class ContactmomentFilter(df.FilterSet):
    wijk = df.ModelChoiceFilter(queryset=Wijk.objects.all(), empty_label="Alle wijken")
    buurt = df.ModelChoiceFilter(queryset=buurten(), empty_label="Alle buurten")
    van = DatumFilter(field_name="datum", lookup_expr="gte", label="Van")
    tot = DatumFilter(field_name="datum", lookup_expr="lte", label="Tot en met")
    thema = df.ModelChoiceFilter(
        field_name="themas", queryset=Thema.objects.all(), empty_label="Alle thema's", label="Thema"
    )
    signaal = df.ModelChoiceFilter(
        field_name="signalen",
        queryset=Signaalsoort.objects.all(),
        empty_label="Alle signalen",
        label="Signaal",
    )
    kanaal = df.ChoiceFilter(choices=Contactmoment.Kanaal.choices, empty_label="Alle kanalen")
    organisatie = df.ModelChoiceFilter(
        queryset=Organisatie.objects.filter(kernpartner=True), empty_label="Alle organisaties"
    )
    doorverwezen_naar = df.ModelChoiceFilter(
        queryset=Organisatie.objects.all(), empty_label="Alle", label="Doorverwezen naar"
    )
    vervolg = df.ChoiceFilter(
        label="Vervolg",
        empty_label="Alle",
        choices=[("open", "Open"), ("afgerond", "Afgerond"), ("geen", "Geen vervolg")],
        method="filter_vervolg",
    )
    mijn = df.BooleanFilter(
        label="Alleen mijn contactmomenten", method="filter_mijn", widget=forms.CheckboxInput
    )
    sortering = df.OrderingFilter(
        label="Sorteren",
        empty_label="Nieuwste eerst",
        fields=(("datum", "datum"), ("wijk__volgorde", "wijk"), ("kanaal", "kanaal")),
        field_labels={"datum": "Datum", "wijk__volgorde": "Wijk", "kanaal": "Kanaal"},
    )

    class Meta:
        model = Contactmoment
        fields = []

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


class ActiviteitFilter(df.FilterSet):
    wijk = df.ChoiceFilter(label="Wijk", empty_label="Alle wijken", method="filter_wijk")
    buurt = df.ModelChoiceFilter(queryset=buurten(), empty_label="Alle buurten")
    van = DatumFilter(field_name="start", lookup_expr="gte", label="Van")
    tot = DatumFilter(field_name="start", lookup_expr="lte", label="Tot en met")
    thema = df.ModelChoiceFilter(
        field_name="themas", queryset=Thema.objects.all(), empty_label="Alle thema's", label="Thema"
    )
    status = df.ChoiceFilter(choices=Activiteit.Status.choices, empty_label="Alle")
    organisatie = df.ModelChoiceFilter(
        field_name="organisatoren", queryset=Organisatie.objects.all(), empty_label="Alle"
    )
    sortering = df.OrderingFilter(
        label="Sorteren",
        empty_label="Nieuwste eerst",
        fields=(("start", "datum"), ("naam", "naam"), ("deelnemers", "deelnemers")),
        field_labels={"start": "Datum", "naam": "Naam", "deelnemers": "Deelnemers"},
    )

    class Meta:
        model = Activiteit
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["wijk"].extra["choices"] = [
            ("stedelijk", "Stedelijk"),
            *Wijk.objects.values_list("slug", "naam"),
        ]

    def filter_wijk(self, qs, name, value):
        if value == "stedelijk":
            return qs.filter(wijk__isnull=True)
        return qs.filter(wijk__slug=value) if value else qs
