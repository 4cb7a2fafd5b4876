"""Partner API: wijken, buurten, locaties, prioriteiten (with indicators and measurements) and
fysieke projecten. Each list runs a fixed number of queries, whatever its length."""

from django.db.models import Prefetch

from mba.api import MbaViewSet, SlugViewSet, standaard_sorteringen

from .filters import BuurtFilter, FysiekProjectFilter, LocatieFilter, PrioriteitFilter, WijkFilter
from .models import Buurt, FysiekProject, Indicator, Locatie, Meting, Prioriteit, Wijk
from .serializers import (
    BuurtSerializer,
    FysiekProjectSerializer,
    LocatieSerializer,
    PrioriteitSerializer,
    WijkSerializer,
)


class WijkViewSet(SlugViewSet):
    """De negen wijken van Assen, in de volgorde van de jaarrapportage."""

    api_scope = "wijken"

    # Queries: the page of wijken, their buurten.
    queryset = Wijk.objects.prefetch_related(Prefetch("buurten", Buurt.objects.only("id", "wijk")))
    serializer_class = WijkSerializer
    filterset_class = WijkFilter
    sorteringen = {"volgorde": ("volgorde", "id"), **standaard_sorteringen()}
    standaard_sortering = "volgorde"


class BuurtViewSet(MbaViewSet):
    """Buurten: delen van een wijk met een eigen karakter."""

    api_scope = "buurten"

    # Queries: the page (with its wijk).
    queryset = Buurt.objects.select_related("wijk")
    serializer_class = BuurtSerializer
    filterset_class = BuurtFilter


class LocatieViewSet(MbaViewSet):
    """Ontmoetingsplekken: BIC's, wijkcentra, buurthuizen, speeltuinen."""

    api_scope = "locaties"

    # Queries: the page (with its wijk).
    queryset = Locatie.objects.select_related("wijk")
    serializer_class = LocatieSerializer
    filterset_class = LocatieFilter


class PrioriteitViewSet(MbaViewSet):
    """De prioriteiten per wijk, met hun indicatoren (nulmeting, streefwaarde, oordeel) en
    metingen."""

    api_scope = "prioriteiten"

    # Queries: the page (with its wijk), the themes, the indicators, the measurements.
    queryset = Prioriteit.objects.select_related("wijk").prefetch_related(
        "themas",
        Prefetch(
            "indicatoren",
            Indicator.objects.order_by("pk").prefetch_related(
                Prefetch("metingen", Meting.objects.order_by("datum"))
            ),
        ),
    )
    serializer_class = PrioriteitSerializer
    filterset_class = PrioriteitFilter


class FysiekProjectViewSet(MbaViewSet):
    """Fysieke projecten: sloop, nieuwbouw, groot onderhoud, openbare ruimte, energietransitie."""

    api_scope = "fysieke-projecten"

    # Queries: the page (with its wijk and owner).
    queryset = FysiekProject.objects.select_related("wijk", "eigenaar")
    serializer_class = FysiekProjectSerializer
    filterset_class = FysiekProjectFilter
