"""The import pages for the coordinator: a template per kind; an upload that is checked (the
dry run) as a job with a progress bar; then the import of the checked file, all rows in one
transaction (docs/import.md). The jobs run in Celery (``rapportage.tasks``), eagerly in the
request when there is no broker."""

import csv
import io
import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from mba import rechten

from ..models import Importtaak
from . import lezen, werk
from .soorten import SOORTEN

log = logging.getLogger(__name__)
STANDAARD_MAX_BYTES = 50 * 1024 * 1024


def max_bytes():
    return getattr(settings, "MBA_IMPORT_MAX_BYTES", STANDAARD_MAX_BYTES)


def _vereis_coordinator(user):
    rechten.vereis_rol(user)
    if not rechten.is_coordinator(user):
        raise PermissionDenied("Alleen de coördinator kan bestanden importeren.")


def _te_groot(request):
    try:
        lengte = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        lengte = 0
    return lengte > max_bytes()


def _megabytes(n):
    return f"{n / (1024 * 1024):.0f} MB"


def _in_wachtrij(taak, taakfunctie):
    """Queues the job; when the queue cannot be reached the job says so (nothing is lost: the
    user chooses the file again later)."""
    if taakfunctie.app.conf.task_always_eager:
        # no broker (make run, the tests): the job runs here, in the request; an error in it is
        # a bug to see, not to hide (task_eager_propagates)
        taakfunctie.apply(args=[str(taak.pk)])
        return
    try:
        taakfunctie.apply_async(args=[str(taak.pk)], retry=False)
    except Exception as e:  # kombu raises OperationalError and friends when Redis is down
        log.warning("Import %s niet in de wachtrij: %s", taak.pk, e)
        taak.bestand_weg()
        Importtaak.objects.filter(pk=taak.pk).update(
            status=Importtaak.Status.MISLUKT,
            bestand="",
            melding="De wachtrij is nu niet bereikbaar. Niets geïmporteerd; probeer het over "
            "een paar minuten opnieuw.",
        )


@login_required
def importeren(request):
    """The page: templates, the upload form and the user's recent imports. A posted file is
    stored and checked as a job; the user goes to its page."""
    _vereis_coordinator(request.user)
    context = {
        "max": _megabytes(max_bytes()),
        "soorten": SOORTEN,
        "taken": Importtaak.objects.filter(gebruiker=request.user)[:5],
    }
    if request.method != "POST":
        return TemplateResponse(request, "rapportage/import.html", context)
    # refused before the body is read: Django reads request.FILES only when asked
    if _te_groot(request):
        context["fout"] = (
            f"Het bestand is groter dan {context['max']}. Splits het in kleinere bestanden."
        )
        return TemplateResponse(request, "rapportage/import.html", context, status=413)
    soort = request.POST.get("soort") or "contactmomenten"
    context["soort"] = soort
    if soort not in SOORTEN:
        context["fout"] = "Kies wat u importeert."
        return TemplateResponse(request, "rapportage/import.html", context, status=400)
    bestand = request.FILES.get("bestand")
    if bestand is None:
        context["fout"] = "Kies een bestand."
        return TemplateResponse(request, "rapportage/import.html", context, status=400)
    if bestand.size > max_bytes():
        context["fout"] = f"Het bestand is groter dan {context['max']}."
        return TemplateResponse(request, "rapportage/import.html", context, status=413)
    try:
        lezen.soort_van(bestand.name)
    except lezen.Bestandsfout as e:
        context["fout"] = str(e)
        return TemplateResponse(request, "rapportage/import.html", context, status=400)
    Importtaak.opruimen()
    taak = Importtaak(
        gebruiker=request.user, soort=soort, bestandsnaam=bestand.name[:255], grootte=bestand.size
    )
    taak.bestand.save(bestand.name, bestand, save=False)
    taak.save()
    from ..tasks import import_controleren

    _in_wachtrij(taak, import_controleren)
    return redirect("import_taak", taak.pk)


def _taak_van(request, pk):
    _vereis_coordinator(request.user)
    # another user's import does not exist for this one
    return get_object_or_404(Importtaak, pk=pk, gebruiker=request.user)


@login_required
def taak(request, pk):
    """One import's page; while it runs, htmx asks for its status block every second."""
    t = _taak_van(request, pk)
    context = {
        "taak": t,
        "invoer": SOORTEN.get(t.soort),
        "verwerkt": werk.voortgang_van(t),
        "max_fouten": werk.MAX_FOUTEN,
    }
    if request.headers.get("HX-Request"):
        return TemplateResponse(request, "rapportage/_import_status.html", context)
    return TemplateResponse(request, "rapportage/import_taak.html", context)


@login_required
@require_POST
def taak_importeren(request, pk):
    """Starts the import of a checked file. A second click (or a second tab) starts nothing."""
    _taak_van(request, pk)
    with transaction.atomic():
        t = Importtaak.objects.select_for_update().get(pk=pk)
        gestart = t.status == Importtaak.Status.GECONTROLEERD and bool(t.bestand)
        if gestart:
            t.status = Importtaak.Status.IMPORTEREN
            t.verwerkt = 0
            t.save(update_fields=["status", "verwerkt"])
    if gestart:
        from ..tasks import import_uitvoeren

        _in_wachtrij(t, import_uitvoeren)
    return redirect("import_taak", t.pk)


@login_required
def sjabloon(request, soort, formaat):
    """The template of a kind: the Dutch headers and one example row, as CSV or XLSX."""
    _vereis_coordinator(request.user)
    klasse = SOORTEN.get(soort)
    if klasse is None or formaat not in ("csv", "xlsx"):
        raise Http404("Onbekend sjabloon.")
    module = klasse(request.user)
    koppen = module.koppen
    naam = f"sjabloon-{soort}.{formaat}"
    if formaat == "csv":
        tekst = io.StringIO()
        schrijver = csv.writer(tekst, delimiter=";")
        schrijver.writerow(koppen)
        schrijver.writerow(module.voorbeeld())
        antwoord = HttpResponse(
            ("\ufeff" + tekst.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
        )
    else:
        import openpyxl

        boek = openpyxl.Workbook()
        blad = boek.active
        blad.title = soort
        blad.append(koppen)
        blad.append(module.voorbeeld())
        uit = io.BytesIO()
        boek.save(uit)
        antwoord = HttpResponse(
            uit.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    antwoord["Content-Disposition"] = f'attachment; filename="{naam}"'
    return antwoord
