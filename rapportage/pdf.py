"""HTML to PDF with WeasyPrint, fetching nothing but the project's own static and media files.

The report's HTML is rendered with base URL ``https://mba.invalid/``; the fetcher maps
``/static/...`` to the static files (through Django's finders) and ``/media/...`` to MEDIA_ROOT,
and refuses everything else: no ``file://``, no network, no redirects, no path tricks.
"""

import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint  # ~0.8 s to import: render in a long-lived process (worker, web server)
from django.conf import settings
from django.contrib.staticfiles import finders

BASIS_URL = "https://mba.invalid/"


class GeweigerdeURL(ValueError):
    """WeasyPrint catches this, logs it, and renders on without the resource."""


def _veilig_pad(pad):
    """A normalised relative path, or None when it tries to climb out."""
    pad = posixpath.normpath(unquote(pad)).lstrip("/")
    if pad.startswith("..") or "\x00" in pad or pad in ("", "."):
        return None
    return pad


class AlleenEigenBestanden(weasyprint.urls.URLFetcher):
    """url_fetcher for WeasyPrint. `opgehaald` and `geweigerd` record what was asked for."""

    def __init__(self):
        super().__init__(allowed_protocols=("https",), allow_redirects=False)
        self.opgehaald = []
        self.geweigerd = []

    def fetch(self, url, headers=None):
        deel = urlsplit(url)
        basis = urlsplit(BASIS_URL)
        bestand = None
        if (deel.scheme, deel.netloc) == (basis.scheme, basis.netloc):
            pad = deel.path
            static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
            media_prefix = "/" + settings.MEDIA_URL.strip("/") + "/"
            if pad.startswith(static_prefix) and (rel := _veilig_pad(pad[len(static_prefix) :])):
                gevonden = finders.find(rel)
                bestand = Path(gevonden) if gevonden else None
            elif pad.startswith(media_prefix) and (rel := _veilig_pad(pad[len(media_prefix) :])):
                root = Path(settings.MEDIA_ROOT).resolve()
                kandidaat = (root / rel).resolve()
                if kandidaat.is_relative_to(root):
                    bestand = kandidaat
        if bestand is None or not bestand.is_file():
            self.geweigerd.append(url)
            raise GeweigerdeURL(f"MBA haalt alleen eigen static- en mediabestanden op: {url}")
        self.opgehaald.append(url)
        mime, _ = mimetypes.guess_type(bestand.name)
        return weasyprint.urls.URLFetcherResponse(
            url,
            body=bestand.read_bytes(),
            headers={"Content-Type": mime or "application/octet-stream"},
        )


def html_naar_pdf(html, fetcher=None, **opties):
    """Renders the report's HTML to PDF bytes (tagged PDF for screen readers)."""
    fetcher = fetcher or AlleenEigenBestanden()
    document = weasyprint.HTML(string=html, base_url=BASIS_URL, url_fetcher=fetcher)
    return document.write_pdf(pdf_tags=True, attachments=[], **opties)
