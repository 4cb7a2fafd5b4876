"""The referral inbox (/doorverwijzingen/): incoming, outgoing and overdue; a detail page where
the receiving organisation (or, for an organisation without MBA accounts, the writer) sets the
status and answers. See docs/referrals.md."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone

from mba import audit, rechten

from .doorverwijzing import MAX_TEKST, Doorverwijzing, Status

TABS = {
    "inkomend": "Inkomend",
    "uitgaand": "Uitgaand",
    "te_laat": "Te laat",
}
MAX_RIJEN = 100


def _basis(user):
    return Doorverwijzing.objects.zichtbaar_voor(user).select_related(
        "wijk", "van_organisatie", "naar_organisatie", "van_medewerker", "naar_medewerker"
    )


def _vereis_toegang(user, pk=None):
    rechten.vereis_rol(user)
    if not rechten.mag_contactmomenten_zien(user):
        raise rechten.NietZichtbaar(
            "Geen doorverwijzingen voor deze rol.", model=Doorverwijzing, pk=pk
        )


@login_required
def doorverwijzingen(request):
    user = request.user
    _vereis_toegang(user)
    tab = request.GET.get("tab", "inkomend")
    if tab not in TABS:
        tab = "inkomend"
    vandaag = timezone.localdate()
    qs = _basis(user)
    if tab == "inkomend":
        rijen = qs.inkomend_voor(user).order_by("status", "uiterlijk_op", "pk")
    elif tab == "uitgaand":
        rijen = qs.uitgaand_voor(user).order_by("-verstuurd_op", "-pk")
    else:
        eigen = qs.inkomend_voor(user).values("pk")
        rijen = (qs.filter(pk__in=eigen) | qs.filter(van_medewerker=user)).te_laat(vandaag)
        if rechten.is_coordinator(user):
            rijen = qs.te_laat(vandaag)
        rijen = rijen.order_by("uiterlijk_op", "pk")
    rijen = list(rijen[:MAX_RIJEN])
    for d in rijen:
        d.is_te_laat = d.te_laat_op(vandaag)
    return render(
        request,
        "activiteiten/doorverwijzingen.html",
        {"rijen": rijen, "tab": tab, "tabs": TABS, "max_rijen": MAX_RIJEN},
    )


class AntwoordForm(forms.Form):
    status = forms.ChoiceField(label="Nieuwe status", choices=())
    antwoord = forms.CharField(
        label="Antwoord",
        required=False,
        max_length=MAX_TEKST,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kort, zonder namen, adressen, telefoonnummers of BSN van bewoners. Verplicht "
        "bij 'afgerond' en 'niet opgepakt'.",
    )

    def __init__(self, *args, doorverwijzing, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (s.value, s.label) for s in doorverwijzing.volgende_statussen()
        ]


@login_required
def doorverwijzing(request, pk):
    user = request.user
    _vereis_toegang(user, pk)
    try:
        d = _basis(user).met_accounts().get(pk=pk)
    except Doorverwijzing.DoesNotExist:
        if Doorverwijzing.objects.filter(pk=pk).exists():
            raise rechten.NietZichtbaar(
                "Deze doorverwijzing is niet zichtbaar.", model=Doorverwijzing, pk=pk
            ) from None
        raise rechten.NietZichtbaar("Geen doorverwijzing.", model=Doorverwijzing, pk=pk) from None
    mag = d.mag_beantwoorden(user)
    form = None
    if request.method == "POST":
        if not mag:
            raise rechten.Geweigerd("U kunt deze doorverwijzing alleen lezen.", d)
        if d.gesloten:
            messages.info(request, "Deze doorverwijzing is al afgesloten.")
            return redirect("activiteiten:doorverwijzing", d.pk)
        form = AntwoordForm(request.POST, doorverwijzing=d)
        if form.is_valid():
            try:
                with transaction.atomic():
                    d.zet_status(form.cleaned_data["status"], user, form.cleaned_data["antwoord"])
                    audit.vastleggen(request, audit.Actie.GEWIJZIGD, d)
            except ValidationError as e:
                for veld, fouten in e.message_dict.items():
                    form.add_error(veld if veld in form.fields else None, fouten)
                d.status = d._status_uit_db
            else:
                messages.success(
                    request, f"De doorverwijzing staat nu op '{d.get_status_display()}'."
                )
                return redirect("activiteiten:doorverwijzing", d.pk)
    elif mag and not d.gesloten:
        form = AntwoordForm(doorverwijzing=d)
    vandaag = timezone.localdate()
    return render(
        request,
        "activiteiten/doorverwijzing.html",
        {
            "d": d,
            "form": form,
            "mag_beantwoorden": mag,
            "te_laat": d.te_laat_op(vandaag),
            "wijzigingen": d.wijzigingen.select_related("door"),
            "themas": d.themas.all(),
            "signalen": d.signalen.all(),
            "Status": Status,
        },
    )
