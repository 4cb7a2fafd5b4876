"""Form helpers shared by the staff app: dates within reason, the one-time form token, the
second login step."""

import functools
import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import redirect

from .models import Formulierinzending
from .validators import datum_binnen_grenzen, geen_persoonsgegevens


def gegroepeerd(objecten, groep, leeg="—"):
    """Choices grouped (by wijk, say) (an <optgroup> per wijk) for a select."""
    groepen = {}
    for obj in objecten:
        groepen.setdefault(groep(obj), []).append((obj.pk, str(obj)))
    return [("", leeg), *groepen.items()]


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
    """For a form posted again with a token that already saved a record: a redirect to that
    record; else None."""
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


def eenmalig(terug, tekst):
    """The one-time form token of a view that creates a record, in one place. A form posted
    again with a token that already saved a record (the back button, a second tap, two taps at
    the same moment) saves nothing: its save in ``sla_eenmalig_op`` fails on the token and rolls
    back (``DubbelIngediend``), and the user goes to the record the token saved. A form that
    does not validate the second time (a unique name, taken by the first) is looked up after
    the view. Either way the user reads ``tekst``, and nothing is saved twice; a first save
    asks nothing extra. Put it under ``@login_required``::

        @login_required
        @eenmalig("activiteiten:contactmomenten", "Dit contactmoment was al opgeslagen.")
        def contactmoment_nieuw(request): ...  # saves with sla_eenmalig_op(...)
    """

    def decorator(view):
        @functools.wraps(view)
        def met_token(request, *args, **kwargs):
            try:
                response = view(request, *args, **kwargs)
            except DubbelIngediend as dubbel:
                messages.info(request, tekst)
                return redirect(dubbel.url or terug)
            if response.status_code == 200 and (
                dubbel := herhaalde_inzending(request, terug, tekst)
            ):
                return dubbel
            return response

        return met_token

    return decorator


class DubbelIngediend(Exception):
    def __init__(self, url):
        super().__init__(url)
        self.url = url


def sla_eenmalig_op(user, token, opslaan, url_van):
    """Runs ``opslaan()`` once for ``token``; a second call with the same token raises
    ``DubbelIngediend`` with the url of what the first call saved, and what it saved itself is
    rolled back. The record and the token row (with the record's url) are written in one
    transaction, the token row last; the token is unique in the database, so of two requests
    with the same token at the same moment the second waits at the token's INSERT until the
    first commits, and fails there."""
    token = token or uuid.uuid4()
    try:
        with transaction.atomic():
            obj = opslaan()
            Formulierinzending.objects.create(token=token, medewerker=user, url=url_van(obj))
    except IntegrityError:
        eerder = Formulierinzending.objects.filter(token=token, medewerker=user).first()
        if eerder is None:
            raise
        raise DubbelIngediend(eerder.url) from None
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


# Purposes offered as suggestions (a datalist: the user may type any other).
EXPORTDOELEN = [
    "Initiatiefnemers benaderen over hun aanvraag",
    "Afspraken in het wijkteam voorbereiden",
    "Verantwoording aan de stuurgroep",
    "Controle van de gegevens",
    "Onderzoek naar een klacht of incident",
]


class ExportDoelForm(forms.Form):
    """The purpose of an export with personal data: stored in the audit trail."""

    suggesties = EXPORTDOELEN
    doel = forms.CharField(
        label="Waarvoor hebt u deze gegevens nodig?",
        help_text="De export bevat persoonsgegevens. Het doel wordt vastgelegd; schrijf er "
        "zelf geen persoonsgegevens in.",
        min_length=5,
        max_length=200,
        error_messages={
            "required": "Vul het doel van de export in.",
            "min_length": "Beschrijf het doel in minstens 5 tekens.",
            "max_length": "Beschrijf het doel in hoogstens 200 tekens.",
        },
        widget=forms.TextInput(attrs={"list": "exportdoelen", "autocomplete": "off"}),
    )

    def clean_doel(self):
        doel = " ".join(self.cleaned_data["doel"].split())
        try:
            geen_persoonsgegevens(doel)
        except ValidationError:
            raise ValidationError(
                "Het doel lijkt een e-mailadres, telefoonnummer, adres of BSN te bevatten. "
                "Beschrijf alleen waarvoor u de gegevens nodig hebt.",
                code="persoonsgegevens",
            ) from None
        return doel


class InschrijfcodeForm(forms.Form):
    inschrijfcode = forms.CharField(
        label="Inschrijfcode van de coördinator",
        max_length=40,
        help_text="Twaalf letters en cijfers, bijvoorbeeld ABCD-EFGH-JKMN. U krijgt de code van "
        "de coördinator van Mijn Buurt Assen.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        error_messages={"required": "Vul de inschrijfcode in die u van de coördinator kreeg."},
    )
