"""What every kind of import shares: reading one row's values by their Dutch header, checking
every row by the model's own rules (the dry run), and saving all rows in batches inside one
transaction (docs/import.md). A kind is a subclass with its columns, an example row, ``rij()``
and ``schrijf()``; ``views.SOORTEN`` lists them."""

import abc
import math

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CheckConstraint

from .lezen import Opzoeker

BATCH = 2000


class Keuze:
    """A choice field matched by its value or its Dutch label."""

    def __init__(self, choices, wat):
        self.opzoeker = Opzoeker(
            [type("K", (), {"naam": label, "slug": waarde})() for waarde, label in choices], wat
        )

    def zoek(self, waarde):
        return self.opzoeker.zoek(waarde).slug


def geheel_getal(waarde):
    try:
        getal = float(str(waarde).strip().replace(",", "."))
    except ValueError:
        raise ValueError(f"'{waarde}' is geen geheel getal.") from None
    # "inf" and "nan" are floats to Python, not numbers to a coordinator
    if not math.isfinite(getal) or getal != int(getal):
        raise ValueError(f"'{waarde}' is geen geheel getal.")
    return int(getal)


def ja_nee(waarde):
    tekst = str(waarde).strip().lower()
    if tekst in ("ja", "j", "1", "true", "waar", "x"):
        return True
    if tekst in ("nee", "n", "0", "false", "onwaar"):
        return False
    raise ValueError(f"'{waarde}' is geen ja of nee.")


def koppel(m2m, records, lijsten):
    """The links of a many-to-many field (``Contactmoment.themas``) from each saved record to
    the records in its list, in one bulk INSERT; a record named twice in a list is one link."""
    through = m2m.through
    van = f"{m2m.field.m2m_field_name()}_id"
    naar = f"{m2m.field.m2m_reverse_field_name()}_id"
    through.objects.bulk_create(
        [
            through(**{van: r.pk, naar: d.pk})
            for r, lijst in zip(records, lijsten, strict=True)
            for d in dict.fromkeys(lijst)
        ]
    )


class Rij:
    """The values of one row by header, and the errors found in it ({header: message})."""

    def __init__(self, waarden):
        self.waarden = waarden
        self.fouten = {}

    def tekst(self, kop):
        return str(self.waarden.get(kop.lower(), "") or "").strip()

    def lees(self, kop, functie, verplicht=True):
        """``functie(value)`` of the column, None when empty (an error when required) or when
        ``functie`` raises ValueError (its message is the error)."""
        waarde = self.waarden.get(kop.lower(), "")
        if str(waarde).strip() == "":
            if verplicht:
                self.fouten[kop] = "Dit veld is verplicht."
            return None
        try:
            return functie(waarde)
        except ValueError as e:
            self.fouten[kop] = str(e)
            return None

    def controleer_model(self, obj, kop_van_veld, exclude=()):
        """The model's own rules (field validators such as the maxima and the personal-data
        check, and ``clean()``). Check constraints are left to ``clean()`` and the database:
        each would cost a query per row. Foreign keys in ``exclude`` were just looked up."""
        try:
            obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
        except ValidationError as e:
            for veld, berichten in e.message_dict.items():
                self.fouten.setdefault(kop_van_veld.get(veld, veld), " ".join(berichten))

    def controleer_constraints(self, obj, kop_van_veld, kolom_van=None):
        """The model's check constraints, with Django's own ``constraint.validate`` (one small
        query each: for kinds that come in hundreds or thousands, not for contact moments,
        whose ``clean()`` holds the same rules). A constraint reading a column that has its
        error already is skipped, as ``full_clean`` skips one on an excluded field. The
        message goes to ``kolom_van[constraint name]``, else to the field it reads that comes
        last in the model (of a period: its end; of a maximum: its field)."""
        model = type(obj)
        volgorde = [f.name for f in model._meta.concrete_fields]
        veld_van_kop = {kop: veld for veld, kop in kop_van_veld.items()}
        fout = {veld_van_kop.get(kop, kop) for kop in self.fouten}
        for c in model._meta.constraints:
            if not isinstance(c, CheckConstraint):
                continue
            try:
                c.validate(model, obj, exclude=fout)
            except ValidationError as e:
                veld = (kolom_van or {}).get(c.name) or max(
                    c.condition.referenced_base_fields, key=volgorde.index
                )
                kop = kop_van_veld.get(veld, veld)
                eerder = self.fouten.get(kop)
                bericht = " ".join(e.messages)
                self.fouten[kop] = f"{eerder} {bericht}" if eerder else bericht


class Invoer(abc.ABC):
    """One kind of import. Subclasses set ``soort`` (in the URL), ``titel``, ``objecttype`` (of
    the audit trail), ``KOLOMMEN`` [(Dutch header, field)], and write ``voorbeeld()``,
    ``rij(waarden) -> (record, {header: message})`` and ``schrijf(records)``."""

    soort = ""
    titel = ""
    objecttype = ""
    KOLOMMEN = []
    # the import page lists the classes; a template would call them (and so read every table)
    do_not_call_in_templates = True

    def __init__(self, user=None):
        self.user = user

    @property
    def koppen(self):
        return [kop for kop, _ in self.KOLOMMEN]

    @property
    def kop_van_veld(self):
        return {veld: kop for kop, veld in self.KOLOMMEN}

    @abc.abstractmethod
    def voorbeeld(self):
        """The template's example row: one value per column of ``koppen``."""

    @abc.abstractmethod
    def rij(self, waarden):
        """(record, {header: message}) of one row's values (by lowercased header)."""

    @abc.abstractmethod
    def schrijf(self, records):
        """Saves one batch of records (bulk_create and their links)."""

    def transactie(self):
        """The one transaction of the import; a kind whose figures are counted on write
        recounts in it (contact moments: ``tellingen.samen()``)."""
        return transaction.atomic()

    def controleer(self, rijen, max_fouten=200, voortgang=None):
        """(number of rows, [(row number, header, message)]) for these rows; saves nothing.
        ``voortgang(rows read)`` is called after every batch."""
        aantal, fouten = 0, []
        for nummer, waarden in rijen:
            aantal += 1
            _, rijfouten = self.rij(waarden)
            for kop, bericht in rijfouten.items():
                if len(fouten) < max_fouten:
                    fouten.append((nummer, kop, bericht))
            if voortgang and aantal % BATCH == 0:
                voortgang(aantal)
        return aantal, fouten

    def importeer(self, rijen, voortgang=None):
        """Saves every row, in batches, in one transaction. Raises ValueError (and so rolls
        back) at the first bad row. Returns the number of rows."""
        aantal = 0
        batch = []
        with self.transactie():
            for nummer, waarden in rijen:
                record, fouten = self.rij(waarden)
                if fouten:
                    kop, bericht = next(iter(fouten.items()))
                    raise ValueError(f"Rij {nummer}, kolom {kop}: {bericht}")
                batch.append(record)
                aantal += 1
                if len(batch) >= BATCH:
                    self.schrijf(batch)
                    batch = []
                    if voortgang:
                        voortgang(aantal)
            if batch:
                self.schrijf(batch)
        return aantal
