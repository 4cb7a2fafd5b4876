"""Activities from a file: the columns, the check of one row by the model's own rules, and the
saving of a batch with its organisers and themes (docs/import.md).

Activities are counted on read (``rapportage.kengetallen.telwerk``, queries 8, 9, 12 and 16),
so there are no counts to keep; but the cached figures of the home and wijk pages are keyed on
the programme's data version, which the receivers of ``rapportage.apps`` renew on
post_save and m2m_changed, signals ``bulk_create`` does not send: the import renews it itself."""

from contextlib import contextmanager

from django.db import router, transaction

from activiteiten.models import Activiteit
from mba import audit, wijzigingen
from mba.models import Organisatie, Thema
from wijken.models import Wijk

from .basis import Invoer, Keuze, Rij, geheel_getal, koppel
from .lezen import Opzoeker, buurten_per_wijk, datum

# the foreign keys are records just looked up (Django would ask for each whether it exists)
FKS = ["wijk", "buurt", "locatie", "initiatief", "fysiek_project"]
# what an empty Wijk means too: a city-wide activity, as in the form
STEDELIJK = ("stedelijk", "heel assen", "stedelijk (heel assen)")


def _regel(naam):
    """The Dutch message of one of the model's check constraints (a buurt named without its
    wijk is not even looked up, so the constraint itself cannot see it)."""
    return next(c.violation_error_message for c in Activiteit._meta.constraints if c.name == naam)


class Activiteiten(Invoer):
    """Checks rows and imports them. Reads the lookup tables once."""

    soort = "activiteiten"
    titel = "Activiteiten"
    # mba.audit has no constant for activities; this is the model's label, as it names others
    objecttype = audit.objecttype_van(Activiteit)
    # Dutch header -> model field (the error messages name the header)
    KOLOMMEN = [
        ("Naam", "naam"),
        ("Omschrijving", "omschrijving"),
        ("Wijk", "wijk"),
        ("Buurt", "buurt"),
        ("Locatie", "locatie_omschrijving"),
        ("Start", "start"),
        ("Eind", "eind"),
        ("Status", "status"),
        ("Organisatoren", "organisatoren"),
        ("Overige organisatoren", "organisatoren_omschrijving"),
        ("Deelnemers", "deelnemers"),
        ("Thema's", "themas"),
    ]

    def __init__(self, user=None):
        super().__init__(user)
        wijken = list(Wijk.objects.all())
        self.wijken = Opzoeker(wijken, "wijk")
        self.buurten = buurten_per_wijk(wijken)
        self.organisaties = Opzoeker(Organisatie.objects.all(), "organisatie")
        # the themes the form offers
        self.themas = Opzoeker(Thema.objects.filter(actief=True), "thema")
        self.statussen = Keuze(Activiteit.Status.choices, "status")

    def voorbeeld(self):
        """The example row of the template, with a wijk, an organisation and a theme that
        exist."""
        wijk = Wijk.objects.order_by("volgorde", "naam").first()
        organisatie = Organisatie.objects.order_by("naam").first()
        thema = Thema.objects.filter(actief=True).order_by("volgorde", "naam").first()
        return [
            "Burendag in de speeltuin",
            "Koffie, spelletjes en een springkussen voor de kinderen",
            wijk.naam if wijk else "Pittelo",
            "",
            "Speeltuin",
            "28-9-2024",
            "",
            "Gehouden",
            organisatie.naam if organisatie else "Gemeente Assen",
            "Een groep buren",
            "45",
            thema.naam if thema else "",
        ]

    def _wijk(self, waarde):
        if str(waarde).strip().lower() in STEDELIJK:
            return None
        return self.wijken.zoek(waarde)

    def rij(self, waarden):
        """((activity, organisers, themes), errors {header: message}) of one row."""
        r = Rij(waarden)
        wijk = r.lees("Wijk", self._wijk, verplicht=False)
        a = Activiteit(
            naam=r.lees("Naam", lambda w: str(w).strip()) or "",
            omschrijving=r.tekst("Omschrijving"),
            wijk=wijk,
            locatie_omschrijving=r.tekst("Locatie"),
            start=r.lees("Start", datum),
            eind=r.lees("Eind", datum, verplicht=False),
            status=r.lees("Status", self.statussen.zoek) or "",
            organisatoren_omschrijving=r.tekst("Overige organisatoren"),
            deelnemers=r.lees("Deelnemers", geheel_getal, verplicht=False),
        )
        if wijk is not None:
            a.buurt = r.lees("Buurt", self.buurten[wijk.pk].zoek, verplicht=False)
        elif r.tekst("Buurt") and "Wijk" not in r.fouten:
            r.fouten["Buurt"] = _regel("activiteiten_activiteit_buurt_vraagt_wijk")
        organisatoren = r.lees("Organisatoren", self.organisaties.lijst, verplicht=False) or []
        themas = r.lees("Thema's", self.themas.lijst, verplicht=False) or []
        r.controleer_model(a, self.kop_van_veld, exclude=FKS)
        r.controleer_constraints(a, self.kop_van_veld)  # the end after the start, and more
        return (a, organisatoren, themas), r.fouten

    @contextmanager
    def transactie(self):
        using = router.db_for_write(Activiteit)
        with transaction.atomic(using=using):
            yield
            # the cached figures of the pages count the new activities again (see above)
            wijzigingen.gewijzigd_bij(wijzigingen.PROGRAMMA, using)

    def schrijf(self, batch):
        activiteiten = Activiteit.objects.bulk_create([a for a, _, _ in batch])
        koppel(Activiteit.organisatoren, activiteiten, [os for _, os, _ in batch])
        koppel(Activiteit.themas, activiteiten, [ts for _, _, ts in batch])
