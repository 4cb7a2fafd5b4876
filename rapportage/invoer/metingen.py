"""Indicator measurements from a file: the columns, the check of one row by the model's own
rules and the form's (the value as the form reads it, the date limits), "one measurement per
indicator per date" against the database and within the file, and the saving of a batch
(docs/import.md)."""

import datetime
import difflib
from collections import defaultdict
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from mba import audit, wijzigingen
from mba.templatetags.datums import kort
from mba.validators import datum_binnen_grenzen
from wijken.forms import DecimaalVeld
from wijken.models import Indicator, Meting, Prioriteit, Wijk

from .basis import Invoer, Rij
from .lezen import Opzoeker, datum

WAARDE = DecimaalVeld()  # the value as the measurement form reads it (12,5 / 12.5 / 1.250,5)


def getal(waarde):
    """A value from ``12,5``, ``12.5``, ``-3`` or a spreadsheet number."""
    if isinstance(waarde, float):
        waarde = Decimal(str(round(waarde, 9)))  # 0.1 + 0.2 in a sheet is 0.3, not 0.30000…04
    elif isinstance(waarde, int) and not isinstance(waarde, bool):
        waarde = Decimal(waarde)
    try:
        return WAARDE.clean(waarde)
    except forms.ValidationError as e:
        if getattr(e, "code", None) == "invalid":
            raise ValueError(
                f"'{waarde}' is geen getal; schrijf bijvoorbeeld 40 of 12,5."
            ) from None
        raise ValueError(" ".join(e.messages)) from None


def getal_tekst(waarde):
    """12.50 as people write it: 12,5."""
    return f"{waarde.normalize():f}".replace(".", ",")


def _sleutels(tekst):
    tekst = str(tekst).strip()
    return {tekst.lower(), slugify(tekst)} - {""}


def _waar(indicatoren):
    return "; ".join(
        f"{i.prioriteit.wijk.naam}, prioriteit '{i.prioriteit.titel}'" for i in indicatoren
    )


class Indicatoren:
    """Finds an indicator by its name (exact, case-insensitive, or by the slug of it). A name
    is unique only within its priority: the row's Wijk and Prioriteit narrow it down, and a name
    that still fits several indicators asks for them."""

    def __init__(self):
        self.alle = list(Indicator.objects.select_related("prioriteit__wijk").order_by("pk"))
        self.op_naam, self.op_slug = defaultdict(list), defaultdict(list)
        for ind in self.alle:
            self.op_naam[ind.naam.strip().lower()].append(ind)
            self.op_slug[slugify(ind.naam)].append(ind)

    def _onbekend(self, naam, wijk):
        """An unknown name, with the nearest known one (in the row's wijk, if given)."""
        namen = sorted(
            {i.naam for i in self.alle if wijk is None or i.prioriteit.wijk_id == wijk.pk}
        )
        dichtbij = difflib.get_close_matches(naam, namen, n=1, cutoff=0.5)
        waar = f" in wijk {wijk.naam}" if wijk is not None else ""
        hint = f" Bedoelt u '{dichtbij[0]}'?" if dichtbij else ""
        return f"Onbekende indicator '{naam}'{waar}.{hint}"

    def zoek(self, r, wijk):
        """The indicator of row ``r`` (a ``Rij``), or None with the error in ``r.fouten``."""
        naam = r.tekst("Indicator")
        if not naam:
            r.fouten["Indicator"] = "Dit veld is verplicht."
            return None
        kandidaten = self.op_naam.get(naam.lower()) or self.op_slug.get(slugify(naam)) or []
        if wijk is not None:
            in_wijk = [i for i in kandidaten if i.prioriteit.wijk_id == wijk.pk]
            if kandidaten and not in_wijk:
                r.fouten["Indicator"] = (
                    f"Wijk {wijk.naam} heeft geen indicator '{naam}'; die staat bij "
                    f"{_waar(kandidaten)}."
                )
                return None
            kandidaten = in_wijk
        if not kandidaten:
            r.fouten["Indicator"] = self._onbekend(naam, wijk)
            return None
        if prioriteit := r.tekst("Prioriteit"):
            bij = [i for i in kandidaten if _sleutels(i.prioriteit.titel) & _sleutels(prioriteit)]
            if not bij:
                r.fouten["Prioriteit"] = (
                    f"De indicator '{naam}' hoort niet bij een prioriteit '{prioriteit}', "
                    f"wel bij: {_waar(kandidaten)}."
                )
                return None
            kandidaten = bij
        if len(kandidaten) > 1:
            wijken = {i.prioriteit.wijk_id for i in kandidaten}
            kolom = "Wijk" if wijk is None and len(wijken) > 1 else "Prioriteit"
            r.fouten["Indicator"] = (
                f"Er zijn {len(kandidaten)} indicatoren '{naam}': bij {_waar(kandidaten)}. "
                f"Vul de kolom {kolom} in om te kiezen."
            )
            return None
        return kandidaten[0]


class Metingen(Invoer):
    """Checks rows and imports them. Reads the indicators and the dates that already have a
    measurement once."""

    soort = "metingen"
    titel = "Metingen"
    # mba.audit has no constant for it; "wijken.meting" is among its OBJECTTYPES
    objecttype = audit.objecttype_van(Meting)
    KOLOMMEN = [
        ("Wijk", "wijk"),
        ("Prioriteit", "prioriteit"),
        ("Indicator", "indicator"),
        ("Datum", "datum"),
        ("Waarde", "waarde"),
        ("Bron", "bron"),
        ("Opmerking", "toelichting"),
    ]

    def __init__(self, user=None):
        super().__init__(user)
        self.wijken = Opzoeker(Wijk.objects.all(), "wijk")
        self.indicatoren = Indicatoren()
        self.bestaand = self._bestaand()
        self.in_bestand = {}  # (indicator id, date) -> the row of the file that has it
        self.nummer = None  # the row being read

    @staticmethod
    def _bestaand():
        """{(indicator id, date): value} of the measurements in the database, in one query."""
        return {
            (i, d): w for i, d, w in Meting.objects.values_list("indicator_id", "datum", "waarde")
        }

    def voorbeeld(self):
        """The example row of the template: an indicator that exists, today (or the last day
        before it without a measurement of that indicator)."""
        ind = self.indicatoren.alle[0] if self.indicatoren.alle else None
        dag = timezone.localdate()
        if ind is None:
            wijk = Wijk.objects.order_by("volgorde", "naam").first()
            return [
                wijk.naam if wijk else "Pittelo",
                "Ontmoeting in de wijk",
                "Kinderen die dagelijks in de speeltuin spelen",
                kort(dag),
                "12,5",
                "Telling door de speeltuinvereniging",
                "Geteld op een zonnige middag",
            ]
        while (ind.pk, dag) in self.bestaand:
            dag -= datetime.timedelta(days=1)
        return [
            ind.prioriteit.wijk.naam,
            ind.prioriteit.titel,
            ind.naam,
            kort(dag),
            "12,5",
            ind.bron or "Wijkenquête",
            "Gemeten na de zomer",
        ]

    def _genummerd(self, rijen):
        """The rows, noting which one is read (a clash within the file names the other row)."""
        self.in_bestand = {}
        for nummer, waarden in rijen:
            self.nummer = nummer
            yield nummer, waarden

    def controleer(self, rijen, max_fouten=200, voortgang=None):
        return super().controleer(self._genummerd(rijen), max_fouten, voortgang)

    def importeer(self, rijen, voortgang=None):
        self.bestaand = self._bestaand()  # as they are now, not as at the dry run
        return super().importeer(self._genummerd(rijen), voortgang)

    def rij(self, waarden):
        """(measurement, errors {header: message}) of one row."""
        r = Rij(waarden)
        wijk = r.lees("Wijk", self.wijken.zoek, verplicht=False)
        indicator = self.indicatoren.zoek(r, wijk)
        m = Meting(
            indicator=indicator,
            datum=r.lees("Datum", datum),
            waarde=r.lees("Waarde", getal),
            bron=r.tekst("Bron"),
            toelichting=r.tekst("Opmerking"),
        )
        if m.datum is not None:
            try:
                datum_binnen_grenzen(m.datum)  # the limits of the form's date field
            except ValidationError as e:
                r.fouten["Datum"] = " ".join(e.messages)
        r.controleer_model(m, self.kop_van_veld, exclude=["indicator"])
        if indicator is not None and m.datum is not None:
            self._een_per_dag(r, m)
        return m, r.fouten

    def _een_per_dag(self, r, m):
        """The unique constraint "one measurement per indicator per date", which the model's
        check leaves out: against the database and against the rows before this one."""
        sleutel = (m.indicator.pk, m.datum)
        if sleutel in self.bestaand:
            r.fouten.setdefault(
                "Datum",
                f"De indicator '{m.indicator.naam}' heeft op {kort(m.datum)} al een meting "
                f"(waarde {getal_tekst(self.bestaand[sleutel])}). Pas die aan bij de "
                f"prioriteit, of kies een andere datum.",
            )
        elif sleutel in self.in_bestand:
            r.fouten.setdefault(
                "Datum",
                f"Rij {self.in_bestand[sleutel]} heeft al een meting van de indicator "
                f"'{m.indicator.naam}' op {kort(m.datum)}: één meting per indicator per datum.",
            )
        else:
            self.in_bestand[sleutel] = self.nummer

    def schrijf(self, batch):
        try:
            with transaction.atomic():  # a savepoint: a clash leaves a usable transaction
                Meting.objects.bulk_create(batch)
        except IntegrityError:
            # a measurement saved by someone else since this import read the database
            raise ValueError(
                "Een indicator in dit bestand heeft intussen al een meting op een van de "
                "datums. Controleer het bestand opnieuw."
            ) from None
        # bulk_create sends no signals: do what the receivers of a saved Meting do. The API
        # row of a priority shows its measurements (mba.meewijzigen), and the cached figures
        # of the pages read them (a new version of the programme's data, mba.wijzigingen).
        Prioriteit._base_manager.filter(pk__in={m.indicator.prioriteit_id for m in batch}).update(
            gewijzigd_op=timezone.now()
        )
        wijzigingen.gewijzigd_bij(wijzigingen.PROGRAMMA, Meting.objects.db)
