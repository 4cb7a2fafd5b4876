"""Hardened defaults (README: Beveiliging): response headers that Django's own settings do not
cover, and /.well-known/security.txt.

Django sets HSTS, nosniff, Referrer-Policy and Cross-Origin-Opener-Policy (SecurityMiddleware),
X-Frame-Options (XFrameOptionsMiddleware) and the Content-Security-Policy (SECURE_CSP,
ContentSecurityPolicyMiddleware). This module adds what is left:

- ``Cache-Control: no-store, private`` on every answer to a logged-in user or an API key: those
  pages, lists and exports hold personal data, and no browser cache, shared cache or proxy may
  keep them. Pages for anonymous visitors stay cacheable.
- ``Permissions-Policy``: MBA uses none of the browser's powerful features.
- The Content-Security-Policy of the third-party pages under /api/ (the browsable API, Swagger
  UI, Redoc): their markup has style attributes and their scripts insert <style> elements, which
  we cannot change; there inline styles are allowed. Scripts stay as strict as everywhere else.
"""

import datetime

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.csp import CSP, build_policy
from django.views.decorators.http import require_safe

PERMISSIONS_POLICY = ", ".join(
    f"{functie}=()"
    for functie in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)

# RFC 9116 asks for an Expires less than a year ahead; computed on every request, so it never
# lapses while the contact (a setting) is kept current.
SECURITY_TXT_GELDIG = datetime.timedelta(days=180)


def csp_api_paginas():
    """The policy of the third-party pages under /api/: SECURE_CSP with inline styles allowed
    (without a nonce, which would make browsers ignore 'unsafe-inline'), their icons as data:
    images, and Redoc's search worker, which it starts from a blob: URL. Redoc's logo from
    cdn.redoc.ly stays blocked, like everything from other sites."""
    return {
        **settings.SECURE_CSP,
        "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
        "img-src": [CSP.SELF, "data:"],
        "worker-src": [CSP.SELF, "blob:"],
    }


def met_persoonsgegevens(request):
    """Whether the answer may hold personal data: asked by a logged-in user or with an API key
    (Django REST framework puts the key on the request as ``auth``)."""
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated) or (
        getattr(request, "auth", None) is not None
    )


def is_api_pagina(request, response):
    match = getattr(request, "resolver_match", None)
    return (
        match is not None
        and "api" in match.namespaces
        and response.get("Content-Type", "").startswith("text/html")
    )


class BeveiligingsMiddleware:
    """Sits just inside ContentSecurityPolicyMiddleware, so that the policy it sets on an API
    page is the one that the CSP middleware leaves alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Asked before the view, once the session has told who it is: a DRF view without
        # session authentication (the API's docs and schema) replaces request.user with an
        # anonymous user, and its answer to a logged-in user would stay cacheable.
        request._mba_ingelogd = met_persoonsgegevens(request)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if getattr(request, "_mba_ingelogd", False) or met_persoonsgegevens(request):
            patch_cache_control(response, no_store=True, private=True)
        if is_api_pagina(request, response):
            response.headers[str(CSP.HEADER_ENFORCE)] = build_policy(csp_api_paginas())
        return response


@require_safe
def security_txt(request):
    """/.well-known/security.txt (RFC 9116): where to report a vulnerability."""
    verloopt = timezone.now().replace(microsecond=0) + SECURITY_TXT_GELDIG
    regels = [
        f"Contact: {settings.MBA_SECURITY_CONTACT}",
        f"Expires: {verloopt.astimezone(datetime.UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: nl, en",
        f"Canonical: {request.build_absolute_uri(request.path)}",
    ]
    return HttpResponse("\n".join(regels) + "\n", content_type="text/plain; charset=utf-8")
