"""The PDF: rendered from the same template, fetching nothing but our own files."""

from pathlib import Path

import pytest

from rapportage.models import Jaarrapportage
from rapportage.pdf import AlleenEigenBestanden, html_naar_pdf
from rapportage.rapport import rapport_html

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
