"""The figures table: this year against last, one row per figure. The annual report shows every
row (``templates/onderdelen/cijfers.html``, for the city and each wijk); the home and wijk pages
show the rows marked ``kern``. The numbers come from ``rapportage.kengetallen``; this only says
which figures are shown, under what name and how.
"""

from dataclasses import dataclass

from mba.getallen import getal

from .kengetallen import DEFINITIES


@dataclass(frozen=True)
class Cijferrij:
    pad: str  # where the figure is in a section's dict: "contactmomenten.per_soort.collectief"
    label: str = ""  # empty: the label of the figure's definition (``DEFINITIES``)
    definitie: str = ""  # the definition's "sectie.sleutel", when it is not the path
    verschil: bool = True  # the difference with last year is shown
    euro: bool = False  # an amount, else a number
    kern: bool = False  # also on the home and wijk pages
    inspringen: bool = False  # a part of the row above it ("— toegekend")

    @property
    def uitleg(self):
        """The figure's definition (``DEFINITIES``): every row has one, shown beside it."""
        sectie, sleutel = (self.definitie or self.pad).split(".", 1)
        return DEFINITIES[sectie][sleutel]

    @property
    def naam(self):
        label = self.label or self.uitleg.label
        return f"— {label}" if self.inspringen else label

    def waarde(self, cijfers):
        for sleutel in self.pad.split("."):
            cijfers = cijfers[sleutel]
        return cijfers


CIJFERRIJEN = [
    Cijferrij("contactmomenten.totaal", "Contactmomenten", kern=True),
    Cijferrij("contactmomenten.bewoners_bereikt", "Bewoners bereikt", kern=True),
    Cijferrij(
        "contactmomenten.per_soort.collectief",
        "Collectieve contacten",
        definitie="contactmomenten.collectief",
    ),
    Cijferrij("signalen.totaal", "Signalen", kern=True),
    Cijferrij("signalen.aandeel_met_signaal", "Contacten met een signaal (%)", verschil=False),
    Cijferrij("doorverwijzingen.totaal", "Doorverwijzingen", kern=True),
    Cijferrij("doorverwijzingen.vervolg_open", "Vervolg nog open", verschil=False, kern=True),
    Cijferrij("doorverwijzingen.overdracht_beantwoord", "Doorverwijzingen beantwoord"),
    Cijferrij(
        "doorverwijzingen.overdracht_binnen_termijn",
        "binnen de termijn",
        verschil=False,
        inspringen=True,
    ),
    Cijferrij(
        "doorverwijzingen.overdracht_gemiddeld_dagen_tot_antwoord",
        "Gemiddeld dagen tot antwoord",
        verschil=False,
    ),
    Cijferrij(
        "doorverwijzingen.gemiddeld_dagen_tot_afronding",
        "Gemiddeld dagen tot afronding vervolg",
        verschil=False,
    ),
    Cijferrij("koppeling.contacten_met_project"),
    Cijferrij(
        "contactmomenten.per_kanaal.project",
        definitie="contactmomenten.kanaal_project",
        inspringen=True,
    ),
    Cijferrij("initiatieven.aangevraagd", "Initiatieven aangevraagd", kern=True),
    Cijferrij(
        "initiatieven.met_draagvlak", "met draagvlak gemeten", verschil=False, inspringen=True
    ),
    Cijferrij("initiatieven.toegekend", "toegekend", verschil=False, kern=True, inspringen=True),
    Cijferrij("initiatieven.gerealiseerd", "gerealiseerd", verschil=False, inspringen=True),
    Cijferrij("initiatieven.gevraagd_bedrag", "Gevraagd bedrag", verschil=False, euro=True),
    Cijferrij("initiatieven.toegekend_bedrag", "Toegekend bedrag", verschil=False, euro=True),
    Cijferrij("initiatieven.besteed_bedrag", "Besteed bedrag", verschil=False, euro=True),
    Cijferrij("initiatieven.ondersteuning_geleverd", "Ondersteuning geleverd", verschil=False),
    Cijferrij("activiteiten.gehouden", "Activiteiten gehouden", kern=True),
    Cijferrij("activiteiten.deelnemers", "Deelnemers aan activiteiten", kern=True),
    Cijferrij("woningen.gesloopt", "Woningen gesloopt"),
    Cijferrij("woningen.opgeleverd", "Woningen opgeleverd"),
]

KERNRIJEN = [rij for rij in CIJFERRIJEN if rij.kern]


def verschil(nu, vorig):
    """'+12' / '−3' / '=' between this year and last year; nothing when either is suppressed."""
    if not isinstance(nu, int | float) or not isinstance(vorig, int | float):
        return ""
    d = nu - vorig
    if d == 0:
        return "="
    return f"+{getal(d)}" if d > 0 else f"−{getal(-d)}"


def cijferrijen(vergelijking, rijen=CIJFERRIJEN):
    """The rows of the table from a comparison's dict (``{"huidig": …, "vorige": …}``): the
    label, the figure's definition, this year's and last year's value, the difference
    (``None``: not shown) and whether the values are amounts."""
    uit = []
    for rij in rijen:
        huidig, vorige = rij.waarde(vergelijking["huidig"]), rij.waarde(vergelijking["vorige"])
        uit.append(
            {
                "label": rij.naam,
                "uitleg": rij.uitleg.uitleg,
                "huidig": huidig,
                "vorige": vorige,
                "verschil": verschil(huidig, vorige) if rij.verschil else None,
                "euro": rij.euro,
            }
        )
    return uit
