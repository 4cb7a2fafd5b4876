"""The partner API's shared machinery, and the core's endpoints (organisaties, thema's).

- ``CursorPaginatie``: keyset paging on a unique ordering, so page 5,000 of a million contact
  moments costs what page 1 costs (no COUNT, no OFFSET).
- ``MbaViewSet``: read-only, key or staff session, throttled per key, every keyed call logged.
- ``api_fout_handler``: every error is ``{"fout": "...", "status": N}`` in Dutch.
- ``MbaAutoSchema``: documents those errors on every operation.
"""

import base64
import binascii
import datetime
import hashlib
import json
import math
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, Q
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.http import Http404, JsonResponse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework import exceptions, mixins, routers, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from . import rechten
from .api_auth import (
    HEADER,
    KEYWORD,
    ZO_MEEGEVEN,
    ApiSleutelAuthentication,
    ApiToegang,
    PerAdresThrottle,
    PerSleutelThrottle,
    TeVeelZonderSleutel,
    log_aanroep,
)
from .filters import OrganisatieFilter, ThemaFilter, VerwijderingFilter
from .models import SCOPES, Organisatie, Thema, Verwijdering
from .serializers import (
    FoutSerializer,
    OrganisatieSerializer,
    ThemaSerializer,
    VerwijderingSerializer,
)

# --- paging ----------------------------------------------------------------------------------


def standaard_sorteringen(datumveld=None):
    """The orderings a collection offers, each ending in the unique ``id``: by id, by last
    change (for incremental sync) and, if given, by the record's own date."""
    sorteringen = {
        "id": ("id",),
        "-id": ("-id",),
        "gewijzigd_op": ("gewijzigd_op", "id"),
        "-gewijzigd_op": ("-gewijzigd_op", "-id"),
    }
    if datumveld:
        sorteringen[datumveld] = (datumveld, "id")
        sorteringen[f"-{datumveld}"] = (f"-{datumveld}", "-id")
    return sorteringen


def _naar_json(waarde):
    return waarde.isoformat() if hasattr(waarde, "isoformat") else waarde


class CursorPaginatie(BasePagination):
    """Keyset paging: the cursor holds the ordering values of the last row of a page, and the
    next page is ``WHERE (a, id) > (x, y) ORDER BY a, id LIMIT n + 1`` on an index.

    The view lists its orderings in ``sorteringen`` (name -> fields ending in ``id``/``-id``)
    and names the default in ``standaard_sortering``.

    A cursor is bound to the ordering and the filters of the page that made it (a hash of
    them, ``kenmerk``): a page asked with other filters than its cursor's is a 400, never
    silently the unfiltered rows. The links in ``volgende``/``vorige`` carry the filters.
    """

    cursor_param = "cursor"
    aantal_param = "aantal"
    sortering_param = "sortering"
    aantal = 100
    max_aantal = 1000

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.velden = self._velden(request, view)
        self.aantal_op_pagina = self._aantal(request)
        self.kenmerk_aanvraag = self._kenmerk_van(request, view)
        self.cursor = self._lees_cursor(request, queryset.model)
        achteruit = bool(self.cursor and self.cursor["achteruit"])
        if self.cursor:
            queryset = queryset.filter(self._na(self.cursor["waarden"], achteruit))
        volgorde = [self._omgekeerd(v) if achteruit else v for v in self.velden]
        rijen = list(queryset.order_by(*volgorde)[: self.aantal_op_pagina + 1])
        meer = len(rijen) > self.aantal_op_pagina
        rijen = rijen[: self.aantal_op_pagina]
        if achteruit:
            rijen.reverse()
        self.heeft_volgende = (not achteruit and meer) or achteruit
        self.heeft_vorige = (achteruit and meer) or (not achteruit and self.cursor is not None)
        self.eerste = self._positie(rijen[0]) if rijen else None
        self.laatste = self._positie(rijen[-1]) if rijen else None
        return rijen

    def get_paginated_response(self, data):
        return Response(
            {
                "volgende": self._link(self.laatste, False) if self.heeft_volgende else None,
                "vorige": self._link(self.eerste, True) if self.heeft_vorige else None,
                "resultaten": data,
            }
        )

    # The ordering and the page size.

    def _sortering(self, request, view):
        sorteringen = getattr(view, "sorteringen", None) or standaard_sorteringen()
        naam = request.query_params.get(self.sortering_param) or getattr(
            view, "standaard_sortering", next(iter(sorteringen))
        )
        if naam not in sorteringen:
            raise exceptions.ValidationError(
                {self.sortering_param: [f"Kies een van: {', '.join(sorteringen)}."]}
            )
        return naam, sorteringen[naam]

    def _velden(self, request, view):
        return self._sortering(request, view)[1]

    # What a cursor is bound to: the ordering and the filters of the first page.

    @staticmethod
    def kenmerk(sortering, filters=None):
        """A short hash of an ordering's name and the filters ``{name: [values]}``; the same
        for the same filters in any order, and for a filter given empty or not at all."""
        filters = sorted(
            (naam, sorted(w for w in waarden if w))
            for naam, waarden in (filters or {}).items()
            if any(waarden)
        )
        tekst = json.dumps([sortering, filters], separators=(",", ":"))
        return hashlib.sha256(tekst.encode()).hexdigest()[:16]

    def _kenmerk_van(self, request, view):
        namen = getattr(getattr(view, "filterset_class", None), "base_filters", {})
        filters = {naam: request.query_params.getlist(naam) for naam in namen}
        return self.kenmerk(self._sortering(request, view)[0], filters)

    def _aantal(self, request):
        waarde = request.query_params.get(self.aantal_param)
        if waarde in (None, ""):
            return self.aantal
        try:
            aantal = int(waarde)
        except ValueError:
            aantal = 0
        if not 1 <= aantal <= self.max_aantal:
            raise exceptions.ValidationError(
                {self.aantal_param: [f"Geef een geheel getal van 1 tot en met {self.max_aantal}."]}
            )
        return aantal

    # The cursor: base64 of {"a": backwards?, "w": [ordering values], "k": kenmerk}.

    @staticmethod
    def _omgekeerd(veld):
        return veld[1:] if veld.startswith("-") else f"-{veld}"

    def _positie(self, rij):
        uit = []
        for veld in self.velden:
            naam = veld.lstrip("-")
            uit.append(_naar_json(rij[naam] if isinstance(rij, dict) else getattr(rij, naam)))
        return uit

    @staticmethod
    def codeer(positie, achteruit=False, kenmerk=None):
        """The cursor for the rows after (or before) ``positie``, the ordering values of a row,
        bound to ``kenmerk`` (``CursorPaginatie.kenmerk(sortering, filters)``)."""
        if kenmerk is None:
            kenmerk = CursorPaginatie.kenmerk("id")
        tekst = json.dumps({"a": achteruit, "w": positie, "k": kenmerk}, separators=(",", ":"))
        return base64.urlsafe_b64encode(tekst.encode()).decode().rstrip("=")

    def _link(self, positie, achteruit):
        # The request's own URL with its filters, ordering and page size: only the cursor new.
        url = self.request.build_absolute_uri()
        cursor = self.codeer(positie, achteruit, self.kenmerk_aanvraag)
        return replace_query_param(url, self.cursor_param, cursor)

    def _cursortekst(self, request):
        """The cursor's text; a whole link from 'volgende' or 'vorige' given as the cursor
        (what a generated client does with the link) counts as the cursor in it."""
        tekst = request.query_params.get(self.cursor_param, "")
        if "?" in tekst:
            tekst = parse_qs(urlsplit(tekst).query).get(self.cursor_param, [""])[0]
        return tekst

    def _lees_cursor(self, request, model):
        tekst = self._cursortekst(request)
        if not tekst:
            return None
        fout = exceptions.ValidationError(
            {
                self.cursor_param: [
                    "Ongeldige cursor: volg de link in 'volgende' of 'vorige' van een eerdere "
                    "pagina zoals hij is."
                ]
            }
        )
        try:
            data = json.loads(base64.urlsafe_b64decode(tekst + "=" * (-len(tekst) % 4)))
            achteruit, waarden, kenmerk = data["a"], data["w"], data["k"]
            if kenmerk != self.kenmerk_aanvraag:
                raise exceptions.ValidationError(
                    {
                        self.cursor_param: [
                            "Deze cursor hoort bij andere filters of een andere sortering dan "
                            "deze aanvraag. Volg de link in 'volgende' of 'vorige' zoals hij is: "
                            "hij draagt de filters en de sortering van de eerste pagina al mee. "
                            "Geeft u alleen de cursor door, geef dan dezelfde filters en "
                            "sortering mee als bij de eerste pagina."
                        ]
                    }
                )
            if not isinstance(achteruit, bool) or len(waarden) != len(self.velden):
                raise fout
            waarden = [
                model._meta.get_field(veld.lstrip("-")).to_python(waarde)
                for veld, waarde in zip(self.velden, waarden, strict=True)
            ]
            # Moments go to the database in UTC (PostgreSQL refuses offsets beyond ±15:59).
            waarden = [
                w.astimezone(datetime.UTC) if isinstance(w, datetime.datetime) and w.tzinfo else w
                for w in waarden
            ]
        except exceptions.ValidationError:
            raise
        except (
            ValueError,
            TypeError,
            KeyError,
            binascii.Error,
            DjangoValidationError,
            OverflowError,
        ):
            raise fout from None
        if any(w is None for w in waarden):
            raise fout
        return {"achteruit": achteruit, "waarden": waarden}

    def _na(self, waarden, achteruit):
        """Rows after (or, backwards, before) the position in the ordering, as one row
        comparison ``(a, id) > (x, y)``: the database starts its index scan at the position
        (spelled out as ``a > x OR (a = x AND id > y)`` it read every row before it: 2.5 s for
        a page by datum after 500,000 contact moments, docs/benchmarks.md). Every ordering
        runs one way (``standaard_sorteringen``)."""
        oplopend = not self.velden[0].startswith("-")
        na = oplopend != achteruit
        if len(self.velden) == 1:  # by id alone: a plain ``id > x``
            return Q(**{f"{self.velden[0].lstrip('-')}__{'gt' if na else 'lt'}": waarden[0]})
        lookup = TupleGreaterThan if na else TupleLessThan
        return lookup(Tuple(*(F(veld.lstrip("-")) for veld in self.velden)), list(waarden))

    # The schema.

    def get_schema_operation_parameters(self, view):
        sorteringen = getattr(view, "sorteringen", None) or standaard_sorteringen()
        standaard = getattr(view, "standaard_sortering", next(iter(sorteringen)))
        return [
            {
                "name": self.cursor_param,
                "required": False,
                "in": "query",
                "description": "De positie in de lijst. Volg voor de volgende pagina de "
                "link in 'volgende' zoals hij is (voor de vorige: 'vorige'); hij draagt de "
                "filters, de sortering en het aantal van de eerste pagina mee en is leeg op de "
                "laatste pagina. Wie de parameters zelf opbouwt, geeft de waarde van 'cursor' "
                "uit die link (of de hele link) door, met dezelfde filters en sortering als de "
                "eerste pagina; een cursor met andere filters of een andere sortering geeft "
                "400.",
                "schema": {"type": "string"},
            },
            {
                "name": self.aantal_param,
                "required": False,
                "in": "query",
                "description": f"Aantal resultaten per pagina (standaard {self.aantal}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_aantal},
            },
            {
                "name": self.sortering_param,
                "required": False,
                "in": "query",
                "description": f"Sortering; een '-' ervoor keert haar om (standaard {standaard}).",
                "schema": {"type": "string", "enum": list(sorteringen)},
            },
        ]

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["volgende", "vorige", "resultaten"],
            "properties": {
                "volgende": {
                    **link,
                    "description": "De volgende pagina, met dezelfde filters en sortering: "
                    "vraag deze link op zoals hij is. Leeg op de laatste pagina.",
                },
                "vorige": {
                    **link,
                    "description": "De vorige pagina, met dezelfde filters en sortering; leeg "
                    "op de eerste.",
                },
                "resultaten": schema,
            },
        }


# --- errors ----------------------------------------------------------------------------------

FOUTEN = {
    400: "Ongeldige aanvraag.",
    401: f"Geef een geldige API-sleutel mee als {ZO_MEEGEVEN}.",
    403: "U hebt geen toegang tot dit deel van de API.",
    404: "Niet gevonden.",
    405: "Deze methode is niet toegestaan.",
    429: "Te veel aanvragen.",
}


def _parameterfouten(data):
    """{parameter: [messages]} of a ValidationError's data."""
    if isinstance(data, dict):
        return {
            str(k): [str(m) for m in (v if isinstance(v, list) else [v])] for k, v in data.items()
        }
    return {"aanvraag": [str(m) for m in (data if isinstance(data, list) else [data])]}


def api_fout_handler(exc, context):
    """DRF's handler, with a Dutch body ``{"fout", "status"[, "parameters"]}``."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    status = response.status_code
    body = {"fout": FOUTEN.get(status, "Er ging iets mis."), "status": status}
    if isinstance(exc, exceptions.ValidationError):
        parameters = _parameterfouten(exc.detail)
        body["fout"] = "Ongeldige parameter: " + "; ".join(
            f"{naam}: {' '.join(berichten)}" for naam, berichten in parameters.items()
        )
        body["parameters"] = parameters
    elif isinstance(exc, exceptions.MethodNotAllowed):
        methode = context["request"].method
        body["fout"] = (
            f"De methode {methode} is niet toegestaan: de API is alleen-lezen (GET, HEAD, OPTIONS)."
        )
    elif isinstance(exc, exceptions.Throttled):
        body["fout"] = (
            TeVeelZonderSleutel.bericht
            if isinstance(exc, TeVeelZonderSleutel)
            else "Te veel aanvragen met deze sleutel."
        )
        # One number for the header and the message: whole seconds, rounded up (DRF's own
        # header rounds down, so that a client waiting that long would be refused again). The
        # header is always there (the schema says so); without a wait a minute will do.
        wacht = 60 if exc.wait is None else math.ceil(exc.wait)
        response["Retry-After"] = str(wacht)
        body["fout"] += f" Probeer het over {wacht} seconden opnieuw."
    elif isinstance(exc, exceptions.NotFound | Http404):
        body["fout"] = "Niet gevonden: dit record bestaat niet of is niet openbaar."
    elif isinstance(exc, exceptions.APIException) and status in (401, 403):
        body["fout"] = str(exc.detail)
    elif isinstance(exc, DjangoPermissionDenied) and exc.args:
        # The app's own refusal (mba.rechten), in the app's words.
        body["fout"] = str(exc.args[0])
    response.data = body
    return response


def api_niet_gevonden(request, *args, **kwargs):
    """Any other URL under /api/: a JSON 404 instead of the site's HTML page."""
    return JsonResponse(
        {
            "fout": f"De URL {request.path} bestaat niet in de API; zie /api/docs/.",
            "status": 404,
        },
        status=404,
    )


# --- the schema ------------------------------------------------------------------------------


class ApiSleutelScheme(OpenApiAuthenticationExtension):
    """Two schemes for one key, either will do: ``X-Api-Key`` first, the header that generated
    clients send for an ``apiKey`` scheme; ``Authorization: Api-Key`` for existing users."""

    target_class = ApiSleutelAuthentication
    name = ["xApiKey", "apiSleutel"]

    def get_security_requirement(self, auto_schema):
        return [{naam: []} for naam in self.name]

    def get_security_definition(self, auto_schema):
        scopes = "\n".join(f"- `{naam}`: {uitleg}" for naam, uitleg in SCOPES.items())
        uitleg = (
            "Een sleutel vraagt u aan bij de coördinator van Mijn Buurt Assen. Een sleutel heeft "
            "scopes: per collectie, de statistieken, en bij contactmomenten per gevoelig veld. "
            "Een nieuwe sleutel leest alleen de statistieken. Bijzondere signalen (gezondheid, "
            "geldzorgen, psychische klachten) staan met geen enkele scope in een contactmoment, "
            f"alleen als aantal in de statistieken.\n\n{scopes}"
        )
        return [
            {
                "type": "apiKey",
                "in": "header",
                "name": HEADER,
                "description": f"De sleutel zelf in de header `{HEADER}`. {uitleg}",
            },
            {
                "type": "apiKey",
                "in": "header",
                "name": "Authorization",
                "description": f"Dezelfde sleutel als `{KEYWORD} <sleutel>` in de header "
                f"`Authorization` (de oudere vorm; `{HEADER}` is zonder voorvoegsel). De scopes: "
                f"zie `xApiKey`.",
            },
        ]


WACHT_SECONDEN = {
    "Retry-After": {
        "required": True,
        "schema": {"type": "integer", "minimum": 0},
        "description": "Na hoeveel seconden u het opnieuw kunt vragen (hele seconden).",
    }
}
# The headers that answers carry, per status, on every operation that has that status.
ANTWOORD_HEADERS = {
    "202": WACHT_SECONDEN,
    "401": {
        "WWW-Authenticate": {
            "required": True,
            "schema": {"type": "string"},
            "description": f"`{KEYWORD}`: de API vraagt om een sleutel, als {ZO_MEEGEVEN}.",
        }
    },
    "429": WACHT_SECONDEN,
    "503": WACHT_SECONDEN,
}


class MbaAutoSchema(AutoSchema):
    """Documents the error answers on every operation, with their common body, and the scope
    that a key needs."""

    def get_description(self):
        beschrijving = super().get_description()
        scope = getattr(self.view, "api_scope", None)
        if scope:
            beschrijving = (
                f"{beschrijving}\n\nScope van de API-sleutel: `{scope}`.".strip()
                if beschrijving
                else f"Scope van de API-sleutel: `{scope}`."
            )
        return beschrijving

    def _map_basic_serializer(self, serializer, direction):
        # A response row has every field of its serializer, also those a form may leave out:
        # all are required, but for those a serializer names in ``Meta.soms_afwezig``.
        schema = super()._map_basic_serializer(serializer, direction)
        if direction == "response" and schema.get("properties"):
            afwezig = getattr(getattr(serializer, "Meta", None), "soms_afwezig", ())
            schema["required"] = [v for v in schema["properties"] if v not in afwezig]
        return schema

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in ("400", "401", "403", "404", "405", "429"):
            if code not in responses:
                antwoord = self._get_response_for_code(FoutSerializer, code, direction=direction)
                antwoord["description"] = FOUTEN[int(code)]
                responses[code] = antwoord
        for code, headers in ANTWOORD_HEADERS.items():
            if code in responses:
                responses[code].setdefault("headers", {}).update(headers)
        return responses


# The largest integer a database column holds differs per database (SQLite 2**63 - 1 for every
# integer column, PostgreSQL 2**15 - 1 or 2**31 - 1): left out of the schema, so that the schema
# is the same on both.
_KOLOMGRENZEN = {2**15 - 1, -(2**15), 2**31 - 1, -(2**31), 2**63 - 1, -(2**63)}


def zonder_kolomgrenzen(result, generator, request, public):
    """drf-spectacular postprocessing hook: drops the database's integer bounds."""

    def schoon(knoop):
        if isinstance(knoop, dict):
            for grens in ("minimum", "maximum"):
                if knoop.get(grens) in _KOLOMGRENZEN:
                    del knoop[grens]
                    if knoop.get("format") in ("int32", "int64"):
                        del knoop["format"]
            for waarde in knoop.values():
                schoon(waarde)
        elif isinstance(knoop, list):
            for waarde in knoop:
                schoon(waarde)

    schoon(result)
    return result


# --- the base of every endpoint --------------------------------------------------------------


def is_sessie(request):
    """A staff member browsing the API with their session (not a partner's key)."""
    return request.auth is None and bool(request.user and request.user.is_authenticated)


class ApiViewMixin:
    """Key or staff session, scope check, throttle per key, every keyed call logged.

    A staff session gets exactly the rights of the app, through the same rules that the pages
    call: ``vereis_sessie`` is the page's check (``mba.rechten``: a 403 or 404 before anything
    is read), ``zichtbaar_voor_sessie`` narrows the queryset as the page's list does (the app's
    own ``QuerySet.zichtbaar_voor(user)``), so that a record the page hides is a 404 here too.
    """

    authentication_classes = [ApiSleutelAuthentication, SessionAuthentication]
    permission_classes = [ApiToegang]
    throttle_classes = [PerSleutelThrottle]
    # The scope a key needs (mba.models.SCOPES): each collection names its own.
    api_scope = None

    def vereis_sessie(self, user):
        rechten.vereis_rol(user)

    def zichtbaar_voor_sessie(self, user, queryset):
        return queryset

    def get_queryset(self):
        queryset = super().get_queryset()
        if is_sessie(self.request):
            queryset = self.zichtbaar_voor_sessie(self.request.user, queryset)
        return queryset

    def handle_exception(self, exc):
        # A record hidden by the rights is a refusal in the audit trail (mba.audit.AuditMiddleware
        # reads it from Django's request, as it does for the app's pages).
        if isinstance(exc, rechten.Geweigerd | rechten.NietZichtbaar):
            self.request._request._audit_weigering = exc
        return super().handle_exception(exc)

    def initial(self, request, *args, **kwargs):
        try:
            super().initial(request, *args, **kwargs)
        except (exceptions.NotAuthenticated, exceptions.AuthenticationFailed):
            # No valid key (and no session): limited per address, then 429 instead of 401.
            PerAdresThrottle().weigeren(request, self)
            raise
        # A NUL byte cannot go into a PostgreSQL query: refuse it for every parameter at once.
        for naam, waarden in request.query_params.lists():
            if "\x00" in naam or any("\x00" in w for w in waarden):
                raise exceptions.ValidationError(
                    {naam.replace("\x00", ""): ["Bevat een ongeldig teken (NUL)."]}
                )

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        log_aanroep(request._request if hasattr(request, "_request") else request, response)
        return response


class MbaApiView(ApiViewMixin, APIView):
    pass


class ApiRootView(ApiViewMixin, routers.APIRootView):
    """/api/v1/: the list of collections."""

    api_scope = ""  # any key


class MbaViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    pagination_class = CursorPaginatie
    filter_backends = [DjangoFilterBackend]
    sorteringen = standaard_sorteringen()
    standaard_sortering = "id"
    lookup_value_regex = r"[0-9]+"

    def filter_queryset(self, queryset):
        # Building a FilterSet and its form costs more than a page of rows: skip it when the
        # request names no filter (paging through everything, or one record).
        filters = getattr(self.filterset_class, "base_filters", {})
        if self.action == "retrieve" or filters.keys().isdisjoint(self.request.query_params):
            return queryset
        return super().filter_queryset(queryset)


class SlugViewSet(MbaViewSet):
    """A managed list, looked up by slug (``/api/v1/themas/ontmoeten/``)."""

    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"


# --- organisaties, thema's -------------------------------------------------------------------


class OrganisatieViewSet(SlugViewSet):
    """De organisaties: de kernpartners en de netwerkpartners."""

    api_scope = "organisaties"
    queryset = Organisatie.objects.all()
    serializer_class = OrganisatieSerializer
    filterset_class = OrganisatieFilter


class ThemaViewSet(SlugViewSet):
    """De thema's van de prioriteiten, activiteiten en contactmomenten."""

    api_scope = "themas"
    queryset = Thema.objects.all()
    serializer_class = ThemaSerializer
    filterset_class = ThemaFilter


class VerwijderingViewSet(ApiViewMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Records die uit de API verdwenen (verwijderd): wie synchroniseert met gewijzigd_sinds,
    leest hier met hetzelfde moment welke records hij moet weggooien."""

    api_scope = "verwijderingen"
    queryset = Verwijdering.objects.all()
    pagination_class = CursorPaginatie
    filter_backends = [DjangoFilterBackend]
    serializer_class = VerwijderingSerializer
    filterset_class = VerwijderingFilter
    sorteringen = {
        "verwijderd_op": ("verwijderd_op", "id"),
        "-verwijderd_op": ("-verwijderd_op", "-id"),
    }
    standaard_sortering = "verwijderd_op"

    def zichtbaar_voor_sessie(self, user, queryset):
        return queryset.exclude(collectie__in=rechten.api_collecties_verborgen(user))

    def get_queryset(self):
        queryset = super().get_queryset()
        sleutel = self.request.auth
        if sleutel is not None:
            # A key hears of deletions in the collections it reads, no others.
            queryset = queryset.filter(collectie__in=sleutel.scopes)
        return queryset
