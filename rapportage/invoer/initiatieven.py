"""Residents' initiatives from a file (a coordinator's spreadsheet of last year's initiatives):
the columns, the check of one row by the model's own rules, and the saving of a batch with the
support asked and given and one row of the status history each (docs/import.md).

Contact details of the initiatiefnemer (name, e-mail, phone) are personal data: a row may hold
them only in a wijk where the importing user may see them
(``Bewonersinitiatief.mag_contactgegevens_zien``), and the template has their columns only for
a user who may see them in some wijk. A row may only add an initiative in a wijk where the user
may create one (``mag_bewerken``), as the form offers only those wijken."""

from django.contrib.auth.models import AnonymousUser
from django.db import router

from initiatieven.models import Bewonersinitiatief, Ondersteuningsvorm, StatusWijziging
from initiatieven.views import CONTACTVELDEN
from mba import audit, wijzigingen
from wijken.models import Wijk

from .basis import Invoer, Keuze, Rij, koppel
from .initiatiefregels import KOLOM_VAN, aantal, bedrag, zonder_nul_tekens
from .lezen import Opzoeker, buurten_per_wijk, datum

GEEN_CONTACT = "U mag geen contactgegevens van initiatiefnemers invoeren in deze wijk."
NUL_TEKEN = "Deze waarde bevat een onzichtbaar NUL-teken; typ de tekst opnieuw."
GEEN_WIJK = "U mag in de wijk {wijk} geen initiatieven toevoegen."
# the one row of the status history each imported initiative gets, as a form's save writes it
TOELICHTING = "Vastgelegd met een import."

# the foreign keys are records just looked up (Django would ask for each whether it exists)
FKS = ["wijk", "buurt"]
Status = Bewonersinitiatief.Status


class Initiatieven(Invoer):
    """Checks rows and imports them. Reads the lookup tables once."""

    soort = "initiatieven"
    titel = "Initiatieven"
    objecttype = audit.INITIATIEF
    # Dutch header -> model field (the error messages name the header)
    KOLOMMEN = [
        ("Titel", "titel"),
        ("Omschrijving", "omschrijving"),
        ("Wijk", "wijk"),
        ("Buurt", "buurt"),
        ("Waar", "locatie_omschrijving"),
        ("Status", "status"),
        ("Aangevraagd op", "aangevraagd_op"),
        ("Gevraagd bedrag", "gevraagd_bedrag"),
        ("Toegekend bedrag", "toegekend_bedrag"),
        ("Reden hoger bedrag", "reden_hoger_bedrag"),
        ("Huishoudens gevraagd", "huishoudens_gevraagd"),
        ("Huishoudens voor", "huishoudens_voor"),
        ("Huishoudens tegen", "huishoudens_tegen"),
        ("Draagvlak methode", "draagvlak_methode"),
        ("Draagvlak gemeten op", "draagvlak_gemeten_op"),
        ("Besluit op", "besluit_op"),
        ("Gerealiseerd op", "gerealiseerd_op"),
        ("Resultaat", "resultaat"),
        ("Gevraagde ondersteuning", "gevraagde_ondersteuning"),
        ("Geboden ondersteuning", "geboden_ondersteuning"),
        ("Naam initiatiefnemer", "initiatiefnemer_naam"),
        ("E-mail initiatiefnemer", "initiatiefnemer_email"),
        ("Telefoon initiatiefnemer", "initiatiefnemer_telefoon"),
    ]

    def __init__(self, user=None):
        super().__init__(user)
        # the rules of mba.rechten ask a user; without one nothing is allowed
        self.wie = user if user is not None else AnonymousUser()
        wijken = list(Wijk.objects.all())
        self.wijken = Opzoeker(wijken, "wijk")
        self.buurten = buurten_per_wijk(wijken)
        self.vormen = Opzoeker(Ondersteuningsvorm.objects.all(), "ondersteuningsvorm")
        self.statussen = Keuze(Status.choices, "status")
        self.methoden = Keuze(Bewonersinitiatief.Methode.choices, "draagvlakmethode")
        self.mag_contact = any(
            Bewonersinitiatief(wijk=w).mag_contactgegevens_zien(self.wie) for w in wijken
        )

    @property
    def koppen_alle(self):
        return [kop for kop, _ in self.KOLOMMEN]

    @property
    def koppen(self):
        """The template's headers: the contact columns only for a user who may see them."""
        return [kop for kop, veld in self.KOLOMMEN if self.mag_contact or veld not in CONTACTVELDEN]

    def voorbeeld(self):
        """The example row of the template, in a wijk that exists and the user may add to."""
        wijk = (
            Wijk.objects.bewerkbaar_voor(self.wie).order_by("volgorde", "naam").first()
            or Wijk.objects.order_by("volgorde", "naam").first()
        )
        vormen = list(Ondersteuningsvorm.objects.order_by("volgorde", "naam")[:2])
        waarden = {
            "Titel": "Moestuin achter het buurthuis",
            "Omschrijving": "Bewoners kweken samen groente en delen de oogst",
            "Wijk": wijk.naam if wijk else "Pittelo",
            "Waar": "Grasveld achter het buurthuis",
            "Status": "Gerealiseerd",
            "Aangevraagd op": "14-3-2021",
            "Gevraagd bedrag": "1250,50",
            "Toegekend bedrag": "1000",
            "Huishoudens gevraagd": "40",
            "Huishoudens voor": "28",
            "Huishoudens tegen": "3",
            "Draagvlak methode": "Handtekeningenlijst",
            "Draagvlak gemeten op": "2-4-2021",
            "Besluit op": "20-4-2021",
            "Gerealiseerd op": "15-9-2021",
            "Resultaat": "Twaalf bakken met groente, elke zaterdag open",
            "Gevraagde ondersteuning": ", ".join(v.naam for v in vormen),
            "Geboden ondersteuning": vormen[0].naam if vormen else "",
            "Naam initiatiefnemer": "Voorbeeld Bewoner",
            "E-mail initiatiefnemer": "bewoner@example.org",
            "Telefoon initiatiefnemer": "0592 123 456",
        }
        return [waarden.get(kop, "") for kop in self.koppen]

    def rij(self, waarden):
        """((initiative, support asked, support given), errors {header: message}) of one
        row."""
        r = Rij(waarden)
        wijk = r.lees("Wijk", self.wijken.zoek)
        i = Bewonersinitiatief(
            titel=r.tekst("Titel"),
            omschrijving=r.tekst("Omschrijving"),
            wijk=wijk,
            locatie_omschrijving=r.tekst("Waar"),
            status=r.lees("Status", self.statussen.zoek, verplicht=False) or Status.AANGEVRAAGD,
            aangevraagd_op=r.lees("Aangevraagd op", datum),
            gevraagd_bedrag=r.lees("Gevraagd bedrag", bedrag, verplicht=False),
            toegekend_bedrag=r.lees("Toegekend bedrag", bedrag, verplicht=False),
            reden_hoger_bedrag=r.tekst("Reden hoger bedrag"),
            huishoudens_gevraagd=r.lees("Huishoudens gevraagd", aantal, verplicht=False),
            huishoudens_voor=r.lees("Huishoudens voor", aantal, verplicht=False),
            huishoudens_tegen=r.lees("Huishoudens tegen", aantal, verplicht=False),
            draagvlak_methode=r.lees("Draagvlak methode", self.methoden.zoek, verplicht=False)
            or "",
            draagvlak_gemeten_op=r.lees("Draagvlak gemeten op", datum, verplicht=False),
            besluit_op=r.lees("Besluit op", datum, verplicht=False),
            gerealiseerd_op=r.lees("Gerealiseerd op", datum, verplicht=False),
            resultaat=r.tekst("Resultaat"),
        )
        if wijk is not None:
            i.buurt = r.lees("Buurt", self.buurten[wijk.pk].zoek, verplicht=False)
            if not i.mag_bewerken(self.wie):
                r.fouten["Wijk"] = GEEN_WIJK.format(wijk=wijk.naam)
        self._contactgegevens(r, i)
        gevraagd = r.lees("Gevraagde ondersteuning", self.vormen.lijst, verplicht=False) or []
        geboden = r.lees("Geboden ondersteuning", self.vormen.lijst, verplicht=False) or []
        if not r.tekst("Titel"):
            r.fouten["Titel"] = "Dit veld is verplicht."
        for kop in zonder_nul_tekens(waarden, self.koppen_alle):
            r.fouten[kop] = NUL_TEKEN
        r.controleer_model(i, self.kop_van_veld, exclude=FKS)
        # the majority rule, household counts, amounts and dates: the model's check constraints
        r.controleer_constraints(i, self.kop_van_veld, KOLOM_VAN)
        # a kind named twice is one link (the link table allows each pair once)
        return (i, list(dict.fromkeys(gevraagd)), list(dict.fromkeys(geboden))), r.fouten

    def _contactgegevens(self, r, i):
        """Name, e-mail and phone onto the initiative, or an error on every filled one when
        the user may not see them in the row's wijk (or, without a wijk, in any)."""
        mag = i.mag_contactgegevens_zien(self.wie) if i.wijk_id else self.mag_contact
        for kop, veld in self.KOLOMMEN:
            if veld not in CONTACTVELDEN or not r.tekst(kop):
                continue
            if mag:
                setattr(i, veld, r.tekst(kop))
            else:
                r.fouten[kop] = GEEN_CONTACT

    def schrijf(self, batch):
        initiatieven = Bewonersinitiatief.objects.bulk_create([i for i, _, _ in batch])
        koppel(Bewonersinitiatief.gevraagde_ondersteuning, initiatieven, [g for _, g, _ in batch])
        koppel(Bewonersinitiatief.geboden_ondersteuning, initiatieven, [g for _, _, g in batch])
        # Bewonersinitiatief.save() writes the history's first row; bulk_create does not
        door = self.user if getattr(self.user, "pk", None) else None
        StatusWijziging.objects.bulk_create(
            StatusWijziging(
                initiatief_id=i.pk,
                van_status="",
                naar_status=i.status,
                door=door,
                toelichting=TOELICHTING,
            )
            for i in initiatieven
        )
        # the figures of initiatives are counted on read, but the home and wijk pages keep
        # them under the programme's data version, which the signals bulk_create skips renew
        wijzigingen.gewijzigd_bij(wijzigingen.PROGRAMMA, router.db_for_write(Bewonersinitiatief))
