import uuid

from django import forms
from django.utils import timezone

from mba.forms import DatumVeld, gegroepeerd
from mba.validators import geen_persoonsgegevens
from wijken.forms import MetPrioriteiten, prioriteiten_keuzes
from wijken.models import Buurt

from .models import Bewonersinitiatief, Ondersteuningsvorm

Status = Bewonersinitiatief.Status


class InitiatiefForm(MetPrioriteiten, forms.ModelForm):
    """The request: what, where, who asks (personal data, staff only), what is asked."""

    formtoken = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)
    aangevraagd_op = DatumVeld(label="Aangevraagd op")

    class Meta:
        model = Bewonersinitiatief
        fields = [
            "titel",
            "omschrijving",
            "wijk",
            "buurt",
            "locatie_omschrijving",
            "aangevraagd_op",
            "initiatiefnemer_naam",
            "initiatiefnemer_email",
            "initiatiefnemer_telefoon",
            "gevraagde_ondersteuning",
            "gevraagd_bedrag",
            "prioriteiten",
        ]
        labels = {
            "titel": "Wat is het idee?",
            "omschrijving": "Toelichting",
            "locatie_omschrijving": "Waar precies?",
            "initiatiefnemer_naam": "Naam",
            "initiatiefnemer_email": "E-mail",
            "initiatiefnemer_telefoon": "Telefoon",
            "gevraagde_ondersteuning": "Wat wordt gevraagd?",
        }
        widgets = {
            "omschrijving": forms.Textarea(attrs={"rows": 3}),
            "gevraagde_ondersteuning": forms.CheckboxSelectMultiple,
            "prioriteiten": forms.CheckboxSelectMultiple,
            "initiatiefnemer_telefoon": forms.TextInput(attrs={"type": "tel"}),
            "gevraagd_bedrag": forms.NumberInput(attrs={"min": 0, "step": "0.01"}),
        }

    def __init__(self, *args, wijken, **kwargs):
        super().__init__(*args, **kwargs)
        f = self.fields
        f["wijk"].queryset = wijken
        f["wijk"].empty_label = None
        f["buurt"].queryset = Buurt.objects.select_related("wijk").filter(wijk__in=wijken)
        f["buurt"].choices = gegroepeerd(f["buurt"].queryset, lambda b: b.wijk.naam)
        f["gevraagde_ondersteuning"].queryset = Ondersteuningsvorm.objects.all()
        f["gevraagd_bedrag"].min_value = 0
        f["gevraagd_bedrag"].validators.append(_niet_negatief)
        prioriteiten_keuzes(f["prioriteiten"], wijken, self.initial.get("prioriteiten", ()))
        if not self.instance.pk:
            self.initial.setdefault("aangevraagd_op", timezone.localdate())


def _niet_negatief(waarde):
    if waarde is not None and waarde < 0:
        raise forms.ValidationError("Een bedrag is niet negatief.")


def _minstens_een_huishouden(waarde):
    if waarde is not None and waarde < 1:
        raise forms.ValidationError("Er is minstens 1 huishouden gevraagd.", code="min_value")


class DraagvlakForm(forms.ModelForm):
    """How many households were asked, for and against, and how it was measured."""

    draagvlak_gemeten_op = DatumVeld(label="Gemeten op")
    toelichting = forms.CharField(
        label="Toelichting",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[geen_persoonsgegevens],
    )

    class Meta:
        model = Bewonersinitiatief
        fields = [
            "huishoudens_gevraagd",
            "huishoudens_voor",
            "huishoudens_tegen",
            "draagvlak_methode",
            "draagvlak_gemeten_op",
        ]
        labels = {
            "huishoudens_gevraagd": "Huishoudens gevraagd",
            "huishoudens_voor": "Vóór",
            "huishoudens_tegen": "Tegen",
            "draagvlak_methode": "Hoe gemeten?",
        }
        widgets = {
            f: forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"})
            for f in ("huishoudens_gevraagd", "huishoudens_voor", "huishoudens_tegen")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for veld in ("huishoudens_gevraagd", "huishoudens_voor", "draagvlak_methode"):
            self.fields[veld].required = True
        self.fields["huishoudens_gevraagd"].validators.append(_minstens_een_huishouden)
        self.fields["huishoudens_tegen"].help_text = "Leeg als niemand tegen was."
        if not self.instance.draagvlak_gemeten_op:
            self.initial["draagvlak_gemeten_op"] = timezone.localdate()

    def clean(self):
        data = super().clean()
        gevraagd, voor = data.get("huishoudens_gevraagd"), data.get("huishoudens_voor")
        tegen = data.get("huishoudens_tegen") or 0
        if gevraagd is not None and voor is not None and voor + tegen > gevraagd:
            self.add_error(
                "huishoudens_voor",
                f"Vóór en tegen samen ({voor + tegen}) zijn meer dan de {gevraagd} gevraagde "
                "huishoudens.",
            )
        return data

    def _post_clean(self):
        if self.instance.status == Status.AANGEVRAAGD and not self.errors:
            self.instance.status = Status.DRAAGVLAK_GEMETEN
        super()._post_clean()


class StatusKeuze(forms.RadioSelect):
    """Radio buttons in which a choice can be shown but not chosen (toekennen without a
    majority), with the reason beside it."""

    def __init__(self, *args, uitgeschakeld=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.uitgeschakeld = set(uitgeschakeld)

    def create_option(self, name, value, *args, **kwargs):
        optie = super().create_option(name, value, *args, **kwargs)
        if value in self.uitgeschakeld:
            optie["attrs"]["disabled"] = True
        return optie


class StapForm(forms.ModelForm):
    """The next step of the workflow: decide (toekennen/afwijzen), carry out, realise, stop."""

    status = forms.ChoiceField(label="Volgende stap", widget=StatusKeuze)
    besluit_op = DatumVeld(label="Datum besluit", required=False)
    gerealiseerd_op = DatumVeld(label="Gerealiseerd op", required=False)
    toelichting = forms.CharField(
        label="Toelichting bij deze stap",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[geen_persoonsgegevens],
    )

    class Meta:
        model = Bewonersinitiatief
        fields = [
            "status",
            "besluit_op",
            "toegekend_bedrag",
            "geboden_ondersteuning",
            "reden_hoger_bedrag",
            "gerealiseerd_op",
            "resultaat",
        ]
        labels = {"geboden_ondersteuning": "Welke ondersteuning geeft MBA?"}
        widgets = {
            "geboden_ondersteuning": forms.CheckboxSelectMultiple,
            "resultaat": forms.Textarea(attrs={"rows": 3}),
            "reden_hoger_bedrag": forms.Textarea(attrs={"rows": 2}),
            "toegekend_bedrag": forms.NumberInput(attrs={"min": 0, "step": "0.01"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ini = self.instance
        self.huidige_status = ini.status
        stappen = [s for s in ini.volgende_statussen() if s != Status.DRAAGVLAK_GEMETEN]
        f = self.fields
        f["status"].choices = [(s.value, stap_label(s)) for s in stappen]
        self.waarom_niet = ini.waarom_niet_toekennen if Status.TOEGEKEND in stappen else ""
        f["status"].widget.uitgeschakeld = {Status.TOEGEKEND.value} if self.waarom_niet else set()
        if self.waarom_niet:
            f["status"].help_text = f"Toekennen kan nog niet. {self.waarom_niet}"
        self.initial["status"] = ""
        f["geboden_ondersteuning"].queryset = Ondersteuningsvorm.objects.all()
        f["toegekend_bedrag"].validators.append(_niet_negatief)
        f["toegekend_bedrag"].min_value = 0

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status == Status.TOEGEKEND and not self.instance.heeft_meerderheid:
            raise forms.ValidationError(
                f"Toekennen kan niet: {self.instance.waarom_niet_toekennen}", code="meerderheid"
            )
        return status

    def clean(self):
        data = super().clean()
        status = data.get("status")
        vandaag = timezone.localdate()
        if status in (Status.TOEGEKEND, Status.AFGEWEZEN) and not data.get("besluit_op"):
            data["besluit_op"] = vandaag
        if status == Status.GEREALISEERD and not data.get("gerealiseerd_op"):
            data["gerealiseerd_op"] = vandaag
        if status == Status.AFGEWEZEN and data.get("toegekend_bedrag"):
            self.add_error("toegekend_bedrag", "Bij afwijzen wordt geen bedrag toegekend.")
        return data


def stap_label(status):
    return {
        Status.TOEGEKEND: "Toekennen",
        Status.AFGEWEZEN: "Afwijzen",
        Status.IN_UITVOERING: "Start uitvoering",
        Status.GEREALISEERD: "Gerealiseerd",
        Status.GESTOPT: "Stoppen",
    }.get(status, Status(status).label)
