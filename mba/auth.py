"""Logging in: lock-out after failed attempts, session timeout and two-factor authentication."""

import time
from urllib.parse import urlencode

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.backends import ModelBackend
from django.db import router
from django.db.models import CharField, OuterRef, Q, StringAgg, Value
from django.db.models.functions import Cast
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware
from django_otp.plugins.otp_totp.models import TOTPDevice

from mba import meldingen, rechten, vooraf
from mba.vooraf import Open


def _met_rollen():
    """The user with the names of its role groups, the ids of its confirmed authenticator apps
    and its number of unread notifications, one row; compiled once per process (``mba.vooraf``,
    docs/adr/0011)."""
    Medewerker = get_user_model()
    return (
        Medewerker._default_manager.filter(pk=Open("pk", Medewerker._meta.pk))
        .annotate(
            _rolnamen=StringAgg(
                "groups__name",
                Value(","),
                filter=Q(groups__name__in=rechten.ROLLEN),
                default=Value(""),
            ),
            _totp_ids=StringAgg(
                Cast("totpdevice__id", CharField()),
                Value(","),
                filter=Q(totpdevice__confirmed=True),
                default=Value(""),
            ),
            # the bell in the header (mba.meldingen): no query of its own on any page
            _ongelezen=meldingen.ongelezen_van(OuterRef("pk")),
        )
        .order_by()
    )


class RollenMetGebruiker:
    """``get_user`` that reads the user's roles in the same query as the user (one aggregate over
    the group links), so that a page needs no separate query for them (issue 12: ≤ 12 queries for
    a page and for the contact form's save; docs/adr/0009, "Update: the save"). The roles land
    where ``mba.rechten.rollen`` keeps them for the request. The ids of the user's confirmed
    authenticator apps come in the same query, for ``TweedeFactorMiddleware``."""

    def get_user(self, user_id):
        Medewerker = get_user_model()
        using = router.db_for_read(Medewerker)
        sql, params = vooraf.sql("gebruiker-met-rollen", _met_rollen, using)
        rijen = Medewerker._default_manager.db_manager(using).raw(
            sql, vooraf.vul(params, {"pk": user_id})
        )
        gebruiker = next(iter(rijen), None)
        if gebruiker is None or not self.user_can_authenticate(gebruiker):
            return None
        rechten.rollen_van(gebruiker, filter(None, gebruiker._rolnamen.split(",")))
        gebruiker._totp_bevestigd = frozenset(int(i) for i in gebruiker._totp_ids.split(",") if i)
        return gebruiker


class MedewerkerBackend(RollenMetGebruiker, ModelBackend):
    """Django's ``ModelBackend`` (username and password), with the roles read with the user."""


class TweedeFactorMiddleware(OTPMiddleware):
    """django-otp's middleware without its query per request. django-otp reads the device that
    verified this session (``otp_device_id`` in the session) on every request, to check that it
    still exists, is confirmed and is the user's. Here that check is made against the ids of the
    user's confirmed authenticator apps, read in the user's own query (``RollenMetGebruiker``);
    the device itself is read only when a page uses it. A user read another way (no ids with
    it) or another kind of device goes django-otp's own way."""

    def _verify_user_sync(self, request, user):
        bevestigd = getattr(user, "_totp_bevestigd", None)
        if bevestigd is None or not user.is_authenticated:
            return super()._verify_user_sync(request, user)
        self._init_user_fields(user)
        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
        if not persistent_id:
            return user
        label, _, device_id = self._normalize_persistent_id(persistent_id).partition("/")
        if label != TOTPDevice.model_label() or not device_id.isdigit():
            return super()._verify_user_sync(request, user)
        if int(device_id) in bevestigd:
            user.otp_device = SimpleLazyObject(lambda: TOTPDevice.objects.get(pk=int(device_id)))
        else:  # removed, no longer confirmed, or not this user's: as django-otp does
            del request.session[DEVICE_ID_SESSION_KEY]
        return user


class VergrendelBackend(AxesStandaloneBackend):
    """django-axes' lock-out for every login through the web. ``authenticate()`` without a
    request (the test client, the shell) is not counted: there is no one to lock out."""

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class VergrendelHandler(AxesDatabaseHandler):
    """axes' database handler with two limits: ``AXES_FAILURE_LIMIT`` failures for a username
    from one address lock that pair, ``AXES_ADRES_FAILURE_LIMIT`` failures from one address
    (any usernames) lock the address. ``AXES_LOCKOUT_PARAMETERS`` lists the pair first, then
    the address. A successful login resets its own pair, not the address's other attempts."""

    def get_failures(self, request, credentials=None):
        paar, adres = (
            sum(a.failures_since_start for a in pogingen)
            for pogingen in self.get_user_attempts(request, credentials)
        )
        if adres >= settings.AXES_ADRES_FAILURE_LIMIT:
            return max(paar, settings.AXES_FAILURE_LIMIT)  # axes compares with its one limit
        return paar

    def reset_user_attempts(self, request, credentials=None):
        paar = self.filter_user_attempts(request, credentials)[0]
        aantal, _ = paar.delete()
        return aantal


def _vrij(path):
    """Paths a logged-in user reaches before the second step: logging in and out, static."""
    vrije = [reverse(n) for n in ("login", "logout", "tweestaps")]
    return path in vrije or path.startswith("/" + settings.STATIC_URL.lstrip("/"))


class TweeStapsMiddleware:
    """Ends a session after ``SESSION_IDLE_MINUTEN`` without a request, and with ``MBA_2FA``
    sends a user who has not given a TOTP code this session to the second step."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            nu = time.time()
            laatst = request.session.get("laatst_actief")
            if laatst and nu - laatst > settings.SESSION_IDLE_MINUTEN * 60:
                logout(request)
                messages.info(request, "U was een tijd niet actief. Log opnieuw in.")
                return redirect(f"{reverse('login')}?{urlencode({'next': request.path})}")
            if not laatst or nu - laatst > 30:
                request.session["laatst_actief"] = nu
            if settings.MBA_2FA and not user.is_verified() and not _vrij(request.path):
                return redirect(
                    f"{reverse('tweestaps')}?{urlencode({'next': request.get_full_path()})}"
                )
        return self.get_response(request)
