"""The import page for the coordinator: a template per kind, a dry run, then the import of all
rows in one transaction (docs/import.md)."""

import csv
import io
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from mba import audit, rechten
from mba.forms import eenmalig, sla_eenmalig_op

from . import contactmomenten, lezen, metingen

# the kinds of import, by the slug in their URL; a new kind is a subclass of basis.Invoer
SOORTEN = {k.soort: k for k in (contactmomenten.Contactmomenten, metingen.Metingen)}
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


@login_required
@eenmalig("import", "Dit bestand was al geïmporteerd.")
def importeren(request):
    _vereis_coordinator(request.user)
    context = {
        "formtoken": request.POST.get("formtoken") or uuid.uuid4(),
        "max": _megabytes(max_bytes()),
        "soorten": SOORTEN,
    }
    if request.method != "POST":
        return TemplateResponse(request, "rapportage/import.html", context)
    # refused before the body is read: Django reads request.FILES only when asked
    if _te_groot(request):
        context["fout"] = (
            f"Het bestand is groter dan {context['max']}. Splits het in kleinere bestanden."
        )
        return TemplateResponse(request, "rapportage/import.html", context, status=413)
    bestand = request.FILES.get("bestand")
    if bestand is None:
        context["fout"] = "Kies een bestand."
        return TemplateResponse(request, "rapportage/import.html", context, status=400)
    if bestand.size > max_bytes():
        context["fout"] = f"Het bestand is groter dan {context['max']}."
        return TemplateResponse(request, "rapportage/import.html", context, status=413)
    klasse = SOORTEN.get(request.POST.get("soort") or "contactmomenten")
    if klasse is None:
        context["fout"] = "Kies wat u importeert."
        return TemplateResponse(request, "rapportage/import.html", context, status=400)
    invoer = klasse(request.user)
    context["soort"] = invoer.soort
    context["bestandsnaam"] = bestand.name
    try:
        aantal, fouten = invoer.controleer(lezen.rijen(bestand, bestand.name))
    except lezen.Bestandsfout as e:
        context["fout"] = str(e)
        return TemplateResponse(request, "rapportage/import.html", context, status=400)
    context.update(aantal=aantal, fouten=fouten)
    if fouten or request.POST.get("actie") != "importeren" or not aantal:
        context["proefdraai"] = True
        return TemplateResponse(
            request, "rapportage/import.html", context, status=400 if fouten else 200
        )

    def opslaan():
        geteld = invoer.importeer(lezen.rijen(bestand, bestand.name))
        audit.vastleggen(
            request,
            audit.Actie.AANGEMAAKT,
            objecttype=invoer.objecttype,
            aantal=geteld,
            doel=f"Import {bestand.name} ({bestand.size} bytes, {geteld} rijen)",
        )
        return geteld

    geteld = sla_eenmalig_op(
        request.user, request.POST.get("formtoken"), opslaan, lambda _: "/import/"
    )
    messages.success(
        request, f"{geteld} rijen {invoer.titel.lower()} geïmporteerd uit {bestand.name}."
    )
    return redirect("import")


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
