"""Forms on the initiative page after the decision: a progress update, delivered support."""

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from mba import rechten
from mba.forms import eenmalig, sla_eenmalig_op

from .models import Bewonersinitiatief
from .voortgang import TOEGEKEND, GeleverdeOndersteuning, Voortgang


class VoortgangForm(forms.ModelForm):
    formtoken = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)

    class Meta:
        model = Voortgang
        fields = ["datum", "tekst", "besteed_bedrag", "reden_overschrijding", "foto", "foto_alt"]
        widgets = {"datum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class GeleverdForm(forms.ModelForm):
    class Meta:
        model = GeleverdeOndersteuning
        fields = ["vorm", "toegezegd", "geleverd", "datum", "toelichting"]
        widgets = {"datum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, initiatief, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.initiatief = initiatief
        self.fields["vorm"].queryset = initiatief.geboden_ondersteuning.all()
        self.fields["vorm"].error_messages["invalid_choice"] = (
            "Deze vorm van ondersteuning is niet toegekend aan dit initiatief."
        )


NA_BESLUIT = (
    "voortgang",
    Prefetch(
        "geleverde_ondersteuning", queryset=GeleverdeOndersteuning.objects.select_related("vorm")
    ),
)


def na_besluit(ini):
    """The context the initiative page shows after the decision (a fixed number of queries)."""
    if ini.status not in TOEGEKEND:
        return {}
    updates = list(ini.voortgang.all())
    besteed = sum((u.besteed_bedrag for u in updates), 0)
    toegekend = ini.toegekend_bedrag or 0
    geleverd = {g.vorm_id: g for g in ini.geleverde_ondersteuning.all()}
    return {
        "voortgang": updates,
        "besteed": besteed,
        "besteed_procent": min(100, round(100 * besteed / toegekend)) if toegekend else None,
        "ondersteuning_rijen": [
            (vorm, geleverd.get(vorm.pk)) for vorm in ini.geboden_ondersteuning.all()
        ],
    }


def _toegekend_initiatief(request, pk):
    rechten.vereis_rol(request.user)
    ini = get_object_or_404(Bewonersinitiatief.objects.select_related("wijk"), pk=pk)
    rechten.vereis_bewerken(request.user, ini)
    if ini.status not in TOEGEKEND:
        raise PermissionDenied("Voortgang hoort bij een toegekend initiatief.")
    return ini


@login_required
@eenmalig("initiatieven:initiatieven", "Deze voortgang was al opgeslagen.")
def voortgang_nieuw(request, pk):
    ini = _toegekend_initiatief(request, pk)
    form = VoortgangForm(request.POST or None, request.FILES or None)
    form.instance.initiatief = ini
    if request.method == "POST" and form.is_valid():

        def opslaan():
            v = form.save(commit=False)
            v.door = request.user
            v.save()
            return v

        sla_eenmalig_op(
            request.user,
            form.cleaned_data["formtoken"],
            opslaan,
            lambda v: reverse("initiatieven:initiatief", args=[ini.pk]),
        )
        messages.success(request, "De voortgang is vastgelegd.")
        return redirect("initiatieven:initiatief", ini.pk)
    return render(request, "initiatieven/voortgang_form.html", {"form": form, "initiatief": ini})


@login_required
def geleverd(request, pk):
    ini = _toegekend_initiatief(request, pk)
    bestaand = None
    vorm = request.POST.get("vorm") or request.GET.get("vorm")
    if vorm and vorm.isdigit():
        bestaand = ini.geleverde_ondersteuning.filter(vorm_id=vorm).first()
    form = GeleverdForm(request.POST or None, instance=bestaand, initiatief=ini)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "De geleverde ondersteuning is vastgelegd.")
        return redirect("initiatieven:initiatief", ini.pk)
    if not request.POST and vorm and vorm.isdigit() and bestaand is None:
        form.initial["vorm"] = int(vorm)
    return render(request, "initiatieven/geleverd_form.html", {"form": form, "initiatief": ini})
