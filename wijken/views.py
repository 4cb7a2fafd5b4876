import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from activiteiten.models import Activiteit
from initiatieven.models import StatusWijziging
from mba import audit, rechten
from mba.forms import DubbelIngediend, herhaalde_inzending, sla_eenmalig_op
from mba.lijsten import lijst
from mba.views import cijferrijen, gekozen_jaar, jaarkeuze
from rapportage.kengetallen import Periode, vergelijking

from .forms import ProjectForm
from .lijstfilters import ProjectFilter
from .models import FysiekProject, Prioriteit, Wijk, Wijkprofiel

TIJDLIJN = 40
# The newest contact moments only: there are hundreds a year, they would hide everything else.
CONTACTEN_IN_TIJDLIJN = 10


@login_required
def wijken(request):
    rechten.vereis_rol(request.user)
    team = rechten.team_wijk_ids(request.user)
    return render(
        request,
        "wijken/wijken.html",
        {"wijken": Wijk.objects.prefetch_related("buurten"), "team": team},
    )


def tijdlijn(user, wijk, tot):
    """Everything logged in the wijk, newest first, up to ``tot``: the contact moments the user
    may see, activities, initiative steps, physical projects starting or finishing."""
    items = []
    if rechten.mag_contactmomenten_zien(user):
        contacten = (
            rechten.zichtbare_contactmomenten(user)
            .filter(wijk=wijk, datum__lt=tot)
            .select_related("doorverwezen_naar")
            .prefetch_related("signalen")
            .order_by("-datum", "-pk")[:CONTACTEN_IN_TIJDLIJN]
        )
        for c in contacten:
            signalen = ", ".join(s.naam for s in c.signalen.all())
            tekst = f"Contact {c.get_kanaal_display().lower()}" + (
                f": {signalen}" if signalen else ""
            )
            items.append(
                (c.datum, "Contact", tekst, reverse("activiteiten:contactmoment", args=[c.pk]))
            )
    for a in wijk.activiteiten.filter(start__lt=tot).order_by("-start", "naam")[:TIJDLIJN]:
        items.append(
            (a.start, "Activiteit", a.naam, reverse("activiteiten:activiteit", args=[a.pk]))
        )
    stappen = (
        StatusWijziging.objects.filter(initiatief__wijk=wijk, op__date__lt=tot)
        .select_related("initiatief")
        .order_by("-op", "-pk")[:TIJDLIJN]
    )
    for s in stappen:
        items.append(
            (
                timezone.localtime(s.op).date(),
                "Initiatief",
                f"{s.initiatief.titel}: {s.get_naar_status_display().lower()}",
                reverse("initiatieven:initiatief", args=[s.initiatief_id]),
            )
        )
    for p in wijk.projecten.all():
        url = reverse("wijken:project", args=[p.pk])
        if p.start and p.start < tot:
            items.append((p.start, "Project", f"Start {p.naam}", url))
        if p.eind and p.eind < tot and p.status == FysiekProject.Status.AFGEROND:
            items.append((p.eind, "Project", f"Afgerond: {p.naam}", url))
    items.sort(key=lambda i: i[0], reverse=True)
    return [{"datum": d, "soort": s, "tekst": t, "url": u} for d, s, t, u in items[:TIJDLIJN]]


@login_required
def wijk(request, slug):
    rechten.vereis_rol(request.user)
    wijk = get_object_or_404(Wijk, slug=slug)
    jaar = gekozen_jaar(request)
    vandaag = timezone.localdate()
    periode = Periode.jaar(jaar)
    cijfers = vergelijking(periode, wijk=wijk)
    teksten = {
        p.pk: p
        for p in Prioriteit.objects.filter(wijk=wijk).only("pk", "toelichting", "beoogd_effect")
    }
    prioriteiten = [
        {"cijfers": p, "prioriteit": teksten.get(p.id)} for p in cijfers.huidig.indicatoren
    ]
    profiel = Wijkprofiel.objects.filter(wijk=wijk, jaar__lte=jaar).order_by("-jaar").first()
    projecten = list(wijk.projecten.select_related("eigenaar", "buurt"))
    locaties = [
        loc
        for loc in wijk.locaties.select_related("buurt")
        if loc.is_open_op(min(vandaag, datetime.date(jaar, 12, 31)))
    ]
    items = tijdlijn(request.user, wijk, datetime.date(jaar + 1, 1, 1))
    if contacten := sum(1 for item in items if item["soort"] == "Contact"):
        audit.vastleggen(
            request, audit.Actie.BEKEKEN, objecttype=audit.CONTACTMOMENT, aantal=contacten
        )
    return render(
        request,
        "wijken/wijk.html",
        {
            "wijk": wijk,
            "jaar": jaar,
            "vorig_jaar": jaar - 1,
            "jaren": jaarkeuze(jaar),
            "profiel": profiel,
            "prioriteiten": prioriteiten,
            "cijferrijen": cijferrijen(cijfers.as_dict()),
            "projecten": projecten,
            "locaties": locaties,
            "tijdlijn": items,
            "mag_bewerken": rechten.mag_bewerken(request.user, wijk),
            "mag_loggen": rechten.mag_contactmoment_loggen(request.user),
            "is_team": wijk.pk in rechten.team_wijk_ids(request.user),
        },
    )


def _projecten():
    return FysiekProject.objects.select_related("wijk", "buurt", "eigenaar")


@login_required
def projecten(request):
    rechten.vereis_rol(request.user)
    filterset = ProjectFilter(request.GET, queryset=_projecten(), request=request)

    def export(qs):
        kolommen = [
            "id",
            "naam",
            "soort",
            "status",
            "wijk",
            "buurt",
            "opdrachtgever",
            "aannemer",
            "start",
            "eind",
            "woningen gesloopt",
            "woningen opgeleverd",
            "woningen gepland",
        ]
        rijen = (
            [
                p.pk,
                p.naam,
                p.get_soort_display(),
                p.get_status_display(),
                p.wijk.naam,
                p.buurt.naam if p.buurt else "",
                p.eigenaar.naam,
                p.aannemer,
                p.start,
                p.eind,
                p.woningen_gesloopt,
                p.woningen_opgeleverd,
                p.woningen_gepland,
            ]
            for p in qs.iterator(chunk_size=1000)
        )
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
            rechten.zichtbare_contactmomenten(request.user, proj.contactmomenten.all())
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
            "activiteiten": Activiteit.objects.filter(fysiek_project=proj).order_by("-start"),
            "mag_bewerken": rechten.mag_bewerken(request.user, proj),
        },
    )


def _project_form(request, proj):
    if proj.pk is None and (
        dubbel := herhaalde_inzending(request, "wijken:projecten", "Dit project was al opgeslagen.")
    ):
        return dubbel
    form = ProjectForm(
        request.POST or None, instance=proj, wijken=rechten.bewerkbare_wijken(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
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
        except DubbelIngediend as dubbel:
            messages.info(request, "Dit project was al opgeslagen.")
            return redirect(dubbel.url or "wijken:projecten")
        messages.success(request, f"Het project '{proj}' is opgeslagen.")
        return redirect("wijken:project", proj.pk)
    return render(request, "wijken/project_form.html", {"form": form, "project": proj})


@login_required
def project_nieuw(request):
    rechten.vereis_aanmaken(request.user)
    return _project_form(request, FysiekProject())


@login_required
def project_bewerken(request, pk):
    rechten.vereis_rol(request.user)
    proj = get_object_or_404(FysiekProject, pk=pk)
    rechten.vereis_bewerken(request.user, proj)
    return _project_form(request, proj)
