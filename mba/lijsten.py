"""The lists of the staff app: filters, sorting, paging, and export of exactly the filtered rows
as CSV or XLSX, each export logged."""

import csv
import datetime
import io
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .models import Export
from .rechten import mag_exporteren

PER_PAGINA = 25
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _waarde(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "ja" if v else "nee"
    if isinstance(v, (list, tuple)):
        return ", ".join(str(x) for x in v)
    return v


def _csv_waarde(v):
    v = _waarde(v)
    if isinstance(v, datetime.date):
        return v.isoformat()
    if isinstance(v, Decimal):
        return str(v).replace(".", ",")
    v = str(v)
    # A cell that starts like a formula is neutralised (CSV injection).
    return "'" + v if v[:1] in ("=", "+", "-", "@") and not _is_getal(v) else v


def _is_getal(tekst):
    try:
        float(tekst.replace(",", "."))
        return True
    except ValueError:
        return False


def _xlsx_waarde(v):
    v = _waarde(v)
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@"):
        return "'" + v
    return v


def export_bestand(lijst, formaat, kolommen, rijen):
    """The file as (bytes, content type, number of rows)."""
    aantal = 0
    if formaat == Export.Formaat.CSV:
        buffer = io.StringIO()
        buffer.write("\ufeff")  # so that Excel reads UTF-8
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(kolommen)
        for rij in rijen:
            writer.writerow([_csv_waarde(v) for v in rij])
            aantal += 1
        return buffer.getvalue().encode("utf-8"), "text/csv; charset=utf-8", aantal

    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=lijst[:31])
    ws.append(kolommen)
    for rij in rijen:
        ws.append([_xlsx_waarde(v) for v in rij])
        aantal += 1
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue(), XLSX_TYPE, aantal


def filters_van(request):
    return {
        k: v if len(v) > 1 else v[0]
        for k, v in request.GET.lists()
        if k not in ("export", "pagina") and any(v)
    }


def exporteer(request, lijst, formaat, kolommen, rijen, met_persoonsgegevens):
    inhoud, soort, aantal = export_bestand(lijst, formaat, kolommen, rijen)
    Export.objects.create(
        medewerker=request.user,
        lijst=lijst,
        formaat=formaat,
        filters=filters_van(request),
        aantal_rijen=aantal,
        met_persoonsgegevens=met_persoonsgegevens,
    )
    naam = f"{lijst}-{timezone.localdate():%Y-%m-%d}.{formaat}"
    response = HttpResponse(inhoud, content_type=soort)
    response["Content-Disposition"] = f'attachment; filename="{naam}"'
    return response


def lijst(request, filterset, template, context, export=None, lijstnaam=""):
    """Renders a filtered, sorted, paged list, or (``?export=csv|xlsx``) exports every filtered
    row. ``export(qs)`` gives (kolommen, rijen, met_persoonsgegevens). With htmx only the
    results are rendered, so the filters stay live without a page load."""
    formaat = request.GET.get("export")
    if export is not None and formaat in Export.Formaat.values and filterset.is_valid():
        if not mag_exporteren(request.user):
            raise PermissionDenied
        kolommen, rijen, persoonsgegevens = export(filterset.qs)
        return exporteer(request, lijstnaam, formaat, kolommen, rijen, persoonsgegevens)

    pagina = Paginator(filterset.qs, PER_PAGINA).get_page(request.GET.get("pagina"))
    querystring = request.GET.copy()
    querystring.pop("pagina", None)
    querystring.pop("export", None)
    context = {
        **context,
        "filter": filterset,
        "pagina": pagina,
        "querystring": querystring.urlencode(),
        "sortering": request.GET.get("sortering", ""),
        "actieve_filters": len(filters_van(request)),
    }
    if request.headers.get("HX-Request") and not request.headers.get("HX-Boosted"):
        return render(request, template, {**context, "alleen_resultaten": True})
    return render(request, template, context)
