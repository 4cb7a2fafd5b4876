"""Contact moments from a file: the columns, the check of one row by the model's own rules,
and the import of all rows in one transaction (docs/import.md)."""

from django.core.exceptions import ValidationError

from activiteiten import tellingen
from activiteiten.models import Contactmoment, Signaalsoort
from mba.models import Organisatie, Thema
from wijken.models import Buurt, Wijk

from .lezen import Opzoeker, datum

BATCH = 2000

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
KOP_VAN_VELD = {veld: kop for kop, veld in KOLOMMEN}


def voorbeeld():
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


FKS = [
    "medewerker",
    "organisatie",
    "wijk",
    "buurt",
    "doorverwezen_naar",
    "fysiek_project",
    "activiteit",
]


class Keuze:
    """A choice field matched by its value or its Dutch label."""

    def __init__(self, choices, wat):
        self.opzoeker = Opzoeker(
            [type("K", (), {"naam": label, "slug": waarde})() for waarde, label in choices], wat
        )

    def zoek(self, waarde):
        return self.opzoeker.zoek(waarde).slug


class Contactmomenten:
    """Checks rows and imports them. Reads the lookup tables once."""

    soort = "contactmomenten"

    def __init__(self):
        wijken = list(Wijk.objects.all())
        self.wijken = Opzoeker(wijken, "wijk")
        self.buurten = {w.pk: Opzoeker([], "buurt") for w in wijken}
        for b in Buurt.objects.all():
            self.buurten.setdefault(b.wijk_id, Opzoeker([], "buurt"))
            o = self.buurten[b.wijk_id]
            o.namen.append(b.naam)
            o.op_sleutel[b.naam.lower()] = o.op_sleutel[b.slug] = b
        self.organisaties = Opzoeker(Organisatie.objects.all(), "organisatie")
        self.themas = Opzoeker(Thema.objects.all(), "thema")
        self.signalen = Opzoeker(Signaalsoort.objects.all(), "signaal")
        self.kanalen = Keuze(Contactmoment.Kanaal.choices, "kanaal")
        self.aanleidingen = Keuze(Contactmoment.Aanleiding.choices, "aanleiding")
        self.soorten = Keuze(Contactmoment.Soort.choices, "soort")

    def rij(self, waarden):
        """(contact moment, themes, signals, errors {header: message}) of one row."""
        fouten = {}

        def lees(kop, functie, verplicht=True):
            waarde = waarden.get(kop.lower(), "")
            if str(waarde).strip() == "":
                if verplicht:
                    fouten[kop] = "Dit veld is verplicht."
                return None
            try:
                return functie(waarde)
            except ValueError as e:
                fouten[kop] = str(e)
                return None

        wijk = lees("Wijk", self.wijken.zoek)
        c = Contactmoment(
            datum=lees("Datum", datum),
            organisatie=lees("Organisatie", self.organisaties.zoek),
            wijk=wijk,
            kanaal=lees("Kanaal", self.kanalen.zoek) or "",
            aanleiding=lees("Aanleiding", self.aanleidingen.zoek) or "",
            soort=lees("Soort", self.soorten.zoek, verplicht=False) or "individueel",
            doorverwezen_naar=lees("Doorverwezen naar", self.organisaties.zoek, verplicht=False),
            notitie=str(waarden.get("notitie", "") or "").strip(),
        )
        if wijk is not None:
            c.buurt = lees("Buurt", self.buurten[wijk.pk].zoek, verplicht=False)
        bereikt = lees("Bewoners bereikt", _geheel_getal, verplicht=False)
        c.bewoners_bereikt = 1 if bereikt is None else bereikt
        themas = lees("Thema's", self.themas.lijst, verplicht=False) or []
        signalen = lees("Signalen", self.signalen.lijst, verplicht=False) or []
        try:
            # the model's own rules (the maxima, the personal-data check, clean()); the check
            # constraints are the same rules as clean() and would cost a query each; the foreign
            # keys are records just looked up (Django would ask for each whether it exists)
            c.full_clean(exclude=FKS, validate_unique=False, validate_constraints=False)
        except ValidationError as e:
            for veld, berichten in e.message_dict.items():
                kop = KOP_VAN_VELD.get(veld, veld)
                fouten.setdefault(kop, " ".join(berichten))
        return c, themas, signalen, fouten

    def controleer(self, rijen, max_fouten=200):
        """(number of rows, [(row number, header, message)]) for these rows; saves nothing."""
        aantal, fouten = 0, []
        for nummer, waarden in rijen:
            aantal += 1
            *_, rijfouten = self.rij(waarden)
            for kop, bericht in rijfouten.items():
                if len(fouten) < max_fouten:
                    fouten.append((nummer, kop, bericht))
        return aantal, fouten

    def importeer(self, rijen):
        """Saves every row, in batches, inside the caller's transaction. Raises ValueError
        (and so rolls back) at the first bad row. Returns the number of rows."""
        ThemaLink = Contactmoment.themas.through
        SignaalLink = Contactmoment.signalen.through
        aantal = 0
        batch = []

        def schrijf():
            momenten = Contactmoment.objects.bulk_create([c for c, _, _ in batch])
            ThemaLink.objects.bulk_create(
                [
                    ThemaLink(contactmoment_id=m.pk, thema_id=t.pk)
                    for m, (_, ts, _) in zip(momenten, batch, strict=True)
                    for t in ts
                ]
            )
            SignaalLink.objects.bulk_create(
                [
                    SignaalLink(contactmoment_id=m.pk, signaalsoort_id=s.pk)
                    for m, (_, _, ss) in zip(momenten, batch, strict=True)
                    for s in ss
                ]
            )
            batch.clear()

        # one transaction; every touched monthly count is recounted once at its end, after the
        # links (the counts read themes and signals), so the figures see the bulk writes
        with tellingen.samen():
            for nummer, waarden in rijen:
                c, themas, signalen, fouten = self.rij(waarden)
                if fouten:
                    kop, bericht = next(iter(fouten.items()))
                    raise ValueError(f"Rij {nummer}, kolom {kop}: {bericht}")
                c.themas_bits = sum(t.masker for t in themas)
                c.signalen_bits = sum(s.masker for s in signalen)
                batch.append((c, themas, signalen))
                aantal += 1
                if len(batch) >= BATCH:
                    schrijf()
            if batch:
                schrijf()
        return aantal


def _geheel_getal(waarde):
    try:
        getal = float(str(waarde).strip().replace(",", "."))
    except ValueError:
        raise ValueError(f"'{waarde}' is geen geheel getal.") from None
    if getal != int(getal):
        raise ValueError(f"'{waarde}' is geen geheel getal.")
    return int(getal)
