"""Every list endpoint runs a fixed number of queries, however many rows it shows."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mba.models import Organisatie, Thema
from wijken.models import Buurt, Wijk

from .conftest import maak_rijen

pytestmark = pytest.mark.django_db

# Every call with a key runs its own queries, the INSERT of the call log (1) and, unless keys
# are kept in a cache shared by every process (MBA_SLEUTELS_IN_CACHE, with CACHE_URL), the
# lookup of the key (1). ``laatst_gebruikt_op`` is written at most once a minute, so it does not
# run on a second call. Not counted: savepoints.
VAST = 1 + (not settings.MBA_SLEUTELS_IN_CACHE)
BOEKHOUDING = ("SAVEPOINT", "RELEASE SAVEPOINT")


def tel(ctx):
    return len([q for q in ctx.captured_queries if not q["sql"].startswith(BOEKHOUDING)])


LIJSTEN = {
    "/api/v1/wijken/": 2,  # page, buurten
    "/api/v1/buurten/": 1,  # page with wijk
    "/api/v1/locaties/": 1,  # page with wijk
    "/api/v1/themas/": 1,  # page
    "/api/v1/organisaties/": 1,  # page
    "/api/v1/prioriteiten/": 4,  # page with wijk, themes, indicators, measurements
    "/api/v1/fysieke-projecten/": 1,  # page with wijk and owner
    "/api/v1/bewonersinitiatieven/": 3,  # page with wijk, support asked, support given
    "/api/v1/activiteiten/": 4,  # page with wijk, organisers, themes, key figures
    "/api/v1/contactmomenten/": 2,  # page from one table (slugs of ids and bits: cache), audit
    "/api/v1/voorbeelden/": 2,  # page with wijk, photos
    "/api/v1/jaarrapportages/": 3,  # page, chapters, chosen examples
}


def queries(api, pad):
    api.get(pad)  # the first call also writes laatst_gebruikt_op
    with CaptureQueriesContext(connection) as ctx:
        response = api.get(pad)
    assert response.status_code == 200
    return tel(ctx), len(response.json()["resultaten"])


@pytest.mark.parametrize("pad", list(LIJSTEN))
def test_a_list_runs_the_same_queries_for_one_row_or_many(
    api, pad, wijk_a, buurt_a, wijk_b, buurt_b, actium, vaart, thema, veiligheid, signaal
):
    maak_rijen(1, wijk_a, buurt_a, actium, vaart, [thema], signaal, naam="a")
    weinig, rijen_weinig = queries(api, pad)
    maak_rijen(4, wijk_b, buurt_b, vaart, actium, [thema, veiligheid], signaal, 2020, "b")
    for i in range(3):
        wijk = Wijk.objects.create(naam=f"Wijk {i}", slug=f"wijk-{i}", volgorde=10 + i)
        Buurt.objects.create(wijk=wijk, naam="Noord", slug="noord")
        Buurt.objects.create(wijk=wijk, naam="Zuid", slug="zuid")
        Thema.objects.create(naam=f"Thema {i}", slug=f"thema-{i}")
        Organisatie.objects.create(naam=f"Partner {i}", slug=f"partner-{i}")
    veel, rijen_veel = queries(api, pad)
    assert rijen_veel > rijen_weinig
    assert weinig == veel == VAST + LIJSTEN[pad]


def test_statistics_run_the_figures_fixed_queries(
    api, wijk_a, buurt_a, actium, vaart, thema, signaal
):
    from rapportage.kengetallen import KENGETALLEN_PER_WIJK_QUERIES

    maak_rijen(3, wijk_a, buurt_a, actium, vaart, [thema], signaal)
    api.get("/api/v1/statistieken/?jaar=2021")
    with CaptureQueriesContext(connection) as ctx:
        assert api.get("/api/v1/statistieken/?jaar=2021").status_code == 200
    # the city's figures and their pattern come from the city and every wijk (Onderdrukking)
    assert tel(ctx) == VAST + KENGETALLEN_PER_WIJK_QUERIES
    with CaptureQueriesContext(connection) as ctx:
        assert api.get("/api/v1/statistieken/per-wijk/?jaar=2021").status_code == 200
    assert tel(ctx) == VAST + KENGETALLEN_PER_WIJK_QUERIES
