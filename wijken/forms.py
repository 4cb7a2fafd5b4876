import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from mba.forms import DatumVeld, gegroepeerd
from mba.models import Organisatie

from .models import Buurt, FysiekProject, Prioriteit, check_prioriteiten


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
