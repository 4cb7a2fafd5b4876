import base64
import re
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.messages.views import SuccessMessageMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Case, CharField, F, Value, When
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import audit, rechten
from .filters import AuditFilter
from .forms import InschrijfcodeForm, TweeStapsForm
from .lijsten import lijst
from .models import Auditregel, Inschrijfcode


class InlogView(auth_views.LoginView):
    template_name = "inloggen.html"
    redirect_authenticated_user = True


@login_required
def tweestaps(request):
    """The second step: a TOTP code. Without a confirmed device the user first links an
    authenticator app (QR code and key), confirming it with a first code."""
    volgende = request.GET.get("next") or request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(volgende, allowed_hosts={request.get_host()}):
        volgende = ""
    volgende = volgende or settings.LOGIN_REDIRECT_URL
    if request.user.is_verified():
        return redirect(volgende)
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    instellen = device is None
    if instellen and not _ingeschreven(request):
        return _inschrijven(request, volgende)
    if instellen:
        device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(
                user=request.user, name="Authenticator-app", confirmed=False
            )
    form = TweeStapsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _ = device.verify_is_allowed()
        if allowed and device.verify_token(form.cleaned_data["code"]):
            if instellen:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect(volgende)
        audit.vastleggen(
            request,
            audit.Actie.INLOGGEN_MISLUKT,
            resultaat=audit.Resultaat.GEWEIGERD,
            herkomst=audit.Herkomst.INLOGGEN,
        )
        form.add_error(
            "code",
            "Deze code klopt niet of is verlopen. Wacht op een nieuwe code en probeer opnieuw."
            if allowed
            else "Te veel foute codes. Wacht even en probeer het dan opnieuw.",
        )
    context = {"form": form, "instellen": instellen, "next": volgende}
    if instellen:
        img = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
        context["qr"] = mark_safe(img.to_string(encoding="unicode"))  # noqa: S308 (our own SVG)
        sleutel = base64.b32encode(device.bin_key).decode()
        context["sleutel"] = " ".join(sleutel[i : i + 4] for i in range(0, len(sleutel), 4))
    return render(request, "tweestaps.html", context)


INGESCHREVEN = "mba_inschrijfcode_gebruikt"


def _ingeschreven(request):
    """May this session link an authenticator app? With ``MBA_INSCHRIJFCODE`` only after a
    one-time code from the coordinator (``Inschrijfcode``): a password alone must not."""
    return not settings.MBA_INSCHRIJFCODE or request.session.get(INGESCHREVEN) == request.user.pk


def _inschrijven(request, volgende):
    """Before the QR code (the authenticator's secret) is shown: the coordinator's code."""
    form = InschrijfcodeForm(request.POST if "inschrijfcode" in request.POST else None)
    if form.is_bound and form.is_valid():
        if Inschrijfcode.gebruik(request.user, form.cleaned_data["inschrijfcode"]):
            request.session[INGESCHREVEN] = request.user.pk
            return redirect(f"{request.path}?{urlencode({'next': volgende})}")
        audit.vastleggen(
            request,
            audit.Actie.INLOGGEN_MISLUKT,
            resultaat=audit.Resultaat.GEWEIGERD,
            herkomst=audit.Herkomst.INLOGGEN,
        )
        form.add_error(
            "inschrijfcode",
            "Deze inschrijfcode klopt niet, is al gebruikt of is verlopen. Vraag de coördinator "
            "om een nieuwe.",
        )
    return render(request, "tweestaps.html", {"form": form, "inschrijven": True, "next": volgende})


class WachtwoordView(SuccessMessageMixin, auth_views.PasswordChangeView):
    template_name = "wachtwoord.html"
    success_url = reverse_lazy("home")
    success_message = "Uw wachtwoord is gewijzigd."


def toegankelijkheid(request):
    """The toegankelijkheidsverklaring: public, linked in every page's footer."""
    axe = settings.BASE_DIR / "static" / "vendor" / "axe-core" / "axe.min.js"
    with axe.open(encoding="utf-8") as bestand:  # the version of the tests' axe-core
        versie = re.search(r"axe v([\d.]+)", bestand.read(200))
    return render(
        request,
        "toegankelijkheid.html",
        {
            "axe_versie": versie.group(1) if versie else None,
            "contact": settings.MBA_TOEGANKELIJKHEID_CONTACT,
            "sessie_minuten": settings.SESSION_IDLE_MINUTEN,
        },
    )


def auditregel_export(qs):
    """The audit trail as a file: every column, the moment in Dutch time."""
    kolommen = [
        "tijdstip",
        "actie",
        "resultaat",
        "herkomst",
        "soort record",
        "id",
        "aantal",
        "medewerker",
        "organisatie",
        "API-sleutel",
        "doel",
        "pad",
        "IP-adres",
    ]

    def rijen():
        for r in qs.iterator(chunk_size=2000):
            yield [
                f"{timezone.localtime(r.tijdstip):%Y-%m-%d %H:%M:%S}",
                r.get_actie_display(),
                r.get_resultaat_display(),
                r.get_herkomst_display(),
                r.objecttype,
                r.object_id,
                r.aantal,
                r.actor_naam,
                r.organisatie.naam if r.organisatie else "",
                f"{r.api_sleutel.naam} ({r.api_sleutel.prefix}…)" if r.api_sleutel else "",
                r.doel,
                r.pad,
                r.ip_adres or "",
            ]

    # Staff names and IP addresses: personal data, so the export asks for its purpose.
    return kolommen, rijen(), True


@login_required
def auditregels(request):
    """The audit trail for the coordinator: search, and export (itself audited)."""
    rechten.vereis_rol(request.user)
    if not rechten.mag_audit_zien(request.user):
        raise PermissionDenied("Alleen de coördinator kan de audit inzien.")
    audit.reeksen_afsluiten()  # the counts of closed series of refusals, before searching
    soort = Case(
        *(When(objecttype=waarde, then=Value(label)) for waarde, label in audit.OBJECTTYPES),
        default=F("objecttype"),
        output_field=CharField(),
    )
    filterset = AuditFilter(
        request.GET,
        queryset=Auditregel.objects.select_related("organisatie", "api_sleutel").annotate(
            soort=soort
        ),
        request=request,
    )
    return lijst(request, filterset, "audit.html", {}, export=auditregel_export, lijstnaam="audit")
