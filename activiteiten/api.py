"""Partner API: activiteiten and contactmomenten (the largest collection: a million rows and
more, paged by cursor)."""

import dataclasses
import datetime

from django.core.cache import cache
from django.db import connection
from django.db.models.signals import post_delete, post_save
from django.http import Http404
from rest_framework import exceptions

from mba import audit, rechten
from mba.api import CursorPaginatie, MbaViewSet, is_sessie, standaard_sorteringen
from mba.models import (
    CONTACT_BUURT,
    CONTACT_DAG,
    CONTACT_DOORVERWIJZING,
    CONTACT_WEEK,
    Organisatie,
    Thema,
)
from wijken.models import Wijk

from .filters import ActiviteitFilter, ContactmomentFilter
from .models import Activiteit, Contactmoment, Signaalsoort
from .serializers import CONTACTMOMENT_KOLOMMEN, ActiviteitSerializer, ContactmomentSerializer


class ActiviteitViewSet(MbaViewSet):
    """Activiteiten in de wijken en in de stad, met hun kerncijfers."""

    api_scope = "activiteiten"

    # Queries: the page (with its wijk), organisers, themes, key figures.
    queryset = Activiteit.objects.select_related("wijk").prefetch_related(
        "organisatoren", "themas", "kerncijfers"
    )
    serializer_class = ActiviteitSerializer
    filterset_class = ActiviteitFilter
    sorteringen = standaard_sorteringen("start")


# The slugs a contact moment refers to, by id (wijk, organisations) and by bit (themes, kinds of
# signal): small lists, read in one query and kept in the cache, so that a page of contact
# moments is one query on one table. A change to any of them empties the cache (the receivers
# below); a process with its own cache (LocMem) may show a renamed slug for CACHE_SECONDEN more,
# and an id or bit it does not know yet makes it read the lists again.
SLUGS_CACHE = "api_contactmoment_slugs"
CACHE_SECONDEN = 30
_LIJSTEN = (Wijk, Organisatie, Thema, Signaalsoort)


def _lees_slugs():
    sql = " UNION ALL ".join(
        f"SELECT {i}, {'bit' if model in (Thema, Signaalsoort) else 'id'}, slug, "
        f"{'CASE WHEN bijzonder THEN 1 ELSE 0 END' if model is Signaalsoort else '0'} "
        f"FROM {model._meta.db_table}"
        for i, model in enumerate(_LIJSTEN)
    )
    lijsten = tuple({} for _ in _LIJSTEN)
    bijzonder = 0
    with connection.cursor() as cursor:
        cursor.execute(sql)
        for lijst, sleutel, slug, is_bijzonder in cursor.fetchall():
            lijsten[lijst][sleutel] = slug
            if is_bijzonder:
                bijzonder |= 1 << sleutel
    uit = (*lijsten, bijzonder)
    cache.set(SLUGS_CACHE, uit, CACHE_SECONDEN)
    return uit


def slugs():
    """({wijk id: slug}, {organisation id: slug}, {theme bit: slug}, {signal bit: slug}, the
    bit mask of the special-category kinds of signal)."""
    return cache.get(SLUGS_CACHE) or _lees_slugs()


def _vergeet_slugs(**kwargs):
    cache.delete(SLUGS_CACHE)


for _model in _LIJSTEN:
    post_save.connect(_vergeet_slugs, sender=_model, dispatch_uid=f"api-slugs-{_model.__name__}")
    post_delete.connect(_vergeet_slugs, sender=_model, dispatch_uid=f"api-slugs-{_model.__name__}")


def _uit_bits(masker, slugs):
    """The slugs of the bits set in ``masker``, alphabetical."""
    uit = []
    while masker:
        laagste = masker & -masker
        uit.append(slugs[laagste.bit_length() - 1])
        masker ^= laagste
    return sorted(uit)


@dataclasses.dataclass(frozen=True)
class Contactvelden:
    """What a caller gets of a contact moment (README: API, Scopes).

    A staff session gets the record as the app shows it. A partner's key gets the dates per
    month, or per week or day with the scope ``contactmomenten:week`` or ``:dag``; the buurt and
    the referral only with their scopes; the special-category signals never.
    """

    precisie: str  # "dag", "week" or "maand"
    buurt: bool
    doorverwijzing: bool
    bijzonder: bool

    @classmethod
    def van(cls, request):
        sleutel = request.auth
        if sleutel is None:
            return cls("dag", True, True, True)
        if sleutel.heeft(CONTACT_DAG):
            precisie = "dag"
        elif sleutel.heeft(CONTACT_WEEK):
            precisie = "week"
        else:
            precisie = "maand"
        return cls(
            precisie, sleutel.heeft(CONTACT_BUURT), sleutel.heeft(CONTACT_DOORVERWIJZING), False
        )

    def afronden(self, datum):
        """The first day of the date's week (Monday) or month, at this precision."""
        if datum is None or self.precisie == "dag":
            return datum
        if self.precisie == "week":
            return datum - datetime.timedelta(days=datum.weekday())
        return datum.replace(day=1)


VOLLEDIG = Contactvelden("dag", True, True, True)


def met_slugs(rijen, velden=VOLLEDIG):
    """Rows with the slugs of their wijk and organisations, and their themes and signals as
    sorted lists of slugs (from the bit masks that the model keeps on every contact moment,
    ``themas_bits`` and ``signalen_bits``), cut to what ``velden`` allows."""
    if not rijen:
        return rijen
    lijsten = slugs()
    try:
        return _met_slugs(rijen, velden, *lijsten)
    except KeyError:  # a wijk, organisation, theme or kind of signal newer than the cache
        return _met_slugs(rijen, velden, *_lees_slugs())


def _met_slugs(rijen, velden, wijken, organisaties, themas, soorten, bijzonder):
    signaalmasker = -1 if velden.bijzonder else ~bijzonder
    for r in rijen:
        r["wijk"] = wijken[r["wijk_id"]]
        r["organisatie"] = organisaties[r["organisatie_id"]]
        naar = r["doorverwezen_naar_id"] if velden.doorverwijzing else None
        r["doorverwezen_naar"] = None if naar is None else organisaties[naar]
        r["themas"] = _uit_bits(r["themas_bits"], themas)
        r["signalen"] = _uit_bits(r["signalen_bits"] & signaalmasker, soorten)
        if not velden.buurt:
            r["buurt_id"] = None
        r["datum"] = velden.afronden(r["datum"])
        r["vervolg_afgerond_op"] = velden.afronden(r["vervolg_afgerond_op"])
        r["datum_precisie"] = velden.precisie
    return rijen


class ContactmomentViewSet(MbaViewSet):
    """Contactmomenten tussen medewerkers van Mijn Buurt Assen en bewoners: wanneer, waar, hoe,
    waarover, welke signalen en doorverwijzingen. Zonder notitie en zonder medewerker."""

    api_scope = "contactmomenten"

    # Queries: the page, rows as dicts from the one table; the slugs of the ids and bits come
    # from the cache (one more query when it is empty).
    queryset = Contactmoment.objects.values(*CONTACTMOMENT_KOLOMMEN)
    serializer_class = ContactmomentSerializer
    filterset_class = ContactmomentFilter
    sorteringen = standaard_sorteringen("datum")

    # A staff session: the contact moments of the app's list, through the app's own rules.
    def vereis_sessie(self, user):
        Contactmoment.objects.vereis_toegang(user, pk=self.kwargs.get(self.lookup_field))

    def zichtbaar_voor_sessie(self, user, queryset):
        return queryset.zichtbaar_voor(user)

    @property
    def velden(self):
        return Contactvelden.van(self.request)

    def filter_queryset(self, queryset):
        self._filters_binnen_scope()
        return super().filter_queryset(queryset)

    def _filters_binnen_scope(self):
        """A key filters only on what its rows show: a filter is a question about a field, and
        its answer the field's value (a filter per day finds a contact's day, one per
        special-category signal the households with it)."""
        velden, params = self.velden, self.request.query_params
        fouten = {}
        if params.get("buurt") and not velden.buurt:
            fouten["buurt"] = [f"Filteren op buurt vraagt de scope {CONTACT_BUURT}."]
        if params.get("doorverwezen_naar") and not velden.doorverwijzing:
            fouten["doorverwezen_naar"] = [
                f"Filteren op doorverwijzing vraagt de scope {CONTACT_DOORVERWIJZING}."
            ]
        if not velden.bijzonder and params.get("signaal"):
            if Signaalsoort.objects.filter(slug=params["signaal"], bijzonder=True).exists():
                fouten["signaal"] = [
                    "Deze signaalsoort is een bijzonder persoonsgegeven: u krijgt haar alleen "
                    "als aantal, in /api/v1/statistieken/."
                ]
        if velden.precisie != "dag":
            for naam, eind in (("datum_van", False), ("datum_tot", True)):
                waarde = params.get(naam)
                try:
                    datum = datetime.date.fromisoformat(waarde) if waarde else None
                except ValueError:
                    continue  # the filter itself answers 400
                if datum is not None and datum != self._grens(velden, datum, eind):
                    fouten[naam] = [
                        f"Deze sleutel geeft datums per {velden.precisie}: geef de "
                        f"{'laatste' if eind else 'eerste'} dag van een {velden.precisie} "
                        f"(bijvoorbeeld {self._grens(velden, datum, eind).isoformat()})."
                    ]
            sortering = params.get(CursorPaginatie.sortering_param, "")
            if sortering.lstrip("-") == "datum":
                fouten[CursorPaginatie.sortering_param] = [
                    f"Sorteren op datum vraagt de scope {CONTACT_DAG}; sorteer op id of "
                    "gewijzigd_op."
                ]
        if fouten:
            raise exceptions.ValidationError(fouten)

    @staticmethod
    def _grens(velden, datum, eind):
        begin = velden.afronden(datum)
        if not eind:
            return begin
        if velden.precisie == "week":
            return begin + datetime.timedelta(days=6)
        volgende = (begin + datetime.timedelta(days=32)).replace(day=1)
        return volgende - datetime.timedelta(days=1)

    def paginate_queryset(self, queryset):
        rijen = super().paginate_queryset(queryset)
        return None if rijen is None else met_slugs(rijen, self.velden)

    def get_object(self):
        try:
            rij = super().get_object()
        except Http404:
            # Another team's contact moment: a 404, and a refusal in the audit trail (as the
            # page's ``NietZichtbaar``).
            pk = self.kwargs.get(self.lookup_field)
            if is_sessie(self.request) and Contactmoment.objects.filter(pk=pk).exists():
                raise rechten.NietZichtbaar("Niet gevonden.", model=Contactmoment, pk=pk) from None
            raise
        return met_slugs([rij], self.velden)[0]

    def finalize_response(self, request, response, *args, **kwargs):
        """Every call is one audit row: the number of contact moments it gave, or refused
        (401, 403) with the key that tried."""
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD"):
            return response
        object_id = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, "")
        if response.status_code in audit.GEWEIGERDE_STATUSSEN:
            audit.geweigerd(request, objecttype=audit.CONTACTMOMENT, object_id=object_id)
        elif response.status_code == 200 and self.action in ("list", "retrieve"):
            data = response.data
            aantal = len(data["resultaten"]) if self.action == "list" else 1
            if aantal:
                audit.vastleggen(
                    request,
                    audit.Actie.BEKEKEN,
                    objecttype=audit.CONTACTMOMENT,
                    object_id=object_id,
                    aantal=aantal,
                )
        return response
