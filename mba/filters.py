"""Filters: the pieces every app's FilterSet shares, and those of the core.

One FilterSet per list serves the staff page, its export and the API, with the same parameter
names and values (slugs; a buurt, initiative, activity or project by id). ``Lijstpagina`` makes
a page's subclass of it: the form shows the fields in ``op_pagina`` with Dutch labels and "Alle
…" empty choices; the other parameters still filter (a link may carry them) and ride along as
hidden fields. Filters that partners must not get (per medewerker, the page's sorting) are
declared in that subclass only.

A value that does not parse (a year that is no number, an unknown wijk, a malformed date) makes
the form invalid: the API answers 400 naming the parameter, the page shows the form's error;
never a 500.
"""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django_filters.fields import IsoDateTimeField
from drf_spectacular.drainage import set_override

from .audit import OBJECTTYPES
from .forms import DatumInput
from .models import API_COLLECTIES, Auditregel, Organisatie, Thema, Verwijdering
from .wijzigingen import PROGRAMMA, bewaard

JAAR_MIN, JAAR_MAX = 2000, 2100
# A moment in a filter always carries its time zone (RFC 3339, the schema's date-time): a time
# without one is a 400, never read as some zone (Amsterdam's clock even shows one hour twice a
# year). docs/api.md, Paging and sync.
# (No "%" in it: django-filter formats a message with %.)
MOMENT_MET_ZONE = (
    "met tijdzone (ISO 8601 / RFC 3339), bijvoorbeeld 2021-06-01T00:00:00+02:00 of "
    "2021-05-31T22:00:00Z; codeer de '+' in een URL, anders wordt hij een spatie"
)
GEWIJZIGD_SINDS = (
    "Alleen records die op of na dit moment zijn gewijzigd, voor incrementele "
    f"synchronisatie: een moment {MOMENT_MET_ZONE}."
)


class JaarFilter(django_filters.Filter):
    """``?jaar=2021``: rows whose date field falls in that calendar year (a date range, which can
    use an index)."""

    field_class = forms.IntegerField

    def __init__(self, *args, datumveld, **kwargs):
        kwargs.setdefault("min_value", JAAR_MIN)
        kwargs.setdefault("max_value", JAAR_MAX)
        super().__init__(*args, **kwargs)
        self.datumveld = datumveld
        schema = {"type": "integer", "minimum": kwargs["min_value"], "maximum": kwargs["max_value"]}
        set_override(self, "field", {**schema, "description": kwargs.get("help_text", "")})

    def filter(self, qs, value):
        if value in django_filters.constants.EMPTY_VALUES:
            return qs
        start, eind = datetime.date(value, 1, 1), datetime.date(value + 1, 1, 1)
        return qs.filter(**{f"{self.datumveld}__gte": start, f"{self.datumveld}__lt": eind})


class MomentVeld(IsoDateTimeField):
    """An ISO 8601 moment with its time zone (a time without one is refused, not read as
    Amsterdam time), passed to the database in UTC: PostgreSQL refuses offsets beyond ±15:59,
    which Python accepts."""

    default_error_messages = {"invalid": f"Geef een geldig moment {MOMENT_MET_ZONE}."}

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            try:
                los = parse_datetime(value.strip())
            except ValueError:
                los = None
            if los is not None and los.tzinfo is None:
                raise forms.ValidationError(
                    f"Dit moment heeft geen tijdzone. Geef het {MOMENT_MET_ZONE}.",
                    code="zonder_tijdzone",
                )
        moment = super().to_python(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(datetime.UTC)
        except (OverflowError, ValueError):
            raise forms.ValidationError(
                "Dit moment valt buiten het bereik.", code="invalid"
            ) from None


class MomentFilter(django_filters.IsoDateTimeFilter):
    field_class = MomentVeld


class JaNeeVeld(forms.Field):
    """true/false (or 1/0); anything else is an error, not "no filter"."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        waarde = str(value).lower()
        if waarde in ("true", "1"):
            return True
        if waarde in ("false", "0"):
            return False
        raise forms.ValidationError("Kies true of false.", code="invalid")


class JaNeeFilter(django_filters.BooleanFilter):
    """On a page a select: Alle / Ja / Nee (or the labels given as ``keuzes``)."""

    field_class = JaNeeVeld

    def __init__(self, *args, keuzes=("Ja", "Nee"), **kwargs):
        kwargs.setdefault(
            "widget",
            forms.Select(choices=[("", "Alle"), ("true", keuzes[0]), ("false", keuzes[1])]),
        )
        super().__init__(*args, **kwargs)


class DatumFilter(django_filters.DateFilter):
    """A date (ISO 8601), with the staff app's date picker on a page."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", DatumInput)
        super().__init__(*args, **kwargs)


def slug_filter(queryset, field_name, help_text, label=None, empty_label="Alle"):
    """A filter on a related record by its slug; an unknown slug is a 400."""
    return django_filters.ModelChoiceFilter(
        queryset=queryset,
        field_name=field_name,
        to_field_name="slug",
        help_text=help_text,
        label=label,
        empty_label=empty_label,
    )


def thema_filter(field_name="themas"):
    return slug_filter(
        Thema.objects.all(),
        field_name,
        "Alleen met dit thema (slug, zie /api/v1/themas/).",
        label="Thema",
        empty_label="Alle thema's",
    )


def organisatie_filter(field_name, help_text, label=None, empty_label="Alle organisaties"):
    return slug_filter(Organisatie.objects.all(), field_name, help_text, label, empty_label)


class MbaFilterSet(django_filters.FilterSet):
    """Every collection can be synced incrementally with ``gewijzigd_sinds``."""

    gewijzigd_sinds = MomentFilter(
        field_name="gewijzigd_op",
        lookup_expr="gte",
        help_text=GEWIJZIGD_SINDS,
    )


class Lijstpagina:
    """Mixin for the staff page's FilterSet (``class XLijstFilter(Lijstpagina, XFilter)``).

    ``op_pagina``: the parameters the page's form shows, in that order; every other parameter
    of the FilterSet still filters and is kept as a hidden field. The API's help texts are for
    partners: the page shows its labels only."""

    op_pagina = ()
    _formklassen = {}  # per page's FilterSet class

    def get_form_class(self):
        """The page's form class, made once per process: django-filter makes every field and
        the class anew for each request (about 1 ms for the contact list's twenty), and nothing
        in them depends on the request. Each form still gets its own copy of the fields
        (Django's ``Form``), and its choice lists (``form``)."""
        klasse = self._formklassen.get(type(self))
        if klasse is None:
            klasse = super().get_form_class()
            klasse.field_order = self.op_pagina
            for naam, veld in klasse.base_fields.items():
                veld.help_text = ""
                if naam not in self.op_pagina:
                    veld.widget = forms.HiddenInput()
            self._formklassen[type(self)] = klasse
        return klasse

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            # The choices (wijken, themes, organisations, ...) are the same for everyone: read
            # once per change of the programme (mba.wijzigingen), not per page, all in one entry.
            # A value asked for is still checked against the queryset (the widget draws the
            # list; django-filter's field wraps any choices set on it in a query).
            lijsten = [
                naam
                for naam in self.op_pagina
                if isinstance(form.fields.get(naam), forms.ModelChoiceField)
            ]
            keuzes = bewaard(
                f"lijstkeuzes:{type(self).__name__}",
                lambda: {
                    n: [(str(w), label) for w, label in form.fields[n].choices] for n in lijsten
                },
                [PROGRAMMA],
            )
            for naam, lijst in keuzes.items():
                form.fields[naam].widget.choices = lijst
        return self._form

    def verborgen_velden(self):
        """The hidden parameters that have a value (the others are left out of the page)."""
        return [v for v in self.form.hidden_fields() if v.value() not in (None, "")]


class ThemaFilter(MbaFilterSet):
    actief = JaNeeFilter(help_text="Alleen actieve (true) of inactieve thema's.")

    class Meta:
        model = Thema
        fields = ["actief", "gewijzigd_sinds"]


class OrganisatieFilter(MbaFilterSet):
    soort = django_filters.ChoiceFilter(
        choices=Organisatie.Soort.choices, help_text="Soort organisatie."
    )
    kernpartner = JaNeeFilter(
        help_text="Alleen kernpartners (gemeente Assen, Actium, Vaart Welzijn) of juist niet."
    )

    class Meta:
        model = Organisatie
        fields = ["soort", "kernpartner", "gewijzigd_sinds"]


class VerwijderingFilter(django_filters.FilterSet):
    collectie = django_filters.ChoiceFilter(
        choices=[(c, c) for c in sorted(API_COLLECTIES.values())],
        help_text="Alleen verwijderingen uit deze collectie.",
    )
    gewijzigd_sinds = MomentFilter(
        field_name="verwijderd_op",
        lookup_expr="gte",
        help_text="Alleen records die op of na dit moment zijn verwijderd, een moment "
        f"{MOMENT_MET_ZONE}; gebruik hetzelfde moment als voor gewijzigd_sinds van de "
        "collecties.",
    )

    class Meta:
        model = Verwijdering
        fields = ["collectie", "gewijzigd_sinds"]


# --- the audit trail's page (/audit/; no API) ---------------------------------------------------


def _middernacht(datum):
    return timezone.make_aware(datetime.datetime.combine(datum, datetime.time.min))


class AuditFilter(django_filters.FilterSet):
    wie = django_filters.CharFilter(
        label="Medewerker of API-sleutel",
        method="filter_wie",
        help_text="Gebruikersnaam, naam, of naam of begin van de sleutel.",
    )
    organisatie = django_filters.ModelChoiceFilter(
        queryset=Organisatie.objects.all(), empty_label="Alle organisaties"
    )
    actie = django_filters.ChoiceFilter(choices=Auditregel.Actie.choices, empty_label="Alle acties")
    objecttype = django_filters.ChoiceFilter(
        choices=OBJECTTYPES, empty_label="Alle soorten", label="Soort"
    )
    object_id = django_filters.CharFilter(label="Id van het record")
    resultaat = django_filters.ChoiceFilter(
        choices=Auditregel.Resultaat.choices, empty_label="Alle"
    )
    herkomst = django_filters.ChoiceFilter(choices=Auditregel.Herkomst.choices, empty_label="Alle")
    van = DatumFilter(label="Van", method="filter_van")
    tot = DatumFilter(label="Tot en met", method="filter_tot")

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
