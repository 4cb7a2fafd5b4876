import datetime

import pytest
from django.conf import settings

from activiteiten.models import Contactmoment
from rapportage.demo import Lader, lees


@pytest.fixture
def demo_2021(db):
    """The 2021 programme as the demo loads it (without accounts or volume)."""
    Lader(lees(settings.BASE_DIR / "data" / "mba-2021.toml")).laad()


@pytest.fixture
def cijfers_in_cache(settings):
    """The home and wijk pages keep their figures in the cache (mba.wijzigingen), as in
    production with CACHE_URL: one process here, so LocMem."""
    from django.core.cache import cache

    settings.MBA_VERSIECACHE = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def contacten(aantal, wijk, organisatie, datum=datetime.date(2021, 5, 1), **velden):
    return Contactmoment.objects.bulk_create(
        Contactmoment(
            datum=datum,
            wijk=wijk,
            organisatie=organisatie,
            kanaal=velden.get("kanaal", "aan_de_deur"),
            aanleiding="wijkronde",
        )
        for _ in range(aantal)
    )


@pytest.fixture
def coordinator_demo(demo_2021):
    """The coordinator of the demo (the shared persona would clash with the demo's
    organisations)."""
    from django.contrib.auth.models import Group

    from mba.models import Medewerker, Organisatie

    user = Medewerker.objects.create_user(
        "coordinator", organisatie=Organisatie.objects.get(slug="gemeente-assen")
    )
    user.groups.add(Group.objects.get(name="coordinator"))
    return user


def publiceren(rapportage):
    """Publishes as the coordinator does who has seen the open points and confirmed them."""
    from rapportage.gereedheid import aantal_open, open_punten
    from rapportage.rapport import rapportage_publiceren

    return rapportage_publiceren(
        rapportage, open_punten_bevestigd=aantal_open(open_punten(rapportage))
    )


def zonder_uitleg(html):
    """The HTML as a reader sees it with every figure's definition closed: the label only
    (templates/onderdelen/cijfers.html puts the definition in a details element)."""
    import re

    return re.sub(
        r'<details class="uitleg"><summary[^>]*>(.*?) <span class="uitleg__teken".*?</details>',
        r"\1",
        html,
        flags=re.S,
    )
