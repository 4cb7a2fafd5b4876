"""Uploaded files (MEDIA): served only to who may see the record that holds the file.

No route serves MEDIA_ROOT as a folder, also not with DEBUG on. ``/media/<path>`` goes to one
view, ``bestand``, which serves a file only when

1. the user is logged in (an anonymous visitor is sent to the login page first, so they learn
   nothing about which files exist);
2. the path is a plain relative file name: no ``..``, no absolute path, no backslash, no NUL,
   nothing that normalises to another name (anything else is a 404);
3. a record of a kind that its app registered with ``registreer()`` holds exactly that file name
   (a file that no record references is a 404, even when it is on disk);
4. the user may see that record, by the rule its app gave: the same rule as the page that shows
   the file (a record that exists but is not the user's to see is a 404 that the audit trail
   records as a refusal, ``rechten.NietZichtbaar``).

The answer is a ``FileResponse`` with ``Cache-Control: private`` (``mba.beveiliging`` adds
``no-store`` for every logged-in user). With ``MEDIA_X_ACCEL_REDIRECT`` set (behind nginx) the
app checks the same and answers with an empty ``X-Accel-Redirect`` response instead; nginx then
sends the file from an ``internal`` location (README: Configuration), so a file is never
reachable without passing this view.

Apps register in their ``AppConfig.ready()``; ``mba`` imports no domain app.
"""

import mimetypes
import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404, HttpResponse

from .rechten import NietZichtbaar


@dataclass(frozen=True)
class Bestandsveld:
    model: type
    veld: str
    zichtbaar_voor: object  # callable(user) -> QuerySet of the model's rows the user may see


_VELDEN: list[Bestandsveld] = []


def registreer(model, veld, zichtbaar_voor):
    """Serve the files in ``model.veld`` to the users for whom ``zichtbaar_voor(user)`` (a
    QuerySet of ``model``) holds the record."""
    nieuw = Bestandsveld(model, veld, zichtbaar_voor)
    if nieuw not in _VELDEN:
        _VELDEN.append(nieuw)


def geregistreerd():
    return list(_VELDEN)


def veilige_naam(pad):
    """The file name as storage keeps it, or None for anything that is not a plain relative
    path inside MEDIA_ROOT."""
    if not pad or "\\" in pad or "\x00" in pad or pad.startswith("/"):
        return None
    if posixpath.normpath(pad) != pad or ".." in pad.split("/"):
        return None
    return pad


def _eigenaar(naam, user):
    """(field, record) for the record that holds the file and that the user may see; raises a
    404 when no record holds it, NietZichtbaar when one does but not for this user."""
    gevonden = None
    for v in _VELDEN:
        obj = v.zichtbaar_voor(user).filter(**{v.veld: naam}).first()
        if obj is not None:
            return v, obj
        if gevonden is None:
            gevonden = v.model.objects.filter(**{v.veld: naam}).first()
    if gevonden is not None:
        raise NietZichtbaar("Dit bestand bestaat niet.", gevonden)
    raise Http404("Dit bestand bestaat niet.")


def bestand(request, pad):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    naam = veilige_naam(pad)
    if naam is None:
        raise Http404("Dit bestand bestaat niet.")
    veld, obj = _eigenaar(naam, request.user)
    fieldfile = getattr(obj, veld.veld)
    try:
        pad_op_schijf = Path(fieldfile.path).resolve()
    except (SuspiciousFileOperation, NotImplementedError, ValueError):
        raise Http404("Dit bestand bestaat niet.") from None
    root = Path(settings.MEDIA_ROOT).resolve()
    if not pad_op_schijf.is_relative_to(root) or not pad_op_schijf.is_file():
        raise Http404("Dit bestand bestaat niet.")
    soort = mimetypes.guess_type(naam)[0] or "application/octet-stream"
    if settings.MEDIA_X_ACCEL_REDIRECT:
        response = HttpResponse(content_type=soort)
        response["X-Accel-Redirect"] = settings.MEDIA_X_ACCEL_REDIRECT + quote(naam)
    else:
        response = FileResponse(pad_op_schijf.open("rb"), content_type=soort)
    response["Cache-Control"] = "private"
    return response
