"""Partner API: bewonersinitiatieven, without the initiatiefnemer's contact details."""

from mba.api import MbaViewSet, standaard_sorteringen

from .filters import BewonersinitiatiefFilter
from .models import Bewonersinitiatief
from .serializers import BewonersinitiatiefSerializer


class BewonersinitiatiefViewSet(MbaViewSet):
    """Bewonersinitiatieven: van aanvraag via draagvlak en besluit tot resultaat."""

    api_scope = "bewonersinitiatieven"

    # Queries: the page (with its wijk), support asked, support given.
    # The personal and internal fields are not even read from the database.
    queryset = (
        Bewonersinitiatief.objects.select_related("wijk")
        .prefetch_related("gevraagde_ondersteuning", "geboden_ondersteuning")
        .defer(
            "initiatiefnemer_naam",
            "initiatiefnemer_email",
            "initiatiefnemer_telefoon",
            "reden_hoger_bedrag",
        )
    )
    serializer_class = BewonersinitiatiefSerializer
    filterset_class = BewonersinitiatiefFilter
    sorteringen = standaard_sorteringen("aangevraagd_op")
