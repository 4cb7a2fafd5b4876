"""Partner API: activiteiten and contactmomenten (the largest collection: a million rows and
more, paged by cursor)."""

from django.core.cache import cache
from django.db import connection
from django.db.models.signals import post_delete, post_save
from django.http import Http404

from mba import audit, rechten
from mba.api import MbaViewSet, is_sessie, standaard_sorteringen
from mba.models import Organisatie, Thema
from wijken.models import Wijk

from .filters import ActiviteitFilter, ContactmomentFilter
from .models import Activiteit, Contactmoment, Signaalsoort
from .serializers import CONTACTMOMENT_KOLOMMEN, ActiviteitSerializer, ContactmomentSerializer


class ActiviteitViewSet(MbaViewSet):
    """Activiteiten in de wijken en in de stad, met hun kerncijfers."""

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
        f"SELECT {i}, {'bit' if model in (Thema, Signaalsoort) else 'id'}, slug "
        f"FROM {model._meta.db_table}"
        for i, model in enumerate(_LIJSTEN)
    )
    uit = tuple({} for _ in _LIJSTEN)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        for lijst, sleutel, slug in cursor.fetchall():
            uit[lijst][sleutel] = slug
    cache.set(SLUGS_CACHE, uit, CACHE_SECONDEN)
    return uit


def slugs():
    """({wijk id: slug}, {organisation id: slug}, {theme bit: slug}, {signal bit: slug})."""
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


def met_slugs(rijen):
    """Rows with the slugs of their wijk and organisations, and their themes and signals as
    sorted lists of slugs (from the bit masks that the model keeps on every contact moment,
    ``themas_bits`` and ``signalen_bits``)."""
    if not rijen:
        return rijen
    lijsten = slugs()
    try:
        return _met_slugs(rijen, *lijsten)
    except KeyError:  # a wijk, organisation, theme or kind of signal newer than the cache
        return _met_slugs(rijen, *_lees_slugs())


def _met_slugs(rijen, wijken, organisaties, themas, soorten):
    for r in rijen:
        r["wijk"] = wijken[r["wijk_id"]]
        r["organisatie"] = organisaties[r["organisatie_id"]]
        naar = r["doorverwezen_naar_id"]
        r["doorverwezen_naar"] = None if naar is None else organisaties[naar]
        r["themas"] = _uit_bits(r["themas_bits"], themas)
        r["signalen"] = _uit_bits(r["signalen_bits"], soorten)
    return rijen


class ContactmomentViewSet(MbaViewSet):
    """Contactmomenten tussen medewerkers van Mijn Buurt Assen en bewoners: wanneer, waar, hoe,
    waarover, welke signalen en doorverwijzingen. Zonder notitie en zonder medewerker."""

    # Queries: the page, rows as dicts from the one table; the slugs of the ids and bits come
    # from the cache (one more query when it is empty).
    queryset = Contactmoment.objects.values(*CONTACTMOMENT_KOLOMMEN)
    serializer_class = ContactmomentSerializer
    filterset_class = ContactmomentFilter
    sorteringen = standaard_sorteringen("datum")

    # A staff session: the contact moments of the app's list, through the app's own rules.
    def vereis_sessie(self, user):
        rechten.vereis_contactmomenten(user, pk=self.kwargs.get(self.lookup_field))

    def zichtbaar_voor_sessie(self, user, queryset):
        return rechten.zichtbare_contactmomenten(user, queryset)

    def paginate_queryset(self, queryset):
        rijen = super().paginate_queryset(queryset)
        return None if rijen is None else met_slugs(rijen)

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
        return met_slugs([rij])[0]

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
