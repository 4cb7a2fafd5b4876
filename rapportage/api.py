"""Partner API: the published voorbeelden and jaarrapportages, and the statistics.

The statistics are the figures of ``rapportage.kengetallen`` (one definition of every figure, the
same as the annual report's) in their public form: counts of 1 to 4 are shown as "< 5", and the
counts that would give one away by subtraction as "verborgen" (``kengetallen.Onderdrukking``). Their
schema is derived from the figures' dataclasses, so it follows that module.
"""

import dataclasses
import datetime
import mimetypes
import types
import typing
from decimal import Decimal

from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import renderers, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from mba import audit, rechten
from mba.api import MbaApiView, MbaViewSet, standaard_sorteringen
from wijken.api import PrioriteitViewSet

from . import kengetallen as kg
from .filters import JaarrapportageFilter, VoorbeeldFilter
from .models import Jaarrapportage, PdfOpdracht, RapportVoorbeeld, Voorbeeld
from .rapport import WachtrijOnbereikbaar, pdf_aanvragen
from .serializers import (
    JaarrapportageSerializer,
    PrioriteitJaarParameters,
    StatistiekenParameters,
    StatistiekenPerWijkParameters,
    VoorbeeldSerializer,
)


class PdfWachtSerializer(serializers.Serializer):
    fout = serializers.CharField(help_text="Wat er aan de hand is, in gewone woorden.")
    status = serializers.IntegerField(help_text="De HTTP-statuscode.")


def bestand(media_type, beschrijving):
    """The 200 of a file download: its own media type, and also ``application/octet-stream``,
    the one binary type that every client generator reads (openapi-python-client leaves out a
    response of any other type, so that its client raised on the 200). The answer is always
    the file's own type."""
    return {
        (200, media_type): OpenApiResponse(OpenApiTypes.BINARY, description=beschrijving),
        (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY),
    }


def _wacht(status, tekst, seconden):
    response = Response({"fout": tekst, "status": status}, status=status)
    response["Retry-After"] = str(seconden)
    return response


class VoorbeeldViewSet(MbaViewSet):
    """De voorbeelden (verhalen) uit de gepubliceerde jaarrapportages."""

    api_scope = "voorbeelden"

    # Queries: the page (with its wijk), the photos.
    queryset = Voorbeeld.objects.gepubliceerd().select_related("wijk").prefetch_related("fotos")
    serializer_class = VoorbeeldSerializer
    filterset_class = VoorbeeldFilter

    def vereis_sessie(self, user):
        # In the app the examples are part of the annual report.
        rechten.vereis_rapportage(user)

    def perform_content_negotiation(self, request, force=False):
        # A photo's client asks for an image; its errors are JSON all the same, not a 406.
        return super().perform_content_negotiation(request, force=force or self.action == "foto")

    @extend_schema(
        summary="Een foto van een voorbeeld",
        description="Het bestand van een foto van een gepubliceerd voorbeeld (het adres staat "
        "in `fotos[].bestand`).\n\nScope van de API-sleutel: `voorbeelden`.",
        responses=bestand(
            "image/*",
            "De foto, als image/jpeg, image/png of een ander beeldformaat (zie Content-Type).",
        ),
        filters=False,
    )
    @action(
        detail=True,
        url_path=r"fotos/(?P<foto>[0-9]+)",
        url_name="foto",
        pagination_class=None,
        filterset_class=None,
    )
    def foto(self, request, pk=None, foto=None):
        voorbeeld = self.get_object()
        foto = get_object_or_404(voorbeeld.fotos.all(), pk=foto)
        try:
            bestand = foto.bestand.open("rb")
        except (FileNotFoundError, ValueError):
            raise Http404("Deze foto is er niet (meer).") from None
        soort = mimetypes.guess_type(foto.bestand.name)[0] or "application/octet-stream"
        return FileResponse(bestand, content_type=soort)


class JaarrapportageViewSet(MbaViewSet):
    """De gepubliceerde jaarrapportages, met een link naar de PDF. Opzoeken op jaar:
    /api/v1/jaarrapportages/2021/."""

    api_scope = "jaarrapportages"

    # Queries: the page, the chapters, the chosen examples.
    queryset = (
        Jaarrapportage.objects.filter(status=Jaarrapportage.Status.GEPUBLICEERD)
        .defer("gepubliceerde_html", "gepubliceerde_pdf_html")
        .prefetch_related(
            "hoofdstukken",
            Prefetch(
                "rapportvoorbeeld_set",
                RapportVoorbeeld.objects.order_by("volgorde", "pk").only(
                    "rapportage", "voorbeeld", "volgorde"
                ),
            ),
        )
    )
    serializer_class = JaarrapportageSerializer
    filterset_class = JaarrapportageFilter
    lookup_field = "jaar"
    sorteringen = {"jaar": ("jaar",), "-jaar": ("-jaar",), **standaard_sorteringen()}
    standaard_sortering = "-jaar"

    def vereis_sessie(self, user):
        rechten.vereis_rapportage(user)

    def perform_content_negotiation(self, request, force=False):
        # The PDF's client asks for application/pdf; its other answers (errors, "being made")
        # are JSON all the same, not a 406.
        return super().perform_content_negotiation(request, force=force or self.action == "pdf")

    @extend_schema(
        summary="De PDF van een gepubliceerde jaarrapportage",
        description="De PDF zoals hij bij publicatie werd vastgelegd. Is hij nog niet gemaakt, "
        "dan komt hij in de wachtrij en antwoordt de API 202: vraag hem na Retry-After seconden "
        "opnieuw op.\n\nScope van de API-sleutel: `jaarrapportages`.",
        responses={
            **bestand("application/pdf", "De PDF (Content-Type application/pdf)."),
            (202, "application/json"): OpenApiResponse(
                PdfWachtSerializer, description="De PDF wordt nog gemaakt."
            ),
            (503, "application/json"): OpenApiResponse(
                PdfWachtSerializer, description="De wachtrij is niet bereikbaar."
            ),
        },
        filters=False,
    )
    @action(
        detail=True,
        url_path="pdf",
        renderer_classes=[renderers.JSONRenderer],
        pagination_class=None,
        filterset_class=None,
    )
    def pdf(self, request, jaar=None):
        rapportage = self.get_object()
        try:
            opdracht = pdf_aanvragen(rapportage)
        except WachtrijOnbereikbaar:
            return _wacht(
                503,
                "De PDF kan nu niet worden gemaakt: de wachtrij is niet bereikbaar. Probeer het "
                "over een paar minuten opnieuw.",
                120,
            )
        if opdracht.status != PdfOpdracht.Status.KLAAR:
            return _wacht(202, "De PDF wordt gemaakt; vraag hem zo opnieuw op.", 10)
        audit.vastleggen(request, audit.Actie.GEDOWNLOAD, rapportage)
        return FileResponse(
            opdracht.bestand.open("rb"),
            as_attachment=True,
            filename=f"jaarrapportage-mijn-buurt-assen-{rapportage.jaar}.pdf",
            content_type="application/pdf",
        )


# --- the schema of the figures ---------------------------------------------------------------

ONDERDRUKT = kg.GEHEIM  # "< 5"
_COMPONENTEN = {}


def _ref(naam):
    return {"$ref": f"#/components/schemas/{naam}"}


def _schema(tp, onderdrukt=False):
    """The OpenAPI schema of a value of type ``tp`` in ``Kengetallen.openbaar()``."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (types.UnionType, typing.Union):
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1:
            schema = _schema(rest[0], onderdrukt)
        else:  # one list of choices (a count, or "< 5", or a dict of them)
            delen = [_schema(a, onderdrukt) for a in rest]
            schema = {"oneOf": [d for deel in delen for d in deel.get("oneOf", [deel])]}
        if "$ref" in schema:
            schema = {"allOf": [schema]}
        return {**schema, "nullable": True} if type(None) in args else schema
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        if onderdrukt:
            # One shared type for the signs, so that a generated client has one enum for them.
            return {"oneOf": [{"type": "integer"}, _ref(_component("Onderdrukt", _ONDERDRUKT))]}
        return {"type": "integer"}
    if tp is float:
        return {"type": "number"}
    if tp is Decimal:
        return {"type": "string", "format": "decimal"}
    if tp is str:
        return {"type": "string"}
    if tp is datetime.date:
        return {"type": "string", "format": "date"}
    if origin is dict or tp is dict:
        waarde = _schema(args[1], onderdrukt) if args else {}
        return {"type": "object", "additionalProperties": waarde}
    if origin is list or tp is list:
        return {"type": "array", "items": _schema(args[0], onderdrukt) if args else {}}
    if tp is kg.Periode:
        return _ref(_component("KengetallenPeriode", _PERIODE))
    if tp is kg.Scope:
        return _ref(_component("KengetallenScope", _SCOPE))
    if dataclasses.is_dataclass(tp):
        return _ref(_dataclass(tp))
    return {}


_ONDERDRUKT = {
    "type": "string",
    "enum": [ONDERDRUKT, kg.VERBORGEN],
    "description": f'Een aantal dat niet getoond wordt: "{ONDERDRUKT}" voor 1 tot en met 4, '
    f'"{kg.VERBORGEN}" voor een aantal dat zo\'n klein aantal zou verraden door af te trekken.',
}
_PERIODE = {
    "type": "object",
    "required": ["start", "eind", "peiljaar", "label"],
    "properties": {
        "start": {"type": "string", "format": "date", "description": "Eerste dag."},
        "eind": {"type": "string", "format": "date", "description": "Dag na de laatste dag."},
        "peiljaar": {"type": "integer", "description": "Het jaar waarin de periode eindigt."},
        "label": {"type": "string", "description": "De periode in woorden, bijvoorbeeld 2021."},
    },
}
_SCOPE = {
    "type": "object",
    "required": ["niveau", "wijk", "buurt"],
    "properties": {
        "niveau": {"type": "string", "enum": ["stad", "wijk", "buurt"]},
        "wijk": {"type": "string", "nullable": True, "description": "De wijk (slug)."},
        "buurt": {"type": "string", "nullable": True, "description": "De buurt (slug)."},
    },
}


def _component(naam, schema):
    _COMPONENTEN[naam] = schema
    return naam


def _dataclass(cls):
    naam = "Kengetallen" if cls is kg.Kengetallen else f"Kengetallen{cls.__name__}"
    if naam not in _COMPONENTEN:
        _COMPONENTEN[naam] = {}  # guards against recursion while being built
        hints = typing.get_type_hints(cls)
        velden = dataclasses.fields(cls)
        _COMPONENTEN[naam] = {
            "type": "object",
            "required": [f.name for f in velden],
            "properties": {
                f.name: _schema(hints[f.name], f.metadata.get("onderdrukken", False))
                for f in velden
            },
        }
    return naam


def _vergelijking():
    return _component(
        "KengetallenVergelijking",
        {
            "type": "object",
            "required": ["huidig", "vorige", "verschil"],
            "properties": {
                "huidig": _ref(_dataclass(kg.Kengetallen)),
                "vorige": _ref(_dataclass(kg.Kengetallen)),
                "verschil": {
                    "allOf": [_ref(_verschil_component())],
                    "description": "Per onderdeel dit jaar min het jaar ervoor, voor elk getal "
                    f'dat in beide jaren getoond wordt (niet bij "{ONDERDRUKT}" of '
                    f'"{kg.VERBORGEN}", dan ontbreekt het).',
                },
            },
        },
    )


def _verschil_schema(tp):
    """The schema of this period minus the previous for a value of type ``tp``
    (``kengetallen.serialisatie._verschil``): numbers only, None for what has no difference
    (text, lists, yes/no)."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (types.UnionType, typing.Union):
        delen = [d for a in args if a is not type(None) and (d := _verschil_schema(a))]
        return delen[0] if len(delen) == 1 else ({"oneOf": delen} if delen else None)
    if tp is int:
        return {"type": "integer"}
    if tp is float:
        return {"type": "number"}
    if tp is Decimal:
        return {"type": "string", "format": "decimal"}
    if origin is dict:
        waarde = _verschil_schema(args[1])
        return {"type": "object", "additionalProperties": waarde} if waarde else None
    if dataclasses.is_dataclass(tp):
        naam = f"KengetallenVerschil{tp.__name__}"
        hints = typing.get_type_hints(tp)
        velden = dataclasses.fields(tp)
        eigenschappen = {
            f.name: schema for f in velden if (schema := _verschil_schema(hints[f.name]))
        }
        # Always there: a number never hidden and never empty. A hidden number ("< 5" in either
        # year), an empty value and a dict without differences are left out.
        altijd = [
            f.name
            for f in velden
            if hints[f.name] in (int, float, Decimal) and not f.metadata.get("onderdrukken")
        ]
        schema = {"type": "object", "properties": eigenschappen}
        return _ref(_component(naam, {"required": altijd, **schema} if altijd else schema))
    return None


def _verschil_component():
    hints = typing.get_type_hints(kg.Kengetallen)
    return _component(
        "KengetallenVerschil",
        {
            "type": "object",
            "required": list(kg.VERGELIJKBAAR),
            "properties": {s: _verschil_schema(hints[s]) for s in kg.VERGELIJKBAAR},
        },
    )


def kengetallen_componenten(result, generator, request, public):
    """drf-spectacular postprocessing hook: adds the figures' schemas as components."""
    _dataclass(kg.Kengetallen)
    _vergelijking()
    result.setdefault("components", {}).setdefault("schemas", {}).update(
        dict(sorted(_COMPONENTEN.items()))
    )
    return result


_CIJFERS = {"oneOf": [_ref("Kengetallen"), _ref("KengetallenVergelijking")]}
_UITLEG = (
    "De kengetallen zoals in de jaarrapportage: contactmomenten (per kanaal, aanleiding, soort, "
    "thema, organisatie), signalen, doorverwijzingen, fysiek-sociale koppeling, initiatieven, "
    "activiteiten, woningen en de indicatoren van de prioriteiten. Aantallen van 1 tot en met 4 "
    f'staan er als "{ONDERDRUKT}": ze zouden naar een huishouden kunnen wijzen. Een aantal '
    f"dat zo'n getal zou verraden door af te trekken (een totaal min de andere delen, de stad "
    f'min de andere wijken, een wijk min de andere buurten) staat er als "{kg.VERBORGEN}". Met '
    "vergelijk=true: huidig, vorige (hetzelfde jaar ervoor) en verschil."
)


class StatistiekenView(MbaApiView):
    api_scope = "statistieken"

    @extend_schema(
        operation_id="statistieken",
        summary="Kengetallen van een jaar, voor de stad, een wijk of een buurt",
        description=_UITLEG + "\n\nScope van de API-sleutel: `statistieken`.",
        parameters=[StatistiekenParameters],
        responses={200: OpenApiResponse(_CIJFERS, description="De kengetallen.")},
        tags=["statistieken"],
    )
    def get(self, request):
        params = StatistiekenParameters(data=request.query_params)
        params.is_valid(raise_exception=True)
        p = params.validated_data
        periode = kg.Periode.jaar(p["jaar"])
        wijk, buurt = p.get("wijk"), p.get("buurt")
        return Response(kg.openbare_cijfers(periode, wijk, buurt, vergelijk=p["vergelijk"]))


class StatistiekenPerWijkView(MbaApiView):
    api_scope = "statistieken"

    @extend_schema(
        operation_id="statistieken_per_wijk",
        summary="Kengetallen van een jaar voor elke wijk",
        description=_UITLEG + " Per wijk (slug), in de volgorde van de jaarrapportage."
        "\n\nScope van de API-sleutel: `statistieken`.",
        parameters=[StatistiekenPerWijkParameters],
        responses={
            200: OpenApiResponse(
                {"type": "object", "additionalProperties": _CIJFERS},
                description="Per wijk (slug) de kengetallen.",
            )
        },
        tags=["statistieken"],
    )
    def get(self, request):
        params = StatistiekenPerWijkParameters(data=request.query_params)
        params.is_valid(raise_exception=True)
        p = params.validated_data
        periode = kg.Periode.jaar(p["jaar"])
        per_wijk = kg.openbaar_per_wijk(periode, vergelijk=p["vergelijk"])
        return Response({wijk.slug: cijfers for wijk, cijfers in per_wijk.items()})


class DefinitiesView(MbaApiView):
    """Every figure's name and definition, as the pages and the report show them."""

    api_scope = ""  # any key: the definitions hold no data

    @extend_schema(
        operation_id="definities",
        summary="Wat elk kengetal telt: naam en definitie",
        description="De definitie van elk kengetal, zoals de pagina's en de jaarrapportage "
        "(bijlage Verantwoording) ze tonen; ze staan één keer vastgelegd in de kengetallen van "
        "MBA. Per kengetal: waar het staat in /api/v1/statistieken/ (pad), de naam en de "
        "definitie in het Nederlands, waarnaar het is uitgesplitst (per) en de telling van "
        "contactmomenten waaruit het komt. Een telling zonder eigen veld staat onder "
        "contactmomenten.overige; de indicatoren staan per prioriteit, per indicator. De cijfers "
        "van het werk per prioriteit staan in de sectie prioriteiten; hun sleutel is hun naam in "
        "de cijfers van /api/v1/prioriteiten/{id}/?jaar=, en * in hun pad staat voor de id van "
        "de prioriteit. Eén "
        "lijst, zonder paginering. Elke API-sleutel mag haar lezen.",
        responses={
            200: OpenApiResponse(
                {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": [
                            "pad",
                            "sectie",
                            "sleutel",
                            "titel",
                            "uitleg",
                            "per",
                            "telling",
                        ],
                        "properties": {
                            "pad": {
                                "type": "string",
                                "description": "Waar het kengetal staat in de statistieken, "
                                "bijvoorbeeld signalen.totaal.",
                            },
                            "sectie": {
                                "type": "string",
                                "description": "Het onderdeel van de kengetallen.",
                            },
                            "sleutel": {
                                "type": "string",
                                "description": "De naam van het kengetal binnen zijn onderdeel.",
                            },
                            "titel": {"type": "string", "description": "De naam voor lezers."},
                            "uitleg": {
                                "type": "string",
                                "description": "Wat het kengetal telt, in het Nederlands.",
                            },
                            "per": {
                                "type": "string",
                                "nullable": True,
                                "description": "Waarnaar het is uitgesplitst (kanaal, thema …); "
                                "leeg bij één getal.",
                            },
                            "telling": {
                                "type": "string",
                                "nullable": True,
                                "description": "De telling van contactmomenten waaruit het "
                                "komt; leeg als het uit andere gegevens komt.",
                            },
                        },
                    },
                },
                description="De definities, in de volgorde van de jaarrapportage.",
            )
        },
        tags=["statistieken"],
    )
    def get(self, request):
        return Response(kg.definitielijst())


_PRIORITEITCIJFERS = {
    "type": "object",
    "nullable": True,
    "description": "Met ?jaar=: het werk van dat jaar dat aan de prioriteit is gekoppeld, "
    "onderdrukt zoals elk openbaar kengetal (leeg als de prioriteit in dat jaar niet geldt). "
    + " ".join(f"{n}: {d.uitleg}" for n, (_, _, d) in kg.PRIORITEITCIJFERS.items()),
    "required": ["jaar", *kg.PRIORITEITCIJFERS],
    "properties": {
        "jaar": {"type": "integer"},
        **{
            naam: {**_schema(int, onderdrukt=True), "description": d.label}
            for naam, (_, _, d) in kg.PRIORITEITCIJFERS.items()
        },
    },
}


class PrioriteitMetCijfersViewSet(PrioriteitViewSet):
    """De prioriteiten per wijk, met hun indicatoren (nulmeting, streefwaarde) en metingen;
    een prioriteit met ?jaar= ook met de cijfers van het werk dat eraan gekoppeld is."""

    # The wijken floor serves the records; the figures are this floor's, so mba/urls.py
    # registers this view set for /api/v1/prioriteiten/.

    @extend_schema(
        parameters=[PrioriteitJaarParameters],
        responses={
            200: OpenApiResponse(
                {
                    "allOf": [
                        _ref("Prioriteit"),
                        {
                            "type": "object",
                            "properties": {"cijfers": _PRIORITEITCIJFERS},
                        },
                    ]
                },
                description="De prioriteit, met ?jaar= ook haar cijfers.",
            )
        },
    )
    def retrieve(self, request, *args, **kwargs):
        params = PrioriteitJaarParameters(data=request.query_params)
        params.is_valid(raise_exception=True)
        prioriteit = self.get_object()
        data = self.get_serializer(prioriteit).data
        jaar = params.validated_data.get("jaar")
        if jaar is not None:
            boom = kg.openbare_cijfers(kg.Periode.jaar(jaar), wijk=prioriteit.wijk)
            werk = kg.werk_per_prioriteit(boom).get(prioriteit.pk)
            data["cijfers"] = None if werk is None else {"jaar": jaar, **werk}
        return Response(data)
