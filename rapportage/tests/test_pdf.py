"""The PDF: rendered from the same template, fetching nothing but our own files."""

import datetime
import io
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from mba.models import ApiSleutel
from rapportage.models import Jaarrapportage, PdfOpdracht
from rapportage.pdf import AlleenEigenBestanden, html_naar_pdf
from rapportage.rapport import rapport_html
from wijken.models import Wijk

from .conftest import publiceren

GEHEIM = Path("/etc/passwd").read_text().splitlines()[0].encode()
VIJANDIG = (
    '<img src="file:///etc/passwd"> '
    '<link rel="attachment" href="file:///etc/passwd"> '
    "<script>document.write('x')</script>"
)


@pytest.fixture
def klein_rapport(db, wijk_a):
    """A report of one wijk, so that a real render stays quick."""
    return Jaarrapportage.objects.create(jaar=2021, titel="Jaarrapportage 2021")


def test_hostile_user_text_is_printed_as_text_and_nothing_is_fetched(klein_rapport):
    rapport = klein_rapport
    rapport.voorwoord = "Welkom. " + VIJANDIG
    rapport.save()
    rapport.hoofdstukken.create(sleutel="doorontwikkeling", titel="3.1", tekst=VIJANDIG)
    html = rapport_html(rapport, pdf=True)
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in html
    assert "<script>" not in html and 'rel="attachment"' not in html
    fetcher = AlleenEigenBestanden()
    pdf = html_naar_pdf(html, fetcher, uncompressed_pdf=True)
    assert pdf.startswith(b"%PDF")
    assert fetcher.opgehaald == ["https://mba.invalid/static/rapportage/rapport.css"]
    assert fetcher.geweigerd == []
    assert GEHEIM not in pdf
    assert b"/EmbeddedFile" not in pdf


@pytest.mark.parametrize(
    "bron",
    [
        '<img src="file:///etc/passwd">',
        '<link rel="attachment" href="file:///etc/passwd">',
        '<link rel="stylesheet" href="file:///etc/passwd">',
        '<img src="/static/../../../../etc/passwd">',
        '<img src="/media/../../../../etc/passwd">',
        '<img src="http://127.0.0.1:9/lek.png">',
        '<img src="data:image/png;base64,iVBORw0KGgo=">',
    ],
)
def test_even_raw_html_cannot_make_the_renderer_fetch_outside_our_files(bron):
    fetcher = AlleenEigenBestanden()
    pdf = html_naar_pdf(
        f'<html lang="nl"><body><p>Test</p>{bron}</body></html>', fetcher, uncompressed_pdf=True
    )
    assert fetcher.opgehaald == []
    assert len(fetcher.geweigerd) == 1
    assert GEHEIM not in pdf
    assert b"/EmbeddedFile" not in pdf


def test_our_own_static_and_media_files_are_served_to_the_renderer(media):
    Path(media).mkdir(parents=True)
    (Path(media) / "foto.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    fetcher = AlleenEigenBestanden()
    html_naar_pdf(
        '<html lang="nl"><head><link rel="stylesheet" href="/static/rapportage/rapport.css"></head>'
        '<body><img src="/media/foto.png" alt=""></body></html>',
        fetcher,
    )
    assert fetcher.opgehaald == [
        "https://mba.invalid/static/rapportage/rapport.css",
        "https://mba.invalid/media/foto.png",
    ]


def test_the_pdf_is_tagged_for_screen_readers_and_has_its_title(klein_rapport):
    pdf = html_naar_pdf(rapport_html(klein_rapport, pdf=True), uncompressed_pdf=True)
    assert b"/StructTreeRoot" in pdf and b"/MarkInfo" in pdf
    assert b"Jaarrapportage 2021" in pdf  # the document title in the PDF's metadata


def pdf_tekst(inhoud):
    """The text of every page of a PDF, and its metadata, as a reader's PDF viewer shows them."""
    lezer = PdfReader(io.BytesIO(inhoud))
    return [p.extract_text() for p in lezer.pages], lezer.metadata


def test_the_published_pdf_says_it_is_the_published_version_and_since_when(
    klein_rapport, client, actium, media, django_capture_on_commit_callbacks, time_machine
):
    """The steering group publishes on 14 March 2022; whoever opens the PDF later, from the
    app or from a partner's system, reads that it is the published report of that day, on the
    cover, at the top of every page and in the document's properties, and nowhere 'Concept'."""
    time_machine.move_to(
        datetime.datetime(2022, 3, 14, 16, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))
    )
    with django_capture_on_commit_callbacks(execute=True):
        publiceren(klein_rapport)
    time_machine.move_to(datetime.datetime(2022, 9, 1, 9, 0, tzinfo=ZoneInfo("Europe/Amsterdam")))
    klein_rapport.refresh_from_db()
    opdracht = PdfOpdracht.objects.get(rapportage=klein_rapport, html_hash=klein_rapport.pdf_hash)
    assert opdracht.status == PdfOpdracht.Status.KLAAR

    _, sleutel = ApiSleutel.maak(actium, "Datawarehouse", ["jaarrapportages"])
    response = client.get(
        "/api/v1/jaarrapportages/2021/pdf/", HTTP_AUTHORIZATION=f"Api-Key {sleutel}"
    )
    assert response.status_code == 200
    via_api = b"".join(response.streaming_content)
    assert via_api == opdracht.bestand.open("rb").read()

    paginas, metadata = pdf_tekst(via_api)
    assert "Definitieve versie, gepubliceerd op 14 maart 2022" in paginas[0]  # the cover
    for pagina in paginas[1:]:  # the running header of every other page
        assert (
            "Jaarrapportage Mijn Buurt Assen · Definitieve versie, gepubliceerd op 14 maart 2022"
            in pagina
        )
    assert not any("concept" in p.lower() for p in paginas)
    assert metadata.title == "Jaarrapportage 2021 — Mijn Buurt Assen"
    assert "gepubliceerd op 14 maart 2022" in metadata.subject
    assert "concept" not in metadata.subject.lower() + metadata.title.lower()
    assert metadata.creation_date.date() == datetime.date(2022, 3, 14)
    # the frozen HTML page says the same
    html = klein_rapport.gepubliceerde_html
    assert "Definitieve versie, gepubliceerd op 14 maart 2022" in html
    assert "Concept" not in html


def test_a_concept_pdf_says_it_is_a_concept_of_today(klein_rapport, time_machine):
    time_machine.move_to(datetime.datetime(2022, 2, 1, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam")))
    paginas, metadata = pdf_tekst(html_naar_pdf(rapport_html(klein_rapport, pdf=True)))
    assert "Concept — cijfers van 1 februari 2022" in paginas[0]
    assert "Concept — cijfers van 1 februari 2022" in paginas[-1]
    assert "(concept)" in metadata.title
    assert "gepubliceerd" not in " ".join(paginas).lower()


def test_each_wijks_figures_and_their_chart_share_a_page(demo_2021):
    """In 2021's PDF, page 9 held the last row of Lariks' figures and the chart, apart from the
    rest of the table on page 8. A reader now finds a wijk's figures whole, with their chart."""
    rapport = Jaarrapportage.objects.get(jaar=2021)
    paginas, _ = pdf_tekst(html_naar_pdf(rapport_html(rapport, pdf=True)))
    for wijk in Wijk.objects.all():
        kop = f"{wijk.naam} in cijfers"
        (pagina,) = [p for p in paginas if kop in p]
        deel = pagina[pagina.index(kop) :]
        for regel in ("Contactmomenten", "Woningen opgeleverd", "Aan de deur"):
            assert regel in deel, (wijk.naam, regel)
        assert f"Contactmomenten in {wijk.naam} per kanaal" in deel


def test_each_priority_reads_as_work_measurement_and_verdict_on_one_page(demo_2021):
    """Issue 13: the steering group reads under each priority what was done, what was measured
    with its verdict, and the team's explanation, without turning a page in the middle."""
    from rapportage.models import Prioriteittoelichting
    from wijken.models import Prioriteit

    rapport = Jaarrapportage.objects.get(jaar=2021)
    prioriteiten = list(Prioriteit.objects.geldig_in(2021).select_related("wijk"))
    marsdijk = next(p for p in prioriteiten if p.wijk.slug == "marsdijk" and p.indicatoren.exists())
    Prioriteittoelichting.objects.create(
        rapportage=rapport,
        prioriteit=marsdijk,
        tekst="De opschoondagen trokken meer bewoners dan verwacht. Het team wil in 2022 een "
        "tweede ronde in het najaar, met de scholen erbij.",
    )
    paginas, _ = pdf_tekst(html_naar_pdf(rapport_html(rapport, pdf=True)))
    blokken = [p for p in paginas if "Wat we deden in 2021" in p]
    assert sum(p.count("Wat we deden in 2021") for p in blokken) == len(prioriteiten)
    for pagina in blokken:  # no block starts on one page and ends on the next
        assert pagina.count("Wat we deden in 2021") == pagina.count("Wat we maten")
        assert pagina.count("Wat we maten") >= pagina.count("oordeel:")
    for p in prioriteiten:
        assert any(
            p.titel in pagina and pagina.index(p.titel) < pagina.rindex("Wat we deden")
            for pagina in blokken
        ), p.titel
    (pagina,) = [" ".join(p.split()) for p in paginas if "Toelichting van het team" in p]
    assert marsdijk.titel in pagina and "oordeel: op koers" in pagina
    assert "met de scholen erbij." in pagina
