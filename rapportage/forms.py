from django import forms

from wijken.models import JAAR_MAX, JAAR_MIN

from .models import Hoofdstuk, Jaarrapportage, Prioriteittoelichting


class RapportageForm(forms.ModelForm):
    class Meta:
        model = Jaarrapportage
        fields = ["titel", "voorwoord_titel", "voorwoord", "ondertekening"]
        widgets = {"voorwoord": forms.Textarea(attrs={"rows": 14})}


class HoofdstukForm(forms.ModelForm):
    class Meta:
        model = Hoofdstuk
        fields = ["titel", "tekst"]
        widgets = {"tekst": forms.Textarea(attrs={"rows": 10})}


class PrioriteittoelichtingForm(forms.ModelForm):
    """The team's explanation of one priority in the year's report; empty: none (removed)."""

    tekst = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=Prioriteittoelichting._meta.get_field("tekst").help_text,
    )

    class Meta:
        model = Prioriteittoelichting
        fields = ["tekst"]

    def __init__(self, *args, prioriteit, **kwargs):
        super().__init__(*args, **kwargs)
        self.prioriteit = prioriteit
        self.fields["tekst"].label = f"Toelichting bij “{prioriteit.titel}”"

    def opslaan(self):
        """Saves the text, or removes the explanation when the text was emptied."""
        if self.cleaned_data["tekst"].strip():
            self.save()
        elif self.instance.pk:
            self.instance.delete()


class VoorbeeldKeuzeForm(forms.Form):
    """One example of the year: in the report or not, and where."""

    voorbeeld = forms.IntegerField(widget=forms.HiddenInput)
    opnemen = forms.BooleanField(required=False, label="Opnemen")
    volgorde = forms.IntegerField(min_value=0, max_value=9999, label="Volgorde")


VoorbeeldKeuzeFormSet = forms.formset_factory(VoorbeeldKeuzeForm, extra=0)


class NieuweRapportageForm(forms.Form):
    """Starts the report of a new year (see rapport.rapportage_starten)."""

    jaar = forms.IntegerField(label="Jaar", min_value=JAAR_MIN, max_value=JAAR_MAX)
    teksten_overnemen = forms.BooleanField(
        required=False,
        label="Teksten overnemen",
        help_text="Het voorwoord en de teksten van de hoofdstukken van het vorige jaar overnemen "
        "om ze te bewerken. Zonder vinkje beginnen de teksten leeg.",
    )

    def clean_jaar(self):
        jaar = self.cleaned_data["jaar"]
        if Jaarrapportage.objects.filter(jaar=jaar).exists():
            raise forms.ValidationError(
                f"De jaarrapportage {jaar} bestaat al. Open haar in de lijst hieronder."
            )
        return jaar
