from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from mba import audit, rechten
from mba.forms import eenmalig, sla_eenmalig_op
from mba.lijsten import api_kolommen, lijst
from mba.models import Organisatie

from .filters import ProjectLijstFilter
from .forms import ProjectForm
from .models import Buurt, FysiekProject, Wijk
from .serializers import FysiekProjectSerializer


@login_required
def wijken(request):
    rechten.vereis_rol(request.user)
    team = rechten.team_wijk_ids(request.user)
    return render(
        request,
        "wijken/wijken.html",
        {"wijken": Wijk.objects.prefetch_related("buurten"), "team": team},
    )


def _projecten():
    return FysiekProject.objects.select_related("wijk", "buurt", "eigenaar")


@login_required
def projecten(request):
    rechten.vereis_rol(request.user)
    filterset = ProjectLijstFilter(request.GET, queryset=_projecten(), request=request)

    def export(qs):
        # The API's row of a project (FysiekProjectSerializer), readable.
        kolommen, leesbaar = api_kolommen(
            FysiekProjectSerializer(),
            lambda: {
                "wijk": dict(Wijk.objects.values_list("slug", "naam")),
                "buurt": dict(Buurt.objects.values_list("id", "naam")),
                "eigenaar": dict(Organisatie.objects.values_list("slug", "naam")),
            },
        )
        rijen = (leesbaar(FysiekProjectSerializer(p).data) for p in qs.iterator(chunk_size=1000))
        return kolommen, rijen, False

    return lijst(
        request,
        filterset,
        "wijken/projecten.html",
        {"mag_aanmaken": rechten.mag_aanmaken(request.user)},
        export=export,
        lijstnaam="projecten",
    )


@login_required
def project(request, pk):
    rechten.vereis_rol(request.user)
    proj = get_object_or_404(_projecten(), pk=pk)
    contacten = None
    if rechten.mag_contactmomenten_zien(request.user):
        contacten = list(
            proj.contactmomenten.zichtbaar_voor(request.user)
            .select_related("organisatie")
            .prefetch_related("themas", "signalen")
            .order_by("-datum", "-pk")[:50]
        )
        if contacten:
            audit.vastleggen(
                request, audit.Actie.BEKEKEN, objecttype=audit.CONTACTMOMENT, aantal=len(contacten)
            )
    return render(
        request,
        "wijken/project.html",
        {
            "project": proj,
            "contacten": contacten,
            "aantal_contacten": proj.contactmomenten.count(),
            "activiteiten": proj.activiteiten.order_by("-start"),
            "mag_bewerken": proj.mag_bewerken(request.user),
        },
    )


def _project_form(request, proj):
    form = ProjectForm(
        request.POST or None, instance=proj, wijken=Wijk.objects.bewerkbaar_voor(request.user)
    )
    if request.method == "POST" and form.is_valid():
        if proj.pk is None:
            proj = sla_eenmalig_op(
                request.user,
                form.cleaned_data["formtoken"],
                form.save,
                lambda p: reverse("wijken:project", args=[p.pk]),
            )
        else:
            with transaction.atomic():
                proj = form.save()
        messages.success(request, f"Het project '{proj}' is opgeslagen.")
        return redirect("wijken:project", proj.pk)
    return render(request, "wijken/project_form.html", {"form": form, "project": proj})


@login_required
@eenmalig("wijken:projecten", "Dit project was al opgeslagen.")
def project_nieuw(request):
    rechten.vereis_aanmaken(request.user)
    return _project_form(request, FysiekProject())


@login_required
def project_bewerken(request, pk):
    rechten.vereis_rol(request.user)
    proj = get_object_or_404(FysiekProject, pk=pk)
    rechten.vereis_bewerken(request.user, proj)
    return _project_form(request, proj)
