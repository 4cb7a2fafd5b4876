import re
import uuid
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from mba.forms import DatumVeld, gegroepeerd
from mba.models import Organisatie

from .models import Buurt, FysiekProject, Indicator, Meting, Prioriteit, check_prioriteiten


class MetPrioriteiten:
    """For a ModelForm with ``prioriteiten`` (a contact moment, activity, initiative or
    project, in the staff app and the beheer): once the record holds the form's wijk and
    date, the chosen priorities are checked by the model's rule (``check_prioriteiten``), so a
    wrong choice is a Dutch message at the field, never a half-saved record."""

    def _post_clean(self):
        if "prioriteiten" in self.fields:  # chosen anew here: the model need not ask its links
            self.instance._prioriteiten_gekozen = True
        super()._post_clean()
        gekozen = self.cleaned_data.get("prioriteiten")
        if not gekozen or self.has_error("wijk") or self.has_error("prioriteiten"):
            return
        try:
            check_prioriteiten(self.instance, gekozen)
        except ValidationError as e:
            self.add_error(None, e)


class PrioriteitenAdminForm(MetPrioriteiten, forms.ModelForm):
    """The beheer's form of a record with priorities (``ModelAdmin.form``)."""


def prioriteiten_keuzes(veld, wijken=None, gekozen=()):
    """The priorities a form offers as checkboxes: those valid this year or later or last year
    (the rule itself is ``check_prioriteiten``), named with their wijk ("Lariks: ..."), of
    ``wijken`` (a queryset) when given, and those already chosen."""
    vorig_jaar = timezone.localdate().year - 1
    qs = Prioriteit.objects.select_related("wijk").order_by("wijk__volgorde", "volgorde", "pk")
    geldig = Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=vorig_jaar)
    if wijken is not None:
        geldig &= Q(wijk__in=wijken)
    veld.queryset = qs.filter(geldig | Q(pk__in=list(gekozen)))
    veld.required = False


class ProjectForm(MetPrioriteiten, forms.ModelForm):
    formtoken = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)
    start = DatumVeld(required=False)
    eind = DatumVeld(required=False, label="Eind of oplevering")

    class Meta:
        model = FysiekProject
        fields = [
            "naam",
            "soort",
            "status",
            "wijk",
            "buurt",
            "eigenaar",
            "aannemer",
            "omschrijving",
            "start",
            "eind",
            "woningen_gesloopt",
            "woningen_opgeleverd",
            "woningen_gepland",
            "prioriteiten",
        ]
        widgets = {
            "prioriteiten": forms.CheckboxSelectMultiple,
            "omschrijving": forms.Textarea(attrs={"rows": 3}),
            **{
                f: forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"})
                for f in ("woningen_gesloopt", "woningen_opgeleverd", "woningen_gepland")
            },
        }

    def __init__(self, *args, wijken, **kwargs):
        super().__init__(*args, **kwargs)
        f = self.fields
        f["wijk"].queryset = wijken
        f["wijk"].empty_label = None
        f["buurt"].queryset = Buurt.objects.select_related("wijk").filter(wijk__in=wijken)
        f["buurt"].choices = gegroepeerd(f["buurt"].queryset, lambda b: b.wijk.naam)
        f["eigenaar"].queryset = Organisatie.objects.all()
        prioriteiten_keuzes(f["prioriteiten"], wijken, self.initial.get("prioriteiten", ()))


class DecimaalVeld(forms.DecimalField):
    """A value as people type it: 12,5 or 12.5 (a number field on a phone sends the point), 1.250
    or 1.250,5 with a thousands point; shown the Dutch way (40, not 40,00)."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": "Vul een getal in, bijvoorbeeld 40 of 12,5.",
                "max_decimal_places": "Gebruik hoogstens 2 cijfers achter de komma.",
                "max_digits": "Dit getal is te groot.",
                "max_whole_digits": "Dit getal is te groot.",
            },
        )
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(" ", "")
            if "," in value:  # Dutch: points group thousands, the comma is the decimal sign
                value = value.replace(".", "").replace(",", ".")
            elif value.count(".") > 1 or re.fullmatch(r"-?\d{1,3}(\.\d{3})+", value or "x"):
                value = value.replace(".", "")  # 1.250 is a thousand two hundred and fifty
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return getal_invoer(value)
        return value


def getal_invoer(waarde):
    """A value as a form shows it: 40, 12,5 or 1250,25 (no thousands point to type over)."""
    tekst = format(waarde, "f")
    if "." in tekst:
        tekst = tekst.rstrip("0").rstrip(".")
    return tekst.replace(".", ",")


class _BinnenOuder:
    """A form for a record of one parent (``ouder``, set by the view, not a field): its unique
    constraints with that parent are checked by the form, a Dutch message instead of a 500."""

    ouder = None

    def _get_validation_exclusions(self):
        uit = super()._get_validation_exclusions()
        uit.discard(self.ouder)
        return uit


class IndicatorForm(_BinnenOuder, forms.ModelForm):
    ouder = "prioriteit"
    formtoken = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)
    nulmeting = DecimaalVeld(required=False, label="Nulmeting")
    nulmeting_datum = DatumVeld(required=False, label="Datum van de nulmeting")
    streefwaarde = DecimaalVeld(required=False, label="Streefwaarde")
    streefdatum = DatumVeld(
        required=False, label="Streefdatum", help_text="Wanneer de streefwaarde bereikt moet zijn."
    )

    class Meta:
        model = Indicator
        fields = [
            "naam",
            "eenheid",
            "richting",
            "nulmeting",
            "nulmeting_datum",
            "streefwaarde",
            "streefdatum",
            "bronsoort",
            "bron",
        ]

    def __init__(self, *args, prioriteit, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.prioriteit = prioriteit
        self.fields["naam"].label = "Wat er gemeten wordt"


class MetingForm(_BinnenOuder, forms.ModelForm):
    ouder = "indicator"
    formtoken = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)
    datum = DatumVeld(help_text="De dag waarop (of waarover) gemeten is.")
    waarde = DecimaalVeld()

    class Meta:
        model = Meting
        fields = ["datum", "waarde", "bron", "toelichting"]
        widgets = {"toelichting": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.indicator = indicator
        if self.instance.pk is None:
            self.fields["datum"].initial = timezone.localdate
        if indicator.eenheid:
            self.fields["waarde"].help_text = f"In {indicator.eenheid}."
        self.fields["bron"].help_text = (
            f"Leeg: de bron van de indicator ({indicator.bron})."
            if indicator.bron
            else "Waar deze meting vandaan komt."
        )
