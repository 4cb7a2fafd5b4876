from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from mba import audit, rechten
from mba.forms import eenmalig, sla_eenmalig_op
from mba.lijsten import api_kolommen, lijst
from wijken.models import Buurt, Wijk

from .filters import InitiatiefLijstFilter
from .forms import DraagvlakForm, InitiatiefForm, StapForm
from .models import Bewonersinitiatief, Ondersteuningsvorm
from .serializers import BewonersinitiatiefSerializer
from .views_voortgang import NA_BESLUIT, na_besluit

Status = Bewonersinitiatief.Status
DRAAGVLAK_TE_METEN = (Status.AANGEVRAAGD, Status.DRAAGVLAK_GEMETEN)


def _initiatieven():
    return Bewonersinitiatief.objects.select_related("wijk", "buurt").prefetch_related(
        "gevraagde_ondersteuning", "geboden_ondersteuning"
    )


def _haal(user, pk):
    rechten.vereis_rol(user)
    # the progress after the decision (views_voortgang.na_besluit): the same queries whatever
    # the status, however many updates
    return get_object_or_404(_initiatieven().prefetch_related(*NA_BESLUIT), pk=pk)


CONTACTVELDEN = ("initiatiefnemer_naam", "initiatiefnemer_email", "initiatiefnemer_telefoon")


def heeft_contactgegevens(ini):
    return any(getattr(ini, veld) for veld in CONTACTVELDEN)


def _contactgegevens_getoond(request, ini):
    """A page that shows the initiatiefnemer's contact details writes an audit row."""
    if heeft_contactgegevens(ini):
        audit.vastleggen(request, audit.Actie.BEKEKEN, ini)


def initiatief_export(user):
    """The API's row of an initiative (``BewonersinitiatiefSerializer``), readable, plus the
    majority and, for the coordinator and per row for the wijk's own team, the contact
    details."""
    kan_contact = rechten.is_coordinator(user) or rechten.is_medewerker(user)

    def export(qs):
        kolommen, leesbaar = api_kolommen(
            BewonersinitiatiefSerializer(),
            _namen,
            bedragen=("gevraagd_bedrag", "toegekend_bedrag"),
        )
        kolommen += ["meerderheid"]
        if kan_contact:
            kolommen += ["naam initiatiefnemer", "e-mail initiatiefnemer", "telefoon"]

        def rijen():
            alles = qs.prefetch_related("geboden_ondersteuning")
            for i in alles.iterator(chunk_size=1000):
                rij = leesbaar(BewonersinitiatiefSerializer(i).data) + [i.heeft_meerderheid]
                if kan_contact:
                    if i.mag_contactgegevens_zien(user):
                        rij += [
                            i.initiatiefnemer_naam,
                            i.initiatiefnemer_email,
                            i.initiatiefnemer_telefoon,
                        ]
                    else:
                        rij += ["", "", ""]
                yield rij

        return kolommen, rijen(), kan_contact

    return export


def _namen():
    """{API field: {slug or id: name}} for the export's readable cells."""
    ondersteuning = dict(Ondersteuningsvorm.objects.values_list("slug", "naam"))
    return {
        "wijk": dict(Wijk.objects.values_list("slug", "naam")),
        "buurt": dict(Buurt.objects.values_list("id", "naam")),
        "gevraagde_ondersteuning": ondersteuning,
        "geboden_ondersteuning": ondersteuning,
    }


@login_required
def initiatieven(request):
    rechten.vereis_rol(request.user)
    filterset = InitiatiefLijstFilter(
        request.GET,
        # a row shows the support asked for; the export reads the support offered too
        queryset=_initiatieven().prefetch_related(None).prefetch_related("gevraagde_ondersteuning"),
        request=request,
    )
    return lijst(
        request,
        filterset,
        "initiatieven/initiatieven.html",
        {"mag_aanmaken": rechten.mag_aanmaken(request.user)},
        export=initiatief_export(request.user),
        lijstnaam="initiatieven",
    )


@login_required
def initiatief(request, pk):
    ini = _haal(request.user, pk)
    mag = ini.mag_bewerken(request.user)
    contactgegevens = ini.mag_contactgegevens_zien(request.user)
    response = render(
        request,
        "initiatieven/initiatief.html",
        {
            "initiatief": ini,
            "mag_bewerken": mag,
            "contactgegevens": contactgegevens,
            "geschiedenis": ini.statuswijzigingen.select_related("door__organisatie"),
            "namen_zien": rechten.mag_medewerkersnamen_zien(request.user),
            "activiteiten": ini.activiteiten.select_related("wijk"),
            "stapform": StapForm(instance=ini) if mag and ini.volgende_statussen() else None,
            "draagvlak_te_meten": mag and ini.status in DRAAGVLAK_TE_METEN,
            **na_besluit(ini),
        },
    )
    if contactgegevens:
        _contactgegevens_getoond(request, ini)
    return response


@login_required
@eenmalig("initiatieven:initiatieven", "Deze aanvraag was al opgeslagen.")
def initiatief_nieuw(request):
    rechten.vereis_aanmaken(request.user)
    form = InitiatiefForm(request.POST or None, wijken=Wijk.objects.bewerkbaar_voor(request.user))
    if request.method == "POST" and form.is_valid():

        def opslaan():
            ini = form.save(commit=False)
            ini.save(gewijzigd_door=request.user, toelichting="Aanvraag vastgelegd.")
            form.save_m2m()
            if heeft_contactgegevens(ini):
                audit.vastleggen(request, audit.Actie.AANGEMAAKT, ini)
            return ini

        ini = sla_eenmalig_op(
            request.user,
            form.cleaned_data["formtoken"],
            opslaan,
            lambda i: reverse("initiatieven:initiatief", args=[i.pk]),
        )
        messages.success(request, f"De aanvraag '{ini}' is opgeslagen.")
        return redirect("initiatieven:initiatief", ini.pk)
    return render(request, "initiatieven/initiatief_form.html", {"form": form})


@login_required
def initiatief_bewerken(request, pk):
    ini = _haal(request.user, pk)
    rechten.vereis_bewerken(request.user, ini)
    form = InitiatiefForm(
        request.POST or None, instance=ini, wijken=Wijk.objects.bewerkbaar_voor(request.user)
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save(commit=False).save(gewijzigd_door=request.user)
            form.save_m2m()
            # The form holds the contact details: a save of them, or one that removed them.
            if heeft_contactgegevens(ini) or set(CONTACTVELDEN) & set(form.changed_data):
                audit.vastleggen(request, audit.Actie.GEWIJZIGD, ini)
        messages.success(request, "De aanvraag is bijgewerkt.")
        return redirect("initiatieven:initiatief", ini.pk)
    response = render(
        request, "initiatieven/initiatief_form.html", {"form": form, "initiatief": ini}
    )
    _contactgegevens_getoond(request, form.instance)
    return response


@login_required
def initiatief_draagvlak(request, pk):
    ini = _haal(request.user, pk)
    rechten.vereis_bewerken(request.user, ini)
    if ini.status not in DRAAGVLAK_TE_METEN:
        raise PermissionDenied("Na het besluit verandert het draagvlak niet meer.")
    form = DraagvlakForm(request.POST or None, instance=ini)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save(commit=False).save(
                gewijzigd_door=request.user, toelichting=form.cleaned_data["toelichting"]
            )
        if ini.heeft_meerderheid:
            messages.success(request, "Het draagvlak is vastgelegd: er is een meerderheid vóór.")
        else:
            messages.warning(request, f"Het draagvlak is vastgelegd. {ini.waarom_niet_toekennen}")
        return redirect("initiatieven:initiatief", ini.pk)
    return render(request, "initiatieven/draagvlak_form.html", {"form": form, "initiatief": ini})


@login_required
@require_POST
def initiatief_stap(request, pk):
    ini = _haal(request.user, pk)
    rechten.vereis_bewerken(request.user, ini)
    form = StapForm(request.POST, instance=ini)
    if form.is_valid():
        with transaction.atomic():
            form.save(commit=False).save(
                gewijzigd_door=request.user, toelichting=form.cleaned_data["toelichting"]
            )
            form.save_m2m()
        messages.success(request, f"Het initiatief is nu '{ini.get_status_display()}'.")
        return redirect("initiatieven:initiatief", ini.pk)
    ini = _haal(request.user, pk)  # the form changed the instance; show the saved state
    contactgegevens = ini.mag_contactgegevens_zien(request.user)
    response = render(
        request,
        "initiatieven/initiatief.html",
        {
            "initiatief": ini,
            "mag_bewerken": True,
            "contactgegevens": contactgegevens,
            "geschiedenis": ini.statuswijzigingen.select_related("door__organisatie"),
            "namen_zien": rechten.mag_medewerkersnamen_zien(request.user),
            "activiteiten": ini.activiteiten.select_related("wijk"),
            "stapform": form,
            "draagvlak_te_meten": ini.status in DRAAGVLAK_TE_METEN,
            **na_besluit(ini),
        },
    )
    if contactgegevens:
        _contactgegevens_getoond(request, ini)
    return response
