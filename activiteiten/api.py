"""Partner API: activiteiten and contactmomenten (the largest collection: a million rows and
more, paged by cursor)."""

from django.db.models import OuterRef, StringAgg, Subquery, Value

from mba import audit
from mba.api import MbaViewSet, standaard_sorteringen

from .filters import ActiviteitFilter, ContactmomentFilter
from .models import Activiteit, Contactmoment
from .serializers import CONTACTMOMENT_KOLOMMEN, ActiviteitSerializer, ContactmomentSerializer

ThemaLink = Contactmoment.themas.through
SignaalLink = Contactmoment.signalen.through


class ActiviteitViewSet(MbaViewSet):
    """Activiteiten in de wijken en in de stad, met hun kerncijfers."""

    # Queries: the page (with its wijk), organisers, themes, key figures.
    queryset = Activiteit.objects.select_related("wijk").prefetch_related(
        "organisatoren", "themas", "kerncijfers"
    )
    serializer_class = ActiviteitSerializer
    filterset_class = ActiviteitFilter
    sorteringen = standaard_sorteringen("start")


def _slugs(link, rel):
    """A subquery: the slugs of a contact moment's themes or signals, comma-separated (slugs
    hold no commas)."""
    return Subquery(
        link.objects.filter(contactmoment=OuterRef("pk"))
        .values("contactmoment")
        .annotate(slugs=StringAgg(f"{rel}__slug", Value(",")))
        .values("slugs")
    )


def splits_slugs(rijen):
    """The aggregated slugs as sorted lists (the order of an aggregate differs per database)."""
    for r in rijen:
        thema_slugs, signaal_slugs = r.pop("thema_slugs"), r.pop("signaal_slugs")
        r["themas"] = sorted(thema_slugs.split(",")) if thema_slugs else []
        r["signalen"] = sorted(signaal_slugs.split(",")) if signaal_slugs else []
    return rijen


class ContactmomentViewSet(MbaViewSet):
    """Contactmomenten tussen medewerkers van Mijn Buurt Assen en bewoners: wanneer, waar, hoe,
    waarover, welke signalen en doorverwijzingen. Zonder notitie en zonder medewerker."""

    # Queries: the page, one query: rows as dicts, the slugs of wijk and organisations joined,
    # those of the themes and signals in two correlated subqueries.
    queryset = Contactmoment.objects.values(*CONTACTMOMENT_KOLOMMEN).annotate(
        thema_slugs=_slugs(ThemaLink, "thema"), signaal_slugs=_slugs(SignaalLink, "signaalsoort")
    )
    serializer_class = ContactmomentSerializer
    filterset_class = ContactmomentFilter
    sorteringen = standaard_sorteringen("datum")

    def paginate_queryset(self, queryset):
        rijen = super().paginate_queryset(queryset)
        return None if rijen is None else splits_slugs(rijen)

    def get_object(self):
        return splits_slugs([super().get_object()])[0]

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
