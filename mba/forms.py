"""Form helpers shared by the staff app: dates within reason, the one-time form token, the
second login step."""

import uuid

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect

from .models import Formulierinzending
from .validators import datum_binnen_grenzen


class DatumInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DatumVeld(forms.DateField):
    """A date picker that refuses dates before 2015 or more than a year ahead."""

    widget = DatumInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"])
        kwargs.setdefault(
            "error_messages", {"invalid": "Vul een geldige datum in, bijvoorbeeld 15-06-2021."}
        )
        super().__init__(*args, **kwargs)

    def validate(self, value):
        super().validate(value)
        datum_binnen_grenzen(value)


def herhaalde_inzending(request, terug, tekst="Dit was al opgeslagen."):
    """For a form posted again with a token that already saved a record (the back button, a
    second tap after the first one went through): a redirect to that record, before the form is
    validated (a unique name would otherwise refuse it); else None."""
    if request.method != "POST":
        return None
    try:
        token = uuid.UUID(request.POST.get("formtoken", ""))
    except ValueError:
        return None
    eerder = Formulierinzending.objects.filter(token=token, medewerker=request.user).first()
    if eerder is None:
        return None
    messages.info(request, tekst)
    return redirect(eerder.url or terug)


class DubbelIngediend(Exception):
    def __init__(self, url):
        super().__init__(url)
        self.url = url


def sla_eenmalig_op(user, token, opslaan, url_van):
    """Runs ``opslaan()`` once for ``token``; a second call with the same token raises
    ``DubbelIngediend`` with the url of what the first call saved. The token row and the record
    are written in one transaction, and the token is unique in the database, so two requests at
    the same moment cannot both save."""
    token = token or uuid.uuid4()
    with transaction.atomic():
        try:
            with transaction.atomic():
                inzending = Formulierinzending.objects.create(token=token, medewerker=user)
        except IntegrityError:
            eerder = Formulierinzending.objects.filter(token=token, medewerker=user).first()
            raise DubbelIngediend(eerder.url if eerder else "") from None
        obj = opslaan()
        inzending.url = url_van(obj)
        inzending.save(update_fields=["url"])
    return obj


class TweeStapsForm(forms.Form):
    code = forms.CharField(
        label="Code uit uw authenticator-app",
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]*"}
        ),
        error_messages={
            "required": "Vul de code van 6 cijfers in.",
            "min_length": "De code heeft 6 cijfers.",
            "max_length": "De code heeft 6 cijfers.",
        },
    )

    def clean_code(self):
        code = self.cleaned_data["code"].replace(" ", "")
        if not code.isdigit():
            raise forms.ValidationError("De code bestaat alleen uit cijfers.")
        return code
