"""Reading an uploaded CSV or XLSX file as a stream of rows, and matching its values.

Rows come one at a time (a csv reader over a text wrapper, openpyxl in read-only mode), so a
large file never sits in memory whole."""

import codecs
import csv
import datetime
import difflib
import io

from django.utils.text import slugify

from wijken.models import Buurt

CODERINGEN = ("utf-8-sig", "cp1252")


class Bestandsfout(Exception):
    """The file as a whole cannot be read (a Dutch message for the user)."""


def soort_van(naam):
    naam = (naam or "").lower()
    if naam.endswith(".csv"):
        return "csv"
    if naam.endswith(".xlsx"):
        return "xlsx"
    raise Bestandsfout(
        "Dit is geen CSV- of XLSX-bestand. Kies een bestand dat eindigt op .csv of .xlsx."
    )


def _codering(bestand):
    """UTF-8 (with or without BOM) if the whole file decodes as such, else Windows-1252."""
    bestand.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    try:
        for blok in iter(lambda: bestand.read(1 << 16), b""):
            decoder.decode(blok)
        decoder.decode(b"", final=True)
        return "utf-8-sig"
    except UnicodeDecodeError:
        return "cp1252"
    finally:
        bestand.seek(0)


def _csv_rijen(bestand):
    tekst = io.TextIOWrapper(bestand, encoding=_codering(bestand), newline="")
    try:
        eerste = tekst.readline()
        scheiding = ";" if eerste.count(";") >= eerste.count(",") else ","
        yield from csv.reader(io.StringIO(eerste), delimiter=scheiding)
        yield from csv.reader(tekst, delimiter=scheiding)
    finally:
        # the wrapper would close the file, read again for the import; a file closed already
        # (the reader was dropped after a bad row) needs nothing
        if not bestand.closed:
            tekst.detach()


def _xlsx_rijen(bestand):
    import openpyxl

    bestand.seek(0)
    try:
        boek = openpyxl.load_workbook(bestand, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds for a broken file
        raise Bestandsfout("Dit XLSX-bestand kan niet gelezen worden.") from e
    try:
        blad = boek.worksheets[0]
        for rij in blad.iter_rows(values_only=True):
            yield ["" if v is None else v for v in rij]
    finally:
        boek.close()


def rijen(bestand, naam):
    """(row number, {header: value}) for every row under the header; empty rows skipped."""
    lezer = _csv_rijen(bestand) if soort_van(naam) == "csv" else _xlsx_rijen(bestand)
    try:
        kop = next(lezer)
    except StopIteration:
        raise Bestandsfout("Het bestand is leeg.") from None
    kop = [str(k).strip().lower() for k in kop]
    for nummer, rij in enumerate(lezer, start=2):
        if not any(str(v).strip() for v in rij):
            continue
        yield nummer, {k: rij[i] if i < len(rij) else "" for i, k in enumerate(kop) if k}


def datum(waarde):
    """A date from ``14-3-2021``, ``14/03/2021``, ``2021-03-14`` or an XLSX date."""
    if isinstance(waarde, datetime.datetime):
        return waarde.date()
    if isinstance(waarde, datetime.date):
        return waarde
    tekst = str(waarde).strip()
    for formaat in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%y"):
        try:
            return datetime.datetime.strptime(tekst, formaat).date()
        except ValueError:
            continue
    raise ValueError(f"'{tekst}' is geen datum; schrijf bijvoorbeeld 14-3-2021 of 2021-03-14.")


class Opzoeker:
    """Finds a record by its name or slug, case-insensitively; an unknown value gives a
    message with the nearest known name."""

    def __init__(self, objecten, wat, naam=lambda o: o.naam):
        self.wat = wat
        self.op_sleutel = {}
        self.namen = []
        for o in objecten:
            n = str(naam(o))
            self.namen.append(n)
            self.op_sleutel[n.lower()] = o
            self.op_sleutel[slugify(n)] = o
            if getattr(o, "slug", None):
                self.op_sleutel[o.slug] = o

    def zoek(self, waarde):
        tekst = str(waarde).strip()
        gevonden = self.op_sleutel.get(tekst.lower()) or self.op_sleutel.get(slugify(tekst))
        if gevonden is not None:
            return gevonden
        dichtbij = difflib.get_close_matches(tekst, self.namen, n=1, cutoff=0.5)
        hint = f" Bedoelt u '{dichtbij[0]}'?" if dichtbij else ""
        raise ValueError(f"Onbekende {self.wat} '{tekst}'.{hint}")

    def lijst(self, waarde):
        delen = [d.strip() for d in str(waarde).replace(";", ",").split(",")]
        # a value named twice ("Ontmoeten, ontmoeten") is one link
        return list(dict.fromkeys(self.zoek(d) for d in delen if d))


def buurten_per_wijk(wijken):
    """{wijk id: Opzoeker of its buurten}: a buurt is looked up within the row's wijk."""
    uit = {w.pk: Opzoeker([], "buurt") for w in wijken}
    for b in Buurt.objects.all():
        o = uit.setdefault(b.wijk_id, Opzoeker([], "buurt"))
        o.namen.append(b.naam)
        o.op_sleutel[b.naam.lower()] = o.op_sleutel[b.slug] = b
    return uit
