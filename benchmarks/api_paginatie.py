"""Benchmark: the API's hand-written keyset paging against DRF's own CursorPagination.

Issue 12 (item 3) asks for DRF's ``CursorPagination`` unless the hand-written paginator is
measured to matter. This runs both on the same database in one process, through the whole stack
(Django's test Client with a valid key, ``/api/v1/contactmomenten/``), by swapping the view's
``pagination_class``. The DRF variant is the subclass the switch would bring: Dutch parameters
and keys, the collection's orderings, a 400 on a bad ``aantal`` or ``sortering``.

DRF's cursor holds the value of the *first* ordering field and an offset into the rows that
share it; the hand-written cursor holds every ordering value, ending in the unique ``id``. So:

- ``sortering=id`` (unique): both filter ``id > x``; the same cost at any depth;
- ``sortering=datum`` (hundreds of contacts a day): DRF adds an ``OFFSET`` within the day;
- ``sortering=gewijzigd_op`` (incremental sync) where many rows share one moment: the demo
  load writes one ``gewijzigd_op`` for every synthetic contact, as one ``UPDATE`` does
  (migration 0007, ``thema.contactmomenten.clear()``). DRF's offset is then the row number:
  it is capped at ``offset_cutoff`` (1,000), after which the same page comes back for ever;
  without the cap a deep page is an ``OFFSET`` of that size.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mba_bench_api \\
        .venv/bin/python benchmarks/api_paginatie.py

on the database that ``benchmarks/api_contactmomenten.py --laden`` filled.
"""

import argparse
import base64
import datetime
import os
import sys
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mba.settings")
os.environ["MBA_API_LIMIET"] = "100000000/minute"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.test import Client  # noqa: E402
from rest_framework import exceptions  # noqa: E402
from rest_framework.pagination import CursorPagination  # noqa: E402
from rest_framework.response import Response  # noqa: E402

from activiteiten.api import ContactmomentViewSet  # noqa: E402
from activiteiten.models import Contactmoment  # noqa: E402
from benchmarks.api_contactmomenten import meet  # noqa: E402
from benchmarks.gemeen import machine  # noqa: E402
from mba.api import CursorPaginatie  # noqa: E402
from mba.models import ALLE_SCOPES, ApiAanroep, ApiSleutel, Organisatie  # noqa: E402

PAGINA = 100


class DrfPaginatie(CursorPagination):
    """What replacing the hand-written paginator with DRF's would be."""

    page_size = 100
    page_size_query_param = "aantal"
    max_page_size = 1000

    def get_page_size(self, request):
        waarde = request.query_params.get(self.page_size_query_param)
        if waarde in (None, ""):
            return self.page_size
        if not waarde.isdigit() or not 1 <= int(waarde) <= self.max_page_size:
            raise exceptions.ValidationError({"aantal": ["Geef een geheel getal van 1 tot 1000."]})
        return int(waarde)

    def get_ordering(self, request, queryset, view):
        naam = request.query_params.get("sortering") or view.standaard_sortering
        if naam not in view.sorteringen:
            raise exceptions.ValidationError({"sortering": [f"Kies een van: {view.sorteringen}"]})
        return view.sorteringen[naam]

    def get_paginated_response(self, data):
        return Response(
            {
                "volgende": self.get_next_link(),
                "vorige": self.get_previous_link(),
                "resultaten": data,
            }
        )


class DrfZonderGrens(DrfPaginatie):
    offset_cutoff = 10**9


def drf_cursor(offset=0, positie=None):
    tokens = {"o": offset} if offset else {}
    if positie is not None:
        tokens["p"] = positie
    return base64.b64encode(urlencode(tokens).encode()).decode()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--diep", type=int, default=500_000, help="rows before the deep page")
    parser.add_argument("--runs", type=int, default=30, help="measured runs per variant")
    args = parser.parse_args()
    settings.DEBUG = False

    totaal = Contactmoment.objects.count()
    diep = min(args.diep, totaal - PAGINA)
    rij = lambda sortering: (  # noqa: E731
        Contactmoment.objects.order_by(*ContactmomentViewSet.sorteringen[sortering]).values(
            "id", "datum", "gewijzigd_op"
        )[diep - 1]
    )
    op_id, op_datum, op_gewijzigd = rij("id"), rij("datum"), rij("gewijzigd_op")
    zelfde_dag = Contactmoment.objects.filter(datum=op_datum["datum"], id__lte=op_datum["id"])
    zelfde_moment = Contactmoment.objects.filter(gewijzigd_op=op_gewijzigd["gewijzigd_op"])
    voor_dag = Contactmoment.objects.filter(datum__lt=op_datum["datum"]).count()

    sleutel, tekst = ApiSleutel.maak(Organisatie.objects.first(), "benchmark", ALLE_SCOPES)
    client = Client(HTTP_AUTHORIZATION=f"Api-Key {tekst}")
    url = f"/api/v1/contactmomenten/?aantal={PAGINA}"
    aanroepen = [0]

    def api(paginator, adres):
        def roep():
            aanroepen[0] += 1
            if aanroepen[0] % 100 == 0:
                cache.clear()
            ContactmomentViewSet.pagination_class = paginator
            response = client.get(adres)
            assert response.status_code == 200, response.content[:300]
            return response.json()

        return roep

    # Both give the same deep pages (DRF's uncapped, where the cap would refuse the offset).
    gewijzigd = op_gewijzigd["gewijzigd_op"].isoformat()
    varianten = {
        "id, first page": (url, url),
        f"id, after {diep:,} rows": (
            f"{url}&cursor={CursorPaginatie.codeer([op_id['id']])}",
            f"{url}&cursor={drf_cursor(positie=op_id['id'])}",
        ),
        f"datum, after {diep:,} rows": (
            f"{url}&sortering=datum&cursor="
            + CursorPaginatie.codeer(
                [op_datum["datum"].isoformat(), op_datum["id"]],
                kenmerk=CursorPaginatie.kenmerk("datum"),
            ),
            f"{url}&sortering=datum&cursor="
            + drf_cursor(zelfde_dag.count(), str(op_datum["datum"] - datetime.timedelta(1)))
            if voor_dag
            else None,
        ),
        f"gewijzigd_op, after {diep:,} rows": (
            f"{url}&sortering=gewijzigd_op&cursor="
            + CursorPaginatie.codeer(
                [gewijzigd, op_gewijzigd["id"]], kenmerk=CursorPaginatie.kenmerk("gewijzigd_op")
            ),
            f"{url}&sortering=gewijzigd_op&cursor=" + drf_cursor(diep)
            if zelfde_moment.count() > diep
            else None,
        ),
    }
    functies, namen = [], []
    for naam, (eigen, drf) in varianten.items():
        a = api(CursorPaginatie, eigen)()["resultaten"]
        functies.append(api(CursorPaginatie, eigen))
        namen.append((naam, "hand-written"))
        if drf is not None:
            assert api(DrfZonderGrens, drf)()["resultaten"] == a, naam
            functies.append(api(DrfZonderGrens, drf))
            namen.append((naam, "DRF"))
    tijden = meet(functies, args.runs)

    # DRF with its own cap, walking gewijzigd_op from the start: the rows it gives.
    adres, gezien, paginas = f"{url}&sortering=gewijzigd_op", [], 0
    while adres and paginas < 20:
        data = api(DrfPaginatie, adres)()
        gezien += [r["id"] for r in data["resultaten"]]
        adres, paginas = data["volgende"], paginas + 1

    ApiAanroep.objects.filter(sleutel=sleutel).delete()
    sleutel.intrekken()

    print(f"\n{datetime.date.today():%Y-%m-%d}; {totaal:,} contact moments; {machine()}")
    print(f"median of {args.runs} interleaved runs, {PAGINA} rows a page, whole API stack\n")
    print(f"rows sharing the deep row's gewijzigd_op: {zelfde_moment.count():,}")
    print(f"rows sharing the deep row's datum up to it: {zelfde_dag.count():,}\n")
    print("| sortering, page | paginator | median (ms) |")
    print("| --- | --- | ---: |")
    for (naam, wie), ms in zip(namen, tijden, strict=True):
        print(f"| {naam} | {wie} | {ms:.2f} |")
    print(
        f"\nDRF as shipped (offset_cutoff {DrfPaginatie.offset_cutoff}), sortering=gewijzigd_op "
        f"from the start: {paginas} pages gave {len(gezien):,} rows, {len(set(gezien)):,} distinct"
    )


if __name__ == "__main__":
    main()
