"""Validators that keep personal data out of free text, and dates within limits."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from .persoonsgegevens import SOORTEN, vind

# What to write instead, per kind found (the first that applies is shown).
_ADRES_ANDERS = "schrijf 'bewoner van de Kerkstraat' of 'bewoner (adres in het dossier van Actium)'"
ALTERNATIEF = {
    "adres": _ADRES_ANDERS,
    "postcode": _ADRES_ANDERS,
    "telefoon": "schrijf 'bewoner wil teruggebeld worden (nummer in het dossier van Actium)'",
    "email": "schrijf 'bewoner wil een mail (adres in het dossier van Vaart Welzijn)'",
    "naam": "schrijf 'bewoonster', 'bewoner' of 'bewoner (naam in het dossier van Actium)'",
    "bsn": "een BSN of rekeningnummer hoort niet in MBA: verwijs naar het dossier van de "
    "organisatie",
    "iban": "een BSN of rekeningnummer hoort niet in MBA: verwijs naar het dossier van de "
    "organisatie",
}


def _weiger(vondsten):
    if not vondsten:
        return
    wat = [f"{SOORTEN[v.soort]} ({v.gemaskeerd})" for v in vondsten]
    wat = wat[0] if len(wat) == 1 else ", ".join(wat[:-1]) + " en " + wat[-1]
    raise ValidationError(
        "Deze tekst lijkt %(wat)s te bevatten. Anderen lezen deze tekst: schrijf geen namen, "
        "adressen, telefoonnummers, e-mailadressen of BSN van bewoners; %(alternatief)s.",
        code="persoonsgegevens",
        params={
            "wat": wat,
            "alternatief": "; ".join(dict.fromkeys(ALTERNATIEF[v.soort] for v in vondsten)),
        },
    )


def geen_persoonsgegevens(tekst):
    """Refuses a resident's e-mail address, phone number, postcode, street + house number, BSN,
    bank account or title + surname, however written (see mba.persoonsgegevens). The one check
    of every free-text field that others than its writer read (README: Privacy)."""
    _weiger(vind(tekst or ""))


def geen_persoonsgegevens_behalve_adres(tekst):
    """The same check for the address of a public building (a meeting place's ``adres``): a
    street, number and postcode belong there, a phone number or e-mail address of a person
    does not."""
    _weiger(vind(tekst or "", overslaan=("adres", "postcode", "naam")))


EERSTE_DATUM = datetime.date(2015, 1, 1)
MAX_DAGEN_VOORUIT = 366


def datum_binnen_grenzen(datum):
    """Refuses a date before 2015 or more than a year ahead: a typing error in the year."""
    if datum is None:
        return
    if datum < EERSTE_DATUM:
        raise ValidationError(
            f"Een datum voor {EERSTE_DATUM:%-d-%-m-%Y} kan niet: controleer het jaar.",
            code="te_vroeg",
        )
    if datum > timezone.localdate() + datetime.timedelta(days=MAX_DAGEN_VOORUIT):
        raise ValidationError(
            "Een datum meer dan een jaar vooruit kan niet: controleer het jaar.", code="te_laat"
        )


def datums_binnen_grenzen(obj, *velden):
    """For a model's clean(): every given date field within limits, errors per field."""
    fouten = {}
    for veld in velden:
        try:
            datum_binnen_grenzen(getattr(obj, veld))
        except ValidationError as e:
            fouten[veld] = e
    if fouten:
        raise ValidationError(fouten)
