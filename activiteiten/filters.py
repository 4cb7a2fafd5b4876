"""Filters of the partner API for activiteiten and contactmomenten."""

import django_filters

from initiatieven.models import Bewonersinitiatief
from mba.filters import (
    JaarFilter,
    JaNeeFilter,
    MbaFilterSet,
    organisatie_filter,
    slug_filter,
    thema_filter,
)
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
    )
    buurt = buurt_filter()
    jaar = JaarFilter(datumveld="start", help_text="Alleen activiteiten die in dit jaar begonnen.")
    datum_van = django_filters.DateFilter(
        field_name="start", lookup_expr="gte", help_text="Begonnen op of na deze datum."
    )
    datum_tot = django_filters.DateFilter(
        field_name="start", lookup_expr="lte", help_text="Begonnen op of voor deze datum."
    )
    thema = thema_filter()
    status = django_filters.ChoiceFilter(
        choices=Activiteit.Status.choices, help_text="Gepland, gehouden of afgelast."
    )
    organisatie = organisatie_filter(
        "organisatoren", "Alleen activiteiten die deze organisatie mee organiseerde (slug)."
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
    datum_van = django_filters.DateFilter(
        field_name="datum", lookup_expr="gte", help_text="Op of na deze datum."
    )
    datum_tot = django_filters.DateFilter(
        field_name="datum", lookup_expr="lte", help_text="Op of voor deze datum."
    )
    thema = thema_filter()
    signaal = slug_filter(
        Signaalsoort.objects.all(), "signalen", "Alleen met deze soort signaal (slug)."
    )
    kanaal = django_filters.ChoiceFilter(
        choices=Contactmoment.Kanaal.choices, help_text="Hoe het contact plaatsvond."
    )
    aanleiding = django_filters.ChoiceFilter(
        choices=Contactmoment.Aanleiding.choices, help_text="De aanleiding van het contact."
    )
    soort = django_filters.ChoiceFilter(
        choices=Contactmoment.Soort.choices, help_text="Individueel of collectief."
    )
    organisatie = organisatie_filter(
        "organisatie", "Alleen contacten van medewerkers van deze organisatie (slug)."
    )
    doorverwezen_naar = organisatie_filter(
        "doorverwezen_naar", "Alleen contacten die naar deze organisatie zijn doorverwezen (slug)."
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
