from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from mba import audit, rechten
from mba.forms import eenmalig, sla_eenmalig_op
from mba.lijsten import api_kolommen, lijst
from mba.models import Organisatie
from mba.templatetags.datums import kort

from .filters import ProjectLijstFilter
from .forms import IndicatorForm, MetingForm, ProjectForm
from .models import Buurt, FysiekProject, Indicator, Meting, Prioriteit, Wijk
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


# --- a priority's indicators and measurements (the page itself: rapportage.prioriteiten) ------


def _prioriteit_bewerken(request, slug, pk):
    """The priority of the wijk at ``slug``, if the user may change its indicators (the
    coordinator and the wijk's team); a 404 for none, a 403 for a reader."""
    rechten.vereis_rol(request.user)
    prio = get_object_or_404(Prioriteit.objects.select_related("wijk"), pk=pk, wijk__slug=slug)
    rechten.vereis_bewerken(request.user, prio)
    return prio


def _naar_prioriteit(prio):
    return reverse("wijken:prioriteit", args=[prio.wijk.slug, prio.pk])


def _opslaan(request, form, obj, terug, tekst, template, context):
    """Saves a new record once for its form token, a changed one as it is, each with its audit
    row in the same transaction; then back to the priority page."""
    if request.method == "POST" and form.is_valid():
        actie = audit.Actie.AANGEMAAKT if obj.pk is None else audit.Actie.GEWIJZIGD

        def opslaan():
            opgeslagen = form.save()
            audit.vastleggen(request, actie, opgeslagen)
            return opgeslagen

        if actie == audit.Actie.AANGEMAAKT:
            obj = sla_eenmalig_op(
                request.user, form.cleaned_data["formtoken"], opslaan, lambda _: terug
            )
        else:
            with transaction.atomic():
                obj = opslaan()
        messages.success(request, tekst(obj))
        return redirect(terug)
    return render(request, template, {"form": form, "object": obj, "terug": terug, **context})


def _indicator_form(request, prio, ind):
    form = IndicatorForm(request.POST or None, instance=ind, prioriteit=prio)
    return _opslaan(
        request,
        form,
        ind,
        _naar_prioriteit(prio),
        lambda i: f"De indicator '{i}' is opgeslagen.",
        "wijken/indicator_form.html",
        {"prioriteit": prio},
    )


@login_required
@eenmalig("wijken:wijken", "Deze indicator was al opgeslagen.")
def indicator_nieuw(request, slug, pk):
    prio = _prioriteit_bewerken(request, slug, pk)
    return _indicator_form(request, prio, Indicator(prioriteit=prio))


@login_required
def indicator_bewerken(request, slug, pk, indicator):
    prio = _prioriteit_bewerken(request, slug, pk)
    return _indicator_form(request, prio, get_object_or_404(prio.indicatoren, pk=indicator))


def _meting_form(request, prio, ind, meting):
    form = MetingForm(request.POST or None, instance=meting, indicator=ind)
    return _opslaan(
        request,
        form,
        meting,
        _naar_prioriteit(prio) + f"#indicator-{ind.pk}",
        lambda m: f"De meting van {kort(m.datum)} is opgeslagen.",
        "wijken/meting_form.html",
        {"prioriteit": prio, "indicator": ind},
    )


@login_required
@eenmalig("wijken:wijken", "Deze meting was al opgeslagen.")
def meting_nieuw(request, slug, pk, indicator):
    prio = _prioriteit_bewerken(request, slug, pk)
    ind = get_object_or_404(prio.indicatoren, pk=indicator)
    return _meting_form(request, prio, ind, Meting(indicator=ind))


@login_required
def meting_bewerken(request, slug, pk, indicator, meting):
    prio = _prioriteit_bewerken(request, slug, pk)
    ind = get_object_or_404(prio.indicatoren, pk=indicator)
    return _meting_form(request, prio, ind, get_object_or_404(ind.metingen, pk=meting))


@login_required
@require_POST
def meting_verwijderen(request, slug, pk, indicator, meting):
    """A measurement typed wrongly goes, with its audit row (a POST from its form's page)."""
    prio = _prioriteit_bewerken(request, slug, pk)
    ind = get_object_or_404(prio.indicatoren, pk=indicator)
    weg = get_object_or_404(ind.metingen, pk=meting)
    with transaction.atomic():
        audit.vastleggen(request, audit.Actie.VERWIJDERD, weg)
        weg.delete()
    messages.success(request, f"De meting van {kort(weg.datum)} is verwijderd.")
    return redirect(_naar_prioriteit(prio) + f"#indicator-{ind.pk}")
