"""The audit trail ("wie heeft wat ingezien"): who saw, changed, exported or downloaded records
with personal data, and who was refused or failed to log in (README: Audit).

One function writes a row: ``vastleggen(request, actie, obj)``. It takes the actor, their
organisation, the API key, the path and the IP address from the request. Around it:

- ``AuditMiddleware`` records every refused request: each 401 and 403 (also the API's), and the
  404 that the rights module gives for a record that exists but is not the user's to see
  (``rechten.NietZichtbaar``), naming the record when the refusal knows it (``rechten.Geweigerd``).
- ``inloggen_mislukt`` records failed logins (Django's ``user_login_failed`` signal; django-axes
  sends it too for an attempt on a locked account), with the username as typed, never the
  password.
- ``AuditAdminMixin`` does it for the beheer (the admin).

Floods. A refusal that names no account and no record (an anonymous or bad-key API call, a
throttled one) is counted per source: the IP address, the kind of path (``/api/v1/<collectie>/``)
and the key if one was sent. The first refusal of a source writes its row at once (``aantal``
1); the ones after it within ``AUDIT_WEIGERING_VENSTER_MINUTEN`` raise a counter in
``Weigeringsreeks`` and write nothing here; when that window has passed, ``reeksen_afsluiten()``
writes ONE row with their number in ``aantal`` (its ``tijdstip`` the last refusal's) and deletes
the counter. So the trail stays append-only (no row is ever updated), a flood of 10,000 calls is
two rows a window, and the sum of ``aantal`` over the rows equals the refused calls. The closing
runs when the next refusal of any source starts a series, every five minutes with Celery beat
(``mba.tasks.weigeringsreeksen_afsluiten``) and before the audit is searched (``/audit/``).
Refusals of a logged-in user, and failed logins, stay one row each: they name whom they concern.

A row is never written "on the side": a change and its row are saved in one transaction (call
``vastleggen`` inside the change's ``transaction.atomic``), and a row that cannot be written
fails the request instead of being lost. A request writes at most one row.
"""

import datetime
import hashlib
import ipaddress

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db import IntegrityError, transaction
from django.db.models import F
from django.dispatch import receiver
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from .models import Auditregel, Weigeringsreeks

Actie = Auditregel.Actie
Herkomst = Auditregel.Herkomst
Resultaat = Auditregel.Resultaat

# The kinds of record the trail names (``objecttype``, a model's ``app_label.model_name``).
CONTACTMOMENT = "activiteiten.contactmoment"
INITIATIEF = "initiatieven.bewonersinitiatief"
JAARRAPPORTAGE = "rapportage.jaarrapportage"
AUDITREGEL = "mba.auditregel"
OBJECTTYPES = [
    (CONTACTMOMENT, "Contactmoment"),
    (INITIATIEF, "Bewonersinitiatief"),
    (JAARRAPPORTAGE, "Jaarrapportage"),
    (AUDITREGEL, "Auditregel"),
    ("wijken.indicator", "Indicator"),
    ("wijken.meting", "Meting"),
    ("activiteiten.activiteit", "Activiteit"),
]

# 429: a call refused by a limit (mba.api_auth) is a refused request too.
GEWEIGERDE_STATUSSEN = (401, 403, 429)


def objecttype_van(obj_of_model):
    return obj_of_model._meta.label_lower


def _ip_adres(request):
    """The client's address as the server sees it (REMOTE_ADDR). X-Forwarded-For is not read:
    anyone can send it, and an audit trail must not hold what the client claims. Behind a proxy,
    let the WSGI server set REMOTE_ADDR from the proxy's header."""
    adres = request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(adres))
    except ValueError:
        return None


def _herkomst(request):
    if getattr(request, "api_sleutel", None) is not None or request.path.startswith("/api/"):
        return Herkomst.API
    if request.path.startswith(reverse("admin:index")):
        return Herkomst.BEHEER
    if request.GET.get("export"):
        return Herkomst.EXPORT
    return Herkomst.PAGINA


def vastleggen(
    request,
    actie,
    obj=None,
    *,
    objecttype="",
    object_id="",
    aantal=1,
    resultaat=Resultaat.TOEGESTAAN,
    herkomst="",
    doel="",
    actor_naam=None,
    gebruiker=None,
    pad="",
):
    """Writes one audit row and returns it.

    ``request`` is a Django request or a DRF request (or ``None`` for a login attempt made
    outside a request, or for work done later by a task: ``gebruiker`` then names who asked for
    it). ``obj`` names the record; a list or export gives ``objecttype`` and the number of
    records in ``aantal`` instead. The path is stored without its query string: a
    search in the beheer (``?q=<a name>``) would otherwise put personal data into the trail.
    """
    http = getattr(request, "_request", request)  # a DRF request wraps Django's
    velden = {
        "actie": actie,
        "resultaat": resultaat,
        "aantal": aantal,
        "doel": doel[:200],
        "objecttype": objecttype_van(obj) if obj is not None else objecttype,
        "object_id": str(obj.pk if obj is not None else object_id)[:40],
    }
    if http is not None:
        # Django's request.user: DRF sets it too (None for a call with a key), and reading it
        # there never authenticates again.
        user = getattr(http, "user", None)
        if user is not None and user.is_authenticated:
            velden["actor"] = user
            velden["actor_naam"] = user.get_username()
            velden["organisatie_id"] = user.organisatie_id
        sleutel = getattr(http, "api_sleutel", None)  # set by mba.api_auth, also when refused
        if sleutel is not None:
            velden["api_sleutel_id"] = sleutel.pk
            velden.setdefault("organisatie_id", sleutel.organisatie_id)
        velden["herkomst"] = herkomst or _herkomst(http)
        velden["pad"] = http.path[:300]
        velden["ip_adres"] = _ip_adres(http)
    elif gebruiker is not None:
        # work a user asked for that runs later, outside the request (a Celery task)
        velden["actor"] = gebruiker
        velden["actor_naam"] = gebruiker.get_username()
        velden["organisatie_id"] = gebruiker.organisatie_id
        velden["herkomst"] = herkomst or Herkomst.PAGINA
        velden["pad"] = pad[:300]
    else:
        velden["herkomst"] = herkomst or Herkomst.INLOGGEN
    if actor_naam is not None:
        velden["actor_naam"] = actor_naam[:150]
    regel = Auditregel.objects.create(**velden)
    if http is not None:
        http._audit_vastgelegd = True
    return regel


def geweigerd(request, obj=None, **kwargs):
    """A refused request: action and result ``geweigerd``. Without an account and a record it
    is counted in its source's series (see the module's docstring)."""
    http = getattr(request, "_request", request)
    user = getattr(http, "user", None)
    anoniem = http is not None and not (user is not None and user.is_authenticated)
    if anoniem and obj is None and not kwargs.get("object_id"):
        return _in_reeks(http, **kwargs)
    return vastleggen(request, Actie.GEWEIGERD, obj, resultaat=Resultaat.GEWEIGERD, **kwargs)


def _padsoort(pad):
    """The kind of path a series counts: ``/api/v1/<collectie>/``, else the first segment."""
    delen = [d for d in pad.split("/") if d]
    n = 3 if delen[:2] == ["api", "v1"] else 1
    return "/" + "".join(f"{d}/" for d in delen[:n])


def _venster():
    return datetime.timedelta(minutes=settings.AUDIT_WEIGERING_VENSTER_MINUTEN)


def _in_reeks(http, **kwargs):
    """Counts a refusal in the open series of its source, or starts one with an audit row."""
    nu = timezone.now()
    sleutel = getattr(http, "api_sleutel", None)
    pad = _padsoort(http.path)
    ip = _ip_adres(http)
    bron = hashlib.sha256(f"{ip}|{pad}|{sleutel.pk if sleutel else ''}".encode()).hexdigest()
    open_ = Weigeringsreeks.objects.filter(bron=bron, begonnen_op__gt=nu - _venster())
    if open_.update(aantal=F("aantal") + 1, laatste_op=nu):
        http._audit_vastgelegd = True
        return None
    reeksen_afsluiten(nu)  # also this source's expired series, before a new one starts
    try:
        with transaction.atomic():
            Weigeringsreeks.objects.create(
                bron=bron,
                begonnen_op=nu,
                laatste_op=nu,
                actie=Actie.GEWEIGERD,
                herkomst=_herkomst(http),
                pad=pad,
                ip_adres=ip,
                api_sleutel=sleutel,
                organisatie_id=sleutel.organisatie_id if sleutel else None,
            )
    except IntegrityError:  # another request started this source's series just now
        if open_.update(aantal=F("aantal") + 1, laatste_op=nu):
            http._audit_vastgelegd = True
            return None
        raise
    return vastleggen(http, Actie.GEWEIGERD, resultaat=Resultaat.GEWEIGERD, **kwargs)


def reeksen_afsluiten(nu=None):
    """Closes every series whose window has passed: one audit row with the number of refusals
    after the first (none when there were none), and the counter goes. Returns the rows written.
    Safe to run at the same time twice: only the run that deletes a counter writes its row."""
    nu = nu or timezone.now()
    regels = []
    for reeks in Weigeringsreeks.objects.filter(begonnen_op__lte=nu - _venster()):
        with transaction.atomic():
            verwijderd, _ = Weigeringsreeks.objects.filter(
                pk=reeks.pk, aantal=reeks.aantal
            ).delete()
            if not verwijderd or not reeks.aantal:
                continue
            regels.append(
                Auditregel.objects.create(
                    tijdstip=reeks.laatste_op,
                    actie=reeks.actie,
                    resultaat=Resultaat.GEWEIGERD,
                    aantal=reeks.aantal,
                    herkomst=reeks.herkomst,
                    pad=reeks.pad,
                    ip_adres=reeks.ip_adres,
                    api_sleutel_id=reeks.api_sleutel_id,
                    organisatie_id=reeks.organisatie_id,
                )
            )
    return regels


class AuditMiddleware:
    """Records every refused request that no view recorded itself: a 401 or 403, and a 404 that
    hides a record the user may not see (``rechten.NietZichtbaar``). A ``rechten.Geweigerd`` or
    ``NietZichtbaar`` names the record it refused."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "_audit_vastgelegd", False):
            return response
        weigering = getattr(request, "_audit_weigering", None)
        if weigering is not None or response.status_code in GEWEIGERDE_STATUSSEN:
            geweigerd(
                request,
                objecttype=getattr(weigering, "objecttype", ""),
                object_id=getattr(weigering, "object_id", ""),
            )
        return response

    def process_exception(self, request, exception):
        from .rechten import Geweigerd, NietZichtbaar

        if isinstance(exception, (Geweigerd, NietZichtbaar)):
            request._audit_weigering = exception
        return None


@receiver(user_login_failed, dispatch_uid="mba-audit-inloggen-mislukt")
def inloggen_mislukt(sender, credentials, request=None, **kwargs):
    """A failed login: the username as typed (Django has already masked the password)."""
    vastleggen(
        request,
        Actie.INLOGGEN_MISLUKT,
        resultaat=Resultaat.GEWEIGERD,
        herkomst=Herkomst.INLOGGEN,
        actor_naam=str(credentials.get("username") or ""),
    )


class AuditAdminMixin:
    """For the ModelAdmin of a model with personal data: its change list and change page write
    a row ``bekeken`` (a list: one row with the number of records on the page), an add, change
    or delete its row in the admin's own transaction. Herkomst: beheer."""

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        cl = (getattr(response, "context_data", None) or {}).get("cl")
        if isinstance(response, TemplateResponse) and cl is not None:
            # The page's rows, read once: the template uses the same, already-read list.
            aantal = len(cl.result_list)
            if aantal:
                vastleggen(
                    request,
                    Actie.BEKEKEN,
                    objecttype=objecttype_van(self.model),
                    aantal=aantal,
                    herkomst=Herkomst.BEHEER,
                )
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        origineel = (getattr(response, "context_data", None) or {}).get("original")
        if isinstance(response, TemplateResponse) and origineel is not None:
            vastleggen(request, Actie.BEKEKEN, origineel, herkomst=Herkomst.BEHEER)
        return response

    def log_addition(self, request, obj, message):
        vastleggen(request, Actie.AANGEMAAKT, obj, herkomst=Herkomst.BEHEER)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        vastleggen(request, Actie.GEWIJZIGD, obj, herkomst=Herkomst.BEHEER)
        return super().log_change(request, obj, message)

    def delete_model(self, request, obj):
        with transaction.atomic():
            vastleggen(request, Actie.VERWIJDERD, obj, herkomst=Herkomst.BEHEER)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            vastleggen(
                request,
                Actie.VERWIJDERD,
                objecttype=objecttype_van(self.model),
                aantal=queryset.count(),
                herkomst=Herkomst.BEHEER,
            )
            super().delete_queryset(request, queryset)
