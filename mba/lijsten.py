"""The lists of the staff app: filters, sorting, paging, and export of exactly the filtered rows
as CSV or XLSX, each export logged. An export with personal data asks for its purpose (doel);
the audit trail records it, with every page of a list of records with personal data.

A page never counts the rows (``Pagina``): it reads one row more than it shows, to know whether
there is a next one, so that its cost does not grow with the rows a user may see."""

import csv
import datetime
import functools
import io
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from . import audit
from .forms import ExportDoelForm
from .models import Export
from .rechten import mag_exporteren

PER_PAGINA = 25
MAX_PAGINA = 10_000_000  # a larger OFFSET overflows the database's integer
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Pagina:
    """One page of a list, without a total: ``PER_PAGINA + 1`` rows tell whether a next page
    exists. Offers what the templates need of Django's ``Page`` (``object_list``, ``number``,
    ``has_next``, ``has_previous``, the numbers of the pages around it, ``start_index``,
    ``end_index``); a page number that is no number is page 1, one past the end an empty page."""

    def __init__(self, queryset, nummer, per_pagina=PER_PAGINA):
        try:
            self.number = min(max(int(nummer), 1), MAX_PAGINA)
        except (TypeError, ValueError):
            self.number = 1
        begin = (self.number - 1) * per_pagina
        rijen = list(queryset[begin : begin + per_pagina + 1])
        self.has_next = len(rijen) > per_pagina
        self.object_list = rijen[:per_pagina]
        self.has_previous = self.number > 1
        self.start_index = begin + 1 if self.object_list else 0
        self.end_index = begin + len(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1


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


def api_kolommen(serializer, namen, zonder=(), bedragen=()):
    """The staff export of a model that the API serves writes the API's row: the serializer's
    fields in its order (``zonder`` those that say nothing in a staff export), made readable.
    Returns (column headers, a function from an API row to the export's cells): a code becomes
    its label, a slug or id its name (``namen()`` gives {field: {slug or id: name}, or a function
    of the value}), an ISO date a date, a decimal a number (in euros under a ``Bedrag`` header for
    the fields in ``bedragen``). Extra columns (personal data) are added by the caller, under
    their own names."""
    from rest_framework import serializers as s

    velden = {n: v for n, v in _api_velden(type(serializer)).items() if n not in zonder}
    gelezen = []  # the names, read at the first row: a list page builds its export unread

    def leesbaar(naam, veld, waarde):
        if not gelezen:
            gelezen.append(namen())
        if naam in gelezen[0]:
            lijst = gelezen[0][naam]
            if callable(lijst):
                return lijst(waarde)
            return [lijst[w] for w in waarde] if isinstance(waarde, list) else lijst.get(waarde, "")
        if waarde is None:
            return ""
        if isinstance(veld, s.ChoiceField):
            return veld.choices.get(waarde, waarde)
        if isinstance(veld, s.DateTimeField):  # local time, as the page shows it
            return datetime.datetime.fromisoformat(waarde).replace(tzinfo=None)
        if isinstance(veld, s.DateField):
            return datetime.date.fromisoformat(waarde)
        if isinstance(veld, s.DecimalField):
            return Decimal(waarde)
        return waarde

    def rij(api_rij):
        return [leesbaar(n, v, api_rij[n]) for n, v in velden.items()]

    koppen = [(Bedrag if n in bedragen else str)(n.replace("_", " ")) for n in velden]
    return koppen, rij


@functools.cache
def _api_velden(serializer_klasse):
    """The fields of an API serializer, made once per process: a list page builds its export's
    columns on every request (to know whether it asks for a purpose), and a serializer makes
    its fields anew for every instance (about 0.5 ms). Without a context, as the export uses
    them, they are the same every time."""
    return dict(serializer_klasse().fields)


class Bedrag(str):
    """A column header whose values are euros (``Bedrag("gevraagd bedrag")``)."""


def _xlsx_cel(ws, kolom, v):
    """The value stays a number (to sum and sort); its display format shows it the Dutch way in
    a Dutch spreadsheet: 23.630, € 1.500, € 1.500,50. An id stays as it is (no separator); the
    CSV, for machines, holds the raw values."""
    v = _xlsx_waarde(v)
    if kolom == "id" or isinstance(v, bool) or not isinstance(v, int | float | Decimal):
        return v
    from openpyxl.cell import WriteOnlyCell

    cel = WriteOnlyCell(ws, value=v)
    heel = v == int(v)
    if isinstance(kolom, Bedrag):
        cel.number_format = '"€ "#,##0' if heel else '"€ "#,##0.00'
    else:
        cel.number_format = "#,##0" if heel else "#,##0.0#"
    return cel


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
        ws.append([_xlsx_cel(ws, k, v) for k, v in zip(kolommen, rij, strict=True)])
        aantal += 1
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue(), XLSX_TYPE, aantal


def filters_van(request):
    return {
        k: v if len(v) > 1 else v[0]
        for k, v in request.GET.lists()
        if k not in ("export", "pagina", "doel") and any(v)
    }


def exporteer(
    request, lijst, formaat, kolommen, rijen, met_persoonsgegevens, objecttype="", doel=""
):
    """The file as a download, logged in ``mba.Export``; with ``objecttype`` (records with
    personal data) also in the audit trail, in the same transaction."""
    inhoud, soort, aantal = export_bestand(lijst, formaat, kolommen, rijen)
    with transaction.atomic():
        Export.objects.create(
            medewerker=request.user,
            lijst=lijst,
            formaat=formaat,
            filters=filters_van(request),
            aantal_rijen=aantal,
            met_persoonsgegevens=met_persoonsgegevens,
        )
        if objecttype:
            audit.vastleggen(
                request,
                audit.Actie.GEEXPORTEERD,
                objecttype=objecttype,
                aantal=aantal,
                herkomst=audit.Herkomst.EXPORT,
                doel=doel,
            )
    naam = f"{lijst}-{timezone.localdate():%Y-%m-%d}.{formaat}"
    response = HttpResponse(inhoud, content_type=soort)
    response["Content-Disposition"] = f'attachment; filename="{naam}"'
    return response


def lijst(
    request,
    filterset,
    template,
    context,
    export=None,
    lijstnaam="",
    auditeren=False,
    bij_rijen=None,
):
    """Renders a filtered, sorted, paged list, or (``?export=csv|xlsx``) exports every filtered
    row. ``export(qs)`` gives (kolommen, rijen, met_persoonsgegevens); the rows are a generator,
    read only when exporting. With htmx only the results are rendered, so the filters stay live
    without a page load.

    An export with personal data needs a purpose (``?doel=``): without one the page comes back
    with a message at the field. ``auditeren=True`` (a list of records with personal data): every
    page writes one audit row with the number of records shown; an export is audited when
    ``auditeren`` is set or when it holds personal data. ``bij_rijen(rijen)`` completes the rows
    of the page shown (once, for all of them)."""
    formaat = request.GET.get("export")
    persoonsgegevens = False
    doelform = None
    if export is not None:
        kolommen, rijen, persoonsgegevens = export(filterset.qs)
        if persoonsgegevens:
            doelform = ExportDoelForm(request.GET if formaat else None)
    status = 200
    if export is not None and formaat in Export.Formaat.values and filterset.is_valid():
        if not mag_exporteren(request.user):
            raise PermissionDenied
        if doelform is None or doelform.is_valid():
            return exporteer(
                request,
                lijstnaam,
                formaat,
                kolommen,
                rijen,
                persoonsgegevens,
                objecttype=audit.objecttype_van(filterset.queryset.model)
                if auditeren or persoonsgegevens
                else "",
                doel=doelform.cleaned_data["doel"] if doelform else "",
            )
        status = 400
        messages.error(request, "De export is niet gemaakt: vul onder de lijst het doel in.")

    pagina = Pagina(filterset.qs, request.GET.get("pagina"))
    if bij_rijen is not None:
        bij_rijen(pagina.object_list)
    querystring = request.GET.copy()
    for naam in ("pagina", "export", "doel"):
        querystring.pop(naam, None)
    context = {
        **context,
        "filter": filterset,
        "pagina": pagina,
        "querystring": querystring.urlencode(),
        "filterwaarden": [(k, v) for k, waarden in querystring.lists() for v in waarden],
        "doelform": doelform,
        "sortering": request.GET.get("sortering", ""),
        "actieve_filters": len(filters_van(request)),
    }
    if request.headers.get("HX-Request") and not request.headers.get("HX-Boosted"):
        context["alleen_resultaten"] = True
    response = render(request, template, context, status=status)
    if auditeren and (aantal := len(pagina.object_list)):
        # The page's rows were read for the template: len() reads them from its cache.
        audit.vastleggen(
            request,
            audit.Actie.BEKEKEN,
            objecttype=audit.objecttype_van(filterset.queryset.model),
            aantal=aantal,
        )
    return response
