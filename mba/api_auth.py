"""Who may call the partner API: keys per partner organisation, scopes, throttling, the call log.

A partner sends its key as ``X-Api-Key: <key>`` (the header that generated clients send for the
schema's ``apiKey`` scheme) or as ``Authorization: Api-Key <key>`` (the older form, which stays).
A key has scopes (``mba.models.SCOPES``): one
per collection, the statistics, and per sensitive field of the contact moments. Staff logged in
to the app use the same API through their session (the browsable API), with the app's rights.

Calls without a valid key (none, unknown, revoked, malformed) are limited per IP address
(``PerAdresThrottle``): past the limit they get 429 with ``Retry-After`` instead of 401, and
they never use up the limit of a partner with a valid key behind the same address.
"""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission
from rest_framework.throttling import SimpleRateThrottle

from . import rechten
from .models import ApiAanroep, ApiSleutel

KEYWORD = "Api-Key"
HEADER = "X-Api-Key"
# The two ways to send a key, in the words of a 401.
ZO_MEEGEVEN = f"'{HEADER}: <sleutel>' of 'Authorization: {KEYWORD} <sleutel>'"
# ``laatst_gebruikt_op`` is written at most once a minute per key: one UPDATE per call would
# double the writes of a partner that pages through the contact moments.
GEBRUIK_BIJWERKEN_NA = datetime.timedelta(minutes=1)


def zoek_sleutel(sleutel_hash):
    """The key with this hash. With a cache shared by every process (``MBA_SLEUTELS_IN_CACHE``)
    from the cache for ``ApiSleutel.CACHE_SECONDEN`` (saves a query on every call), where
    ``intrekken()`` puts the revoked key at once; otherwise from the database on every call, so
    that a key revoked in another process never outlives the request that revoked it."""
    if not settings.MBA_SLEUTELS_IN_CACHE:
        return ApiSleutel.objects.filter(sleutel_hash=sleutel_hash).first()
    cache_sleutel = ApiSleutel.cache_sleutel(sleutel_hash)
    sleutel = cache.get(cache_sleutel)
    if sleutel is None:
        sleutel = ApiSleutel.objects.filter(sleutel_hash=sleutel_hash).first()
        if sleutel is not None:
            # ``add``: a revocation written meanwhile stays (see ApiSleutel.intrekken).
            cache.add(cache_sleutel, sleutel, ApiSleutel.CACHE_SECONDEN)
    return sleutel


class ApiSleutelAuthentication(BaseAuthentication):
    """``X-Api-Key: <key>`` or ``Authorization: Api-Key <key>``: the key is found by its SHA-256
    hash (one indexed lookup, then from the cache). Another ``Authorization`` scheme (a proxy's
    Basic, a client's Bearer) is not ours: the call then has no key, which is a 401 naming both
    headers, unless a staff session carries it."""

    def authenticate(self, request):
        sleutels = set()
        eigen = request.META.get("HTTP_X_API_KEY")  # HEADER
        if eigen is not None:
            sleutels.add(eigen.strip())
        soort, _, waarde = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
        if soort.lower() == KEYWORD.lower():
            sleutels.add(waarde.strip())
        if not sleutels:
            return None
        if len(sleutels) > 1:
            raise exceptions.AuthenticationFailed(
                f"Er staan twee verschillende sleutels in '{HEADER}' en 'Authorization': "
                "stuur er één mee."
            )
        sleutel = sleutels.pop()
        if not sleutel or " " in sleutel:
            raise exceptions.AuthenticationFailed(f"Geef de sleutel mee als {ZO_MEEGEVEN}.")
        obj = zoek_sleutel(ApiSleutel.hash(sleutel))
        if obj is None:
            raise exceptions.AuthenticationFailed("Deze API-sleutel is onbekend.")
        # Attempts with a revoked key are logged too (see ApiViewMixin.finalize_response).
        request._request.api_sleutel = obj
        if not obj.actief:
            datum = timezone.localtime(obj.ingetrokken_op)
            raise exceptions.AuthenticationFailed(
                f"Deze API-sleutel is ingetrokken op {datum:%d-%m-%Y}. "
                "Vraag de coördinator van Mijn Buurt Assen om een nieuwe."
            )
        return (None, obj)

    def authenticate_header(self, request):
        return KEYWORD


class ApiToegang(BasePermission):
    """A key may read what its scopes allow; a logged-in staff member what the app shows them.

    A view says which scope it needs with ``api_scope``: its collection (``contactmomenten``…)
    or ``statistieken``; ``""`` for the list of collections, which any key may read. A view that
    names no scope is read by no key.
    """

    def has_permission(self, request, view):
        sleutel = request.auth if isinstance(request.auth, ApiSleutel) else None
        if sleutel is not None:
            nodig = getattr(view, "api_scope", None)
            if nodig == "" or (nodig is not None and sleutel.heeft(nodig)):
                return True
            raise exceptions.PermissionDenied(
                f"Deze API-sleutel geeft geen toegang tot dit deel van de API (scope "
                f"'{nodig}'); de sleutel heeft: {sleutel.scopes_tekst}. Vraag de coördinator "
                "van Mijn Buurt Assen om de scope."
            )
        if request.user and request.user.is_authenticated:
            # The rights of the app, through the page's own check (mba.rechten).
            getattr(view, "vereis_sessie", rechten.vereis_rol)(request.user)
            return True
        raise exceptions.NotAuthenticated(f"Geef een API-sleutel mee als {ZO_MEEGEVEN}.")


class PerSleutelThrottle(SimpleRateThrottle):
    """Limits the calls per key (and per staff member), at the rate ``API_SLEUTEL`` in
    ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]``."""

    scope = "api_sleutel"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiSleutel):
            ident = f"sleutel-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"medewerker-{request.user.pk}"
        else:
            return None
        return f"throttle_{self.scope}_{ident}"


class TeVeelZonderSleutel(exceptions.Throttled):
    bericht = "Te veel aanvragen zonder geldige API-sleutel vanaf dit adres."


class PerAdresThrottle(SimpleRateThrottle):
    """Limits the calls WITHOUT a valid key per IP address, at the rate ``api_zonder_sleutel``.
    Only the address the server sees (``REMOTE_ADDR``) counts: X-Forwarded-For is the client's
    word (behind a proxy, let the WSGI server set REMOTE_ADDR). ``ApiViewMixin.initial`` asks it
    only once a call has turned out to have no valid key."""

    scope = "api_zonder_sleutel"

    def get_cache_key(self, request, view):
        return f"throttle_{self.scope}_{request.META.get('REMOTE_ADDR', '')}"

    def weigeren(self, request, view):
        """Counts this call; raises ``TeVeelZonderSleutel`` (429) once the address is over."""
        if not self.allow_request(request, view):
            raise TeVeelZonderSleutel(wait=self.wait())


def log_aanroep(request, response):
    """Writes one ``ApiAanroep`` for a call made with a key (also a refused one)."""
    sleutel = getattr(request, "api_sleutel", None)
    if sleutel is None:
        return
    velden = {
        "sleutel_id": sleutel.pk,
        "moment": timezone.now(),
        "methode": request.method[:10],
        "pad": request.get_full_path()[:500],
        "status": response.status_code,
    }
    if connection.vendor == "postgresql":
        # A log row need not wait for the disk: without this every API call waits for a WAL
        # flush (milliseconds). ``set_config(..., true)`` holds for this statement's own
        # transaction only, so it is one round trip. A crash may lose the last few rows of the
        # log, never corrupt anything.
        qn = connection.ops.quote_name
        kolommen = ", ".join(qn(k) for k in velden)
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH s AS (SELECT set_config('synchronous_commit', 'off', true)) "
                f"INSERT INTO {qn(ApiAanroep._meta.db_table)} ({kolommen}) "
                f"SELECT {', '.join(['%s'] * len(velden))} FROM s",
                list(velden.values()),
            )
    else:
        ApiAanroep.objects.create(**velden)
    nu = velden["moment"]
    # Once a minute per key: the cache remembers the last write (the key object of this call
    # may be an older copy, and is never written back to the cache: that could undo a
    # revocation made during this call).
    if (
        sleutel.actief
        and (
            sleutel.laatst_gebruikt_op is None
            or nu - sleutel.laatst_gebruikt_op > GEBRUIK_BIJWERKEN_NA
        )
        and cache.add(
            f"api_sleutel_gebruikt_{sleutel.pk}", True, GEBRUIK_BIJWERKEN_NA.total_seconds()
        )
    ):
        ApiSleutel.objects.filter(pk=sleutel.pk).update(laatst_gebruikt_op=nu)
        sleutel.laatst_gebruikt_op = nu
