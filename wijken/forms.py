import uuid

from django import forms

from mba.forms import DatumVeld, gegroepeerd
from mba.models import Organisatie

from .models import Buurt, FysiekProject


class ProjectForm(forms.ModelForm):
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
        ]
        widgets = {
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
