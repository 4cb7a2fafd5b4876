"""The installable web app (docs/offline.md): the manifest, the service worker at the root scope
and the page it shows offline for any page other than the contact form."""

import json
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

SW_BESTAND = Path(settings.BASE_DIR) / "static" / "sw.js"


@require_safe
def manifest(request):
    data = {
        "name": "Mijn Buurt Assen",
        "short_name": "MBA",
        "lang": "nl",
        "start_url": "/contactmomenten/nieuw/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#005c45",
        "icons": [
            {"src": static(f"pwa/icoon-{n}.png"), "sizes": f"{n}x{n}", "type": "image/png"}
            for n in (192, 512)
        ],
    }
    return HttpResponse(json.dumps(data), content_type="application/manifest+json")


@never_cache
@require_safe
def service_worker(request):
    """The service worker from our static files, served at / so that its scope is the whole
    site; never cached by the browser, so that a new version is picked up at once."""
    response = HttpResponse(
        SW_BESTAND.read_text(encoding="utf-8"), content_type="text/javascript; charset=utf-8"
    )
    response["Service-Worker-Allowed"] = "/"
    return response


@require_safe
def offline_pagina(request):
    """What the service worker shows for a page it cannot fetch (no personal data: it is
    cached)."""
    return render(request, "offline/offline.html")
