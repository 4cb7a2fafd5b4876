from django import forms

from .models import Hoofdstuk, Jaarrapportage


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


class VoorbeeldKeuzeForm(forms.Form):
    """One example of the year: in the report or not, and where."""

    voorbeeld = forms.IntegerField(widget=forms.HiddenInput)
    opnemen = forms.BooleanField(required=False, label="Opnemen")
    volgorde = forms.IntegerField(min_value=0, max_value=9999, label="Volgorde")


VoorbeeldKeuzeFormSet = forms.formset_factory(VoorbeeldKeuzeForm, extra=0)
