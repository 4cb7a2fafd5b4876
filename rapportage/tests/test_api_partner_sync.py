"""A partner's data engineer keeps a copy of MBA with a client generated from docs/openapi.yaml
(openapi-python-client) and the sync script of docs/partner-sync.md, against the live server: the
full sync equals what the API serves, the incremental sync brings back exactly what changed
(publication, key figures, buurten, deletions, a record leaving), a cursor keeps its filters,
and the report's PDF downloads. Should the schema drift into something the generator cannot
use, this fails."""

import datetime
import importlib.util
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from activiteiten.models import Contactmoment, Kerncijfer
from mba.api_auth import PerSleutelThrottle
from mba.models import ALLE_SCOPES, ApiSleutel, Organisatie
from mba.urls import router
from rapportage.models import Jaarrapportage, PdfOpdracht, RapportVoorbeeld, Voorbeeld
from wijken.models import Buurt, Wijk

from .conftest import contacten, publiceren
from .test_pdf_opdracht import renders  # noqa: F401  (fixture)

# live_server serves from another thread: the rows must be committed (serialized_rollback keeps
# what the migrations made, as in test_api_pdf.py)
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCHEMA = settings.BASE_DIR / "docs" / "openapi.yaml"
SCRIPT = settings.BASE_DIR / "docs" / "voorbeelden" / "partner_sync.py"
PAKKET = "mijn_buurt_assen_partner_api_client"


@pytest.fixture(scope="session")
def sync(tmp_path_factory):
    """The sync script, importing a client generated from the schema as a partner does (once
    per session: generating takes a second or two)."""
    map_ = tmp_path_factory.mktemp("client")
    config = map_ / "config.yaml"
    config.write_text("post_hooks: []\n")  # no ruff run over the generated code
    subprocess.run(
        [
            str(Path(sys.executable).parent / "openapi-python-client"),
            "generate",
            "--path",
            str(SCHEMA),
            "--output-path",
            str(map_ / "client"),
            "--config",
            str(config),
            "--fail-on-warning",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    sys.path.insert(0, str(map_ / "client"))
    spec = importlib.util.spec_from_file_location("partner_sync", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    yield module
    sys.path.remove(str(map_ / "client"))
    for naam in [n for n in sys.modules if n.startswith(PAKKET)]:
        del sys.modules[naam]


@pytest.fixture(autouse=True)
def geen_limiet(monkeypatch):
    """A sync makes about a hundred calls with small pages: not held back by the production rate
    of 120 a minute (mba/tests/conftest.py does the same)."""
    monkeypatch.setattr(PerSleutelThrottle, "THROTTLE_RATES", {"api_sleutel": "100000/minute"})
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def sleutel(demo_2021):
    """A key with the partner scopes, and some contact moments to read (the demo of 2021 has
    its activities and reports, its contact moments come with the volume)."""
    actium = Organisatie.objects.get(slug="actium")
    contacten(7, Wijk.objects.get(slug="lariks"), actium)
    contacten(3, Wijk.objects.get(slug="peelo"), actium, datum=datetime.date(2021, 9, 14))
    return ApiSleutel.maak(actium, "Datawarehouse", ALLE_SCOPES)[1]


@pytest.fixture
def gepubliceerd_2020(demo_2021):
    """A published report of 2020 with one example, there before the first sync."""
    rapport = Jaarrapportage.objects.create(
        jaar=2020,
        titel="Jaarrapportage 2020",
        status=Jaarrapportage.Status.GEPUBLICEERD,
        gepubliceerd_op=timezone.now(),
    )
    voorbeeld = Voorbeeld.objects.create(titel="Buurtkamer", jaar=2020, tekst="Een verhaal.")
    RapportVoorbeeld.objects.create(rapportage=rapport, voorbeeld=voorbeeld)
    return rapport


def wat_de_api_serveert(live_server, sleutel):
    """{collection: {id: row}}, read with Django's test client (not the generated one), under
    the live server's host name (which the rows' links carry)."""
    client = Client(HTTP_X_API_KEY=sleutel, HTTP_HOST=live_server.url.split("//")[1])
    uit = {}
    for prefix, _, _ in router.registry:
        if prefix == "verwijderingen":
            continue
        uit[prefix] = {}
        link = f"/api/v1/{prefix}/?aantal=1000"
        while link:
            pagina = client.get(link).json()
            uit[prefix].update({rij["id"]: rij for rij in pagina["resultaten"]})
            link = pagina["volgende"]
    return uit


def in_de_database():
    """{collection: {ids}} of what a partner may see, from the models."""
    uit = {
        prefix: set(viewset.queryset.model.objects.values_list("pk", flat=True))
        for prefix, viewset, _ in router.registry
        if prefix != "verwijderingen"
    }
    gepubliceerd = Jaarrapportage.Status.GEPUBLICEERD
    uit["voorbeelden"] = set(
        Voorbeeld.objects.filter(rapporten__status=gepubliceerd).values_list("pk", flat=True)
    )
    uit["jaarrapportages"] = set(
        Jaarrapportage.objects.filter(status=gepubliceerd).values_list("pk", flat=True)
    )
    return uit


def test_the_script_syncs_every_collection_of_the_api(sync):
    assert set(sync.COLLECTIES) == {p for p, _, _ in router.registry if p != "verwijderingen"}


def test_a_partner_syncs_a_copy_with_a_generated_client_and_keeps_it_current(
    sync,
    sleutel,
    gepubliceerd_2020,
    live_server,
    tmp_path,
    renders,  # noqa: F811
    monkeypatch,
    capsys,
):
    staat = tmp_path / "kopie.sqlite3"
    argumenten = dict(url=live_server.url, sleutel=sleutel, staat=staat, aantal=10)
    # Every change before the first sync lies in an earlier second than the sync's first answer
    # (the Date header counts whole seconds), so the next run asks from after them.
    time.sleep(1)

    # The first run from the command line, as a partner starts it.
    monkeypatch.setenv("MBA_API_SLEUTEL", sleutel)
    opdracht = ["--url", live_server.url, "--staat", str(staat), "--aantal", "10", "--marge", "0"]
    assert sync.main(opdracht) == 0
    assert "Synchronisatie (volledig) klaar" in capsys.readouterr().out
    kopie = sync.kopie(staat)
    assert kopie == wat_de_api_serveert(live_server, sleutel)
    assert {c: set(rijen) for c, rijen in kopie.items()} == in_de_database()
    assert all(kopie.values()), "elke collectie heeft rijen in de demo"

    # Changes of every kind, as the beheer and the app make them.
    rapport_2021 = Jaarrapportage.objects.get(jaar=2021)
    publiceren(rapport_2021)  # its examples become visible
    met_kerncijfers = {k.activiteit_id: k for k in Kerncijfer.objects.order_by("pk")}
    (gewijzigd_id, gewijzigd), (gewist_id, gewist) = list(met_kerncijfers.items())[:2]
    gewijzigd.aantal += 1
    gewijzigd.save()
    gewist.delete()
    wijk = Wijk.objects.get(slug="lariks")
    buurt = Buurt.objects.create(wijk=wijk, naam="Nieuwe buurt", slug="nieuwe-buurt")
    weg = list(Contactmoment.objects.order_by("pk").values_list("pk", flat=True)[:2])
    Contactmoment.objects.filter(pk__in=weg).delete()
    uit_2020 = RapportVoorbeeld.objects.get(rapportage=gepubliceerd_2020)
    uit_2020.delete()  # its example leaves the API

    time.sleep(1)  # as above: the third run asks from after these changes
    tweede = sync.synchroniseer(**argumenten, marge=datetime.timedelta(0))
    assert not tweede["volledig"]
    bijgewerkt = {c: ids for c, ids in tweede["bijgewerkt"].items() if ids}
    assert bijgewerkt == {
        "jaarrapportages": {rapport_2021.pk, gepubliceerd_2020.pk},
        "voorbeelden": set(rapport_2021.voorbeelden.values_list("pk", flat=True)),
        "activiteiten": {gewijzigd_id, gewist_id},
        "buurten": {buurt.pk},
        "wijken": {wijk.pk},
    }
    assert tweede["verwijderd"] == {
        "contactmomenten": set(weg),
        "voorbeelden": {uit_2020.voorbeeld_id},
    }
    kopie = sync.kopie(staat)
    assert kopie == wat_de_api_serveert(live_server, sleutel)
    assert {c: set(rijen) for c, rijen in kopie.items()} == in_de_database()

    # A third run finds nothing new.
    derde = sync.synchroniseer(**argumenten, marge=datetime.timedelta(0))
    assert not any(derde["bijgewerkt"].values()) and not derde["verwijderd"]

    # The PDF of the published report, through the generated client.
    pdf = sync.pdf_downloaden(live_server.url, sleutel, 2021)
    assert pdf.startswith(b"%PDF")
    opdracht = PdfOpdracht.objects.get(rapportage=rapport_2021, html_hash=rapport_2021.pdf_hash)
    assert pdf == opdracht.bestand.open("rb").read()


def test_a_cursor_asked_with_other_filters_is_a_clear_400(sync, sleutel, live_server):
    lijst = sync.COLLECTIES["contactmomenten"]
    with sync.client_voor(live_server.url, sleutel) as client:
        eerste = lijst.sync_detailed(client=client, wijk="lariks", aantal=2)
        assert eerste.status_code == 200
        cursor = eerste.parsed.volgende  # the whole link, which counts as its cursor
        # With the first page's filters: the next page of Lariks.
        tweede = lijst.sync_detailed(client=client, wijk="lariks", aantal=2, cursor=cursor)
        assert tweede.status_code == 200
        assert {rij.wijk for rij in tweede.parsed.resultaten} == {"lariks"}
        # Without them, or with others: a 400 that says why, never other rows.
        for filters in ({}, {"wijk": "peelo"}):
            antwoord = lijst.sync_detailed(client=client, aantal=2, cursor=cursor, **filters)
            assert antwoord.status_code == 400
            assert "hoort bij andere filters" in antwoord.parsed.parameters["cursor"][0]


def test_the_script_says_in_dutch_when_the_key_is_wrong(sync, live_server, tmp_path, capsys):
    code = sync.main(["--url", live_server.url, "--staat", str(tmp_path / "k"), "--sleutel", "x"])
    assert code == 1
    assert "De API weigerde: 401" in capsys.readouterr().err
