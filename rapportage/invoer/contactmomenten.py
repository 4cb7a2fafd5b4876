"""Contact moments from a file: the columns, the check of one row by the model's own rules,
and the saving of a batch (docs/import.md)."""

from activiteiten import tellingen
from activiteiten.models import Contactmoment, Signaalsoort
from mba import audit
from mba.models import Organisatie, Thema
from wijken.models import Wijk

from .basis import Invoer, Keuze, Rij, geheel_getal, koppel
from .lezen import Opzoeker, buurten_per_wijk, datum

# the foreign keys are records just looked up (Django would ask for each whether it exists)
FKS = [
    "medewerker",
    "organisatie",
    "wijk",
    "buurt",
    "doorverwezen_naar",
    "fysiek_project",
    "activiteit",
]


class Contactmomenten(Invoer):
    """Checks rows and imports them. Reads the lookup tables once."""

    soort = "contactmomenten"
    titel = "Contactmomenten"
    objecttype = audit.CONTACTMOMENT
    # Dutch header -> model field (the error messages name the header)
    KOLOMMEN = [
        ("Datum", "datum"),
        ("Organisatie", "organisatie"),
        ("Wijk", "wijk"),
        ("Buurt", "buurt"),
        ("Kanaal", "kanaal"),
        ("Aanleiding", "aanleiding"),
        ("Soort", "soort"),
        ("Thema's", "themas"),
        ("Signalen", "signalen"),
        ("Bewoners bereikt", "bewoners_bereikt"),
        ("Doorverwezen naar", "doorverwezen_naar"),
        ("Notitie", "notitie"),
    ]

    def __init__(self, user=None):
        super().__init__(user)
        wijken = list(Wijk.objects.all())
        self.wijken = Opzoeker(wijken, "wijk")
        self.buurten = buurten_per_wijk(wijken)
        self.organisaties = Opzoeker(Organisatie.objects.all(), "organisatie")
        self.themas = Opzoeker(Thema.objects.all(), "thema")
        self.signalen = Opzoeker(Signaalsoort.objects.all(), "signaal")
        self.kanalen = Keuze(Contactmoment.Kanaal.choices, "kanaal")
        self.aanleidingen = Keuze(Contactmoment.Aanleiding.choices, "aanleiding")
        self.soorten = Keuze(Contactmoment.Soort.choices, "soort")

    def voorbeeld(self):
        """The example row of the template, with a wijk and an organisation that exist."""
        wijk = Wijk.objects.order_by("volgorde", "naam").first()
        organisatie = Organisatie.objects.order_by("naam").first()
        return [
            "14-3-2021",
            organisatie.naam if organisatie else "Gemeente Assen",
            wijk.naam if wijk else "Pittelo",
            "",
            "Aan de deur",
            "Eigen ronde of huisbezoek",
            "Individueel",
            "",
            "",
            "1",
            "",
            "Gesprek over de speeltuin",
        ]

    def rij(self, waarden):
        """((contact moment, themes, signals), errors {header: message}) of one row."""
        r = Rij(waarden)
        wijk = r.lees("Wijk", self.wijken.zoek)
        c = Contactmoment(
            datum=r.lees("Datum", datum),
            organisatie=r.lees("Organisatie", self.organisaties.zoek),
            wijk=wijk,
            kanaal=r.lees("Kanaal", self.kanalen.zoek) or "",
            aanleiding=r.lees("Aanleiding", self.aanleidingen.zoek) or "",
            soort=r.lees("Soort", self.soorten.zoek, verplicht=False) or "individueel",
            doorverwezen_naar=r.lees("Doorverwezen naar", self.organisaties.zoek, verplicht=False),
            notitie=r.tekst("Notitie"),
        )
        if wijk is not None:
            c.buurt = r.lees("Buurt", self.buurten[wijk.pk].zoek, verplicht=False)
        bereikt = r.lees("Bewoners bereikt", geheel_getal, verplicht=False)
        c.bewoners_bereikt = 1 if bereikt is None else bereikt
        themas = r.lees("Thema's", self.themas.lijst, verplicht=False) or []
        signalen = r.lees("Signalen", self.signalen.lijst, verplicht=False) or []
        r.controleer_model(c, self.kop_van_veld, exclude=FKS)
        c.themas_bits = sum(t.masker for t in themas)
        c.signalen_bits = sum(s.masker for s in signalen)
        return (c, themas, signalen), r.fouten

    def transactie(self):
        # every touched monthly count is recounted once at the end of the transaction, after
        # the links (the counts read themes and signals), so the figures see the bulk writes
        return tellingen.samen()

    def schrijf(self, batch):
        momenten = Contactmoment.objects.bulk_create([c for c, _, _ in batch])
        koppel(Contactmoment.themas, momenten, [ts for _, ts, _ in batch])
        koppel(Contactmoment.signalen, momenten, [ss for _, _, ss in batch])
