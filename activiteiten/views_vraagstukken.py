"""The pages of collective problems: the team's inbox with proposals on top, a vraagstuk with
its status history, turning a proposal into a vraagstuk, dismissing a proposal."""

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from mba import rechten
from mba.forms import eenmalig, sla_eenmalig_op
from mba.models import Medewerker
from wijken.models import Wijk

from .models import Contactmoment
from .vraagstuk import (
    AfgewezenVoorstel,
    CollectiefVraagstuk,
    contacten_van,
    voorstel,
    voorstellen_voor,
)


class VraagstukForm(forms.ModelForm):
    formtoken = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)

    class Meta:
        model = CollectiefVraagstuk
        fields = ["titel", "omschrijving", "eigenaar"]

    def __init__(self, *args, wijk, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.wijk = wijk
        self.fields["eigenaar"].queryset = Medewerker.objects.filter(wijken=wijk)


class BewerkForm(forms.ModelForm):
    """The vraagstuk's text, owner and the work linked to it: initiatives, activities and
    projects of its own wijk (the model's m2m guard refuses others, also from the admin)."""

    class Meta:
        model = CollectiefVraagstuk
        fields = ["titel", "omschrijving", "eigenaar", "initiatieven", "activiteiten", "projecten"]
        widgets = {
            veld: forms.CheckboxSelectMultiple
            for veld in ("initiatieven", "activiteiten", "projecten")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        wijk = self.instance.wijk
        self.fields["eigenaar"].queryset = Medewerker.objects.filter(wijken=wijk)
        for veld in ("initiatieven", "activiteiten", "projecten"):
            qs = self.fields[veld].queryset.filter(wijk=wijk)
            self.fields[veld].queryset = qs
            self.fields[veld].required = False


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=CollectiefVraagstuk.Status.choices)
    toelichting = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


def _vereis_toegang(user):
    rechten.vereis_rol(user)
    if not rechten.mag_contactmomenten_zien(user):
        raise Http404("Geen vraagstukken voor deze rol.")


@login_required
def vraagstukken(request):
    _vereis_toegang(request.user)
    wijken = rechten.team_wijken_of_alle(request.user)
    lijst = CollectiefVraagstuk.objects.zichtbaar_voor(request.user).select_related(
        "wijk", "buurt", "eigenaar"
    )
    if wijken is not None:
        lijst = lijst.filter(wijk__in=wijken)
    return render(
        request,
        "activiteiten/vraagstukken.html",
        {"voorstellen": voorstellen_voor(request.user), "vraagstukken": lijst[:200]},
    )


def _haal(user, pk):
    _vereis_toegang(user)
    return get_object_or_404(
        CollectiefVraagstuk.objects.zichtbaar_voor(user).select_related(
            "wijk", "buurt", "eigenaar"
        ),
        pk=pk,
    )


@login_required
def vraagstuk(request, pk):
    v = _haal(request.user, pk)
    mag = v.mag_bewerken(request.user)
    form = StatusForm(request.POST or None, initial={"status": v.status})
    if request.method == "POST":
        if not mag:
            raise rechten.Geweigerd("Alleen het team van de wijk wijzigt dit vraagstuk.", v)
        if form.is_valid():
            try:
                with transaction.atomic():
                    v.zet_status(
                        form.cleaned_data["status"], request.user, form.cleaned_data["toelichting"]
                    )
            except ValidationError as e:
                for veld, fouten in e.message_dict.items():
                    for fout in fouten:
                        form.add_error(veld if veld in form.fields else None, fout)
            else:
                messages.success(request, f"De status is nu '{v.get_status_display()}'.")
                return redirect("activiteiten:vraagstuk", v.pk)
    contacten = Contactmoment.objects.zichtbaar_voor(request.user).filter(vraagstukken=v)
    return render(
        request,
        "activiteiten/vraagstuk.html",
        {
            "vraagstuk": v,
            "mag_bewerken": mag,
            "form": form,
            "geschiedenis": v.statuswijzigingen.select_related("door"),
            "contacten": contacten.select_related("organisatie")[:100],
            "aantal_contacten": v.contactmomenten.count(),
            "initiatieven": v.initiatieven.all(),
            "activiteiten": v.activiteiten.all(),
            "projecten": v.projecten.all(),
        },
    )


def _haal_voorstel(user, wijk_pk, buurt_pk, signaal_pk):
    _vereis_toegang(user)
    wijk = get_object_or_404(Wijk, pk=wijk_pk)
    if not wijk.mag_bewerken(user):
        raise rechten.Geweigerd("Alleen het team van de wijk handelt dit voorstel af.", wijk)
    v = voorstel(wijk.pk, buurt_pk, signaal_pk)
    if v is None:
        raise Http404("Dit voorstel is er niet (meer).")
    return v


@login_required
@eenmalig("activiteiten:vraagstukken", "Dit vraagstuk was al opgeslagen.")
def vraagstuk_uit_voorstel(request, wijk, buurt, signaal):
    v = _haal_voorstel(request.user, wijk, buurt, signaal)
    initial = {"titel": v.titel}
    if request.user.pk in set(v.wijk.teamleden.values_list("pk", flat=True)):
        initial["eigenaar"] = request.user.pk
    form = VraagstukForm(request.POST or None, wijk=v.wijk, initial=initial)
    form.instance.buurt = v.buurt
    if request.method == "POST" and form.is_valid():

        def opslaan():
            nieuw = form.save(commit=False)
            nieuw.voorstel_signaal, nieuw.voorstel_tot = v.signaal, v.tot
            nieuw.save()
            nieuw.signalen.add(v.signaal)
            nieuw.contactmomenten.add(*contacten_van(v))
            return nieuw

        nieuw = sla_eenmalig_op(
            request.user,
            form.cleaned_data["formtoken"],
            opslaan,
            lambda n: reverse("activiteiten:vraagstuk", args=[n.pk]),
        )
        messages.success(request, f"Het vraagstuk '{nieuw.titel}' is aangemaakt.")
        return redirect("activiteiten:vraagstuk", nieuw.pk)
    return render(request, "activiteiten/vraagstuk_form.html", {"form": form, "voorstel": v})


@login_required
@require_POST
def voorstel_afwijzen(request, wijk, buurt, signaal):
    v = _haal_voorstel(request.user, wijk, buurt, signaal)
    AfgewezenVoorstel.objects.create(
        wijk=v.wijk,
        buurt=v.buurt,
        signaal=v.signaal,
        van=v.van,
        tot=v.tot,
        aantal=v.aantal,
        afgewezen_door=request.user,
    )
    messages.success(request, f"Het voorstel '{v.titel}' is afgewezen en komt niet terug.")
    return redirect("activiteiten:vraagstukken")


@login_required
def vraagstuk_bewerken(request, pk):
    """The team changes the text and owner and links the work done about it."""
    v = _haal(request.user, pk)
    if not v.mag_bewerken(request.user):
        raise rechten.Geweigerd("Alleen het team van de wijk wijzigt dit vraagstuk.", v)
    form = BewerkForm(request.POST or None, instance=v)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                form.save()
        except ValidationError as e:  # the m2m guard: work of another wijk
            form.add_error(None, e)
        else:
            messages.success(request, "Het vraagstuk is bijgewerkt.")
            return redirect("activiteiten:vraagstuk", v.pk)
    return render(request, "activiteiten/vraagstuk_bewerken.html", {"form": form, "vraagstuk": v})
