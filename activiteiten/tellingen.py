"""What is counted from contact moments, declared once (``TELLINGEN``), and the monthly counts
that the figures read instead of scanning a year of contact moments (``Contacttelling``).

A declaration (``Telling``) has a name, a Dutch definition for readers and how it is counted:
an aggregate over the contact moments (``tel``, by default one per contact), of those that
match ``waar``, either as one number or per value of ``per`` (a field or a many-to-many of
``Contactmoment``: per theme and per kind of signal are counted from the link tables). Adding a
figure is adding a declaration: the counts table holds rows, not columns (``dimensie`` is the
declaration's name, ``waarde`` the value, "" for one number), so it needs no migration, and
``rapportage.kengetallen`` serves it by itself (``Contactmomenten.overige``).

A cell is (month, wijk, buurt). Its rows (one per declaration and value) are a recount: the cell's
rows are deleted and ONE ``INSERT ... SELECT`` of a ``UNION ALL`` of one grouped query per
declaration writes them again (``bijwerken``). ``rapportage.kengetallen`` counts the days of a month
a period only cuts through with the same declarations straight from the contact moments
(``gegroepeerd``): one definition for both.

The model layer keeps the cells equal to the contact moments, in the same transaction as the
change: ``Contactmoment.save()``, its deletion (also a queryset's), ``QuerySet.update()`` of a
counted field (``telvelden()``, read from the declarations), ``bulk_create()`` and the theme and
signal links recount the cells they touch. Inside ``with tellingen.samen():`` those recounts
are collected and each touched cell is recounted once, at the end of the block, still inside
its transaction (the staff app's contact form, the demo loader); outside it, at once. Writes
around the model (raw SQL) end with ``alles_herberekenen()``; ``manage.py
kengetallen_herberekenen`` does the same by hand and says whether anything was off.

This module sits below ``activiteiten.models``, which imports it at the top: it imports no model
and takes them from Django's app registry at call time (``_model()``).
"""

import datetime
import threading
from contextlib import contextmanager
from dataclasses import dataclass

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.models import (
    BigIntegerField,
    CharField,
    Count,
    DateField,
    F,
    Func,
    Q,
    Sum,
    Value,
)
from django.db.models.expressions import Col
from django.db.models.functions import Cast, TruncMonth

from mba import vooraf, wijzigingen
from mba.vooraf import Open


def _model(naam):
    """``Contactmoment`` or ``Contacttelling``, from the app registry at call time."""
    return apps.get_model("activiteiten", naam)


class DagenTussen(Func):
    """Whole days from ``begin`` to ``eind`` (two dates), as an integer on both databases."""

    output_field = BigIntegerField()

    def __init__(self, eind, begin, **extra):
        super().__init__(eind, begin, **extra)

    def as_sql(self, compiler, connection, **extra):  # PostgreSQL: date - date is days
        return super().as_sql(
            compiler, connection, template="(%(expressions)s)", arg_joiner=" - ", **extra
        )

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            template="CAST(ROUND(julianday(%(expressions)s)) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )


@dataclass(frozen=True)
class Telling:
    """One thing counted from contact moments."""

    naam: str  # the counts table's ``dimensie``
    titel: str  # its name, in Dutch, for readers
    uitleg: str  # its definition, in Dutch, for readers (one sentence)
    tel: object = Count("pk")  # the aggregate over the contact moments of a group
    waar: Q | None = None  # only the contact moments that match
    per: str | None = None  # counted per value of this field or many-to-many, else one number
    deel_van: str | None = None  # its values add up exactly to this declaration (suppression)


_AFGEROND = Q(vervolg_afgerond_op__isnull=False)

TELLINGEN = (
    Telling("totaal", "Contactmomenten", "Alle contactmomenten."),
    Telling(
        "bereikt",
        "Bewoners bereikt",
        "Het aantal bewoners dat de contactmomenten bereikten, opgeteld.",
        Sum("bewoners_bereikt"),
    ),
    Telling(
        "met_signaal",
        "Contacten met een signaal",
        "Contactmomenten met minstens één signaal.",
        Count("pk", distinct=True),
        waar=Q(signalen__isnull=False),
    ),
    Telling(
        "vervolg",
        "Vervolg nodig",
        "Contactmomenten waarbij een vervolg nodig is; elke doorverwijzing vraagt om een vervolg.",
        waar=Q(vervolg_nodig=True),
    ),
    Telling(
        "vervolg_open",
        "Vervolg open",
        "Contactmomenten met een vervolg dat (nog) niet is afgerond.",
        waar=Q(vervolg_nodig=True, vervolg_afgerond_op__isnull=True),
    ),
    Telling(
        "vervolg_afgerond",
        "Vervolg afgerond",
        "Contactmomenten met een afgerond vervolg.",
        waar=_AFGEROND,
    ),
    Telling(
        "dagen",
        "Dagen tot afgerond vervolg",
        "De dagen van contact tot afgerond vervolg, opgeteld over de afgeronde vervolgen.",
        Sum(DagenTussen(F("vervolg_afgerond_op"), F("datum"))),
        waar=_AFGEROND,
    ),
    Telling(
        "met_project",
        "Contacten gekoppeld aan een fysiek project",
        "Contactmomenten die aan een fysiek project zijn gekoppeld, via welk kanaal ook: "
        "ook een gesprek aan de deur of op straat over bijvoorbeeld een renovatie telt mee.",
        waar=Q(fysiek_project__isnull=False),
    ),
    Telling(
        "kanaal",
        "Contactmomenten per kanaal",
        "Contactmomenten per kanaal: waar of hoe het contact plaatsvond.",
        per="kanaal",
        deel_van="totaal",
    ),
    Telling(
        "aanleiding",
        "Contactmomenten per aanleiding",
        "Contactmomenten per aanleiding.",
        per="aanleiding",
        deel_van="totaal",
    ),
    Telling(
        "soort",
        "Contactmomenten per soort",
        "Contactmomenten per soort: individueel of collectief.",
        per="soort",
        deel_van="totaal",
    ),
    Telling(
        "organisatie",
        "Contactmomenten per organisatie",
        "Contactmomenten per organisatie die het contact had.",
        per="organisatie",
        deel_van="totaal",
    ),
    Telling(
        "doorverwezen",
        "Doorverwijzingen per organisatie",
        "Contactmomenten per organisatie waarnaar is doorverwezen.",
        per="doorverwezen_naar",
    ),
    Telling(
        "thema",
        "Contactmomenten per thema",
        "Contactmomenten per thema; een contact met twee thema's telt bij elk.",
        per="themas",
    ),
    Telling(
        "signaal",
        "Signalen per soort",
        "Signalen per signaalsoort; een contact met twee signalen telt bij elk.",
        per="signalen",
    ),
    Telling(
        "bereikt_per_kanaal",
        "Bewoners bereikt per kanaal",
        "Het aantal bewoners dat de contactmomenten bereikten, opgeteld per kanaal.",
        Sum("bewoners_bereikt"),
        per="kanaal",
        deel_van="bereikt",
    ),
    # The work per priority it is linked to (wijken.Prioriteit; a contact may serve several):
    # the figures per priority of rapportage.kengetallen.per_prioriteit().
    Telling(
        "prioriteit",
        "Contactmomenten per prioriteit",
        "Contactmomenten die aan de prioriteit zijn gekoppeld; een contact met twee "
        "prioriteiten telt bij elk.",
        per="prioriteiten",
    ),
    Telling(
        "bereikt_per_prioriteit",
        "Bewoners bereikt per prioriteit",
        "Het aantal bewoners dat de aan de prioriteit gekoppelde contactmomenten bereikten, "
        "opgeteld.",
        Sum("bewoners_bereikt"),
        per="prioriteiten",
    ),
    Telling(
        "signaal_per_prioriteit",
        "Contacten met een signaal per prioriteit",
        "Aan de prioriteit gekoppelde contactmomenten met minstens één signaal.",
        Count("pk", distinct=True),
        waar=Q(signalen__isnull=False),
        per="prioriteiten",
    ),
    Telling(
        "doorverwezen_per_prioriteit",
        "Doorverwijzingen per prioriteit",
        "Aan de prioriteit gekoppelde contactmomenten met een doorverwijzing naar een organisatie.",
        waar=Q(doorverwezen_naar__isnull=False),
        per="prioriteiten",
    ),
)
TELLING = {t.naam: t for t in TELLINGEN}

# The keys of a row besides the month: a cell is month x wijk x buurt. The figures per
# organisation and per receiving organisation are declarations of their own, so a cell is not
# split per pair of organisations for every declaration (docs/adr/0009).
SLEUTELS = ("wijk", "buurt")
# Above this many cells a recount goes by whole months instead of cell by cell.
CELLEN_PER_MAAND = 40


def gegroepeerd(contactmomenten, groep):
    """The declarations counted over ``contactmomenten`` in ONE query (a ``UNION ALL`` of one
    grouped query per declaration): rows of ``groep`` (names of fields or annotations), then
    ``dimensie``, ``waarde`` and ``aantal``."""
    delen = []
    for t in TELLINGEN:
        qs = contactmomenten if t.waar is None else contactmomenten.filter(t.waar)
        if t.per:  # per value: a contact without one (no theme) is not counted
            qs = qs.filter(**{f"{t.per}__isnull": False})
        waarde = Cast(t.per, CharField()) if t.per else Value("")
        delen.append(
            qs.values(*groep, dimensie=Value(t.naam), waarde=waarde)
            .annotate(aantal=t.tel)
            .order_by()
        )
    return delen[0].union(*delen[1:], all=True).order_by()


_telvelden = None


def _uitgevouwen(expressie):
    """The expression and every expression in it (a WHERE clause, lookups, functions)."""
    yield expressie
    kinderen = getattr(expressie, "children", None)
    if kinderen is None and hasattr(expressie, "get_source_expressions"):
        kinderen = expressie.get_source_expressions()
    for kind in kinderen or ():
        if kind is not None:
            yield from _uitgevouwen(kind)


def telvelden():
    """The fields of ``Contactmoment`` whose change changes a count: the keys of a cell and of
    its groups, and every field a declaration reads (read from the compiled declarations, so a
    new declaration cannot forget one). An ``update()`` of other fields recounts nothing."""
    global _telvelden
    if _telvelden is None:
        Contactmoment = _model("Contactmoment")
        namen = {"datum", *SLEUTELS}
        for t in TELLINGEN:
            qs = Contactmoment.objects.all()
            if t.waar is not None:
                qs = qs.filter(t.waar)
            qs = qs.annotate(_tel=t.tel)
            if t.per:
                qs = qs.annotate(_per=F(t.per))
            query = qs.query
            for expressie in [query.where, *query.annotations.values()]:
                for e in _uitgevouwen(expressie):
                    if isinstance(e, Col) and e.target.model is Contactmoment:
                        namen.add(e.target.name)
        velden = [Contactmoment._meta.get_field(n) for n in namen]
        _telvelden = frozenset(n for f in velden for n in {f.name, f.attname})
    return _telvelden


def maand_van(datum):
    return datum.replace(day=1)


def volgende_maand(maand):
    return (maand + datetime.timedelta(days=32)).replace(day=1)


def cel(datum, wijk_id, buurt_id):
    """The cell a contact moment counts in."""
    return (maand_van(datum), wijk_id, buurt_id)


def _cel_q(cellen, datumveld):
    q = Q()
    for maand, wijk_id, buurt_id in cellen:
        q |= Q(
            **{f"{datumveld}__gte": maand, f"{datumveld}__lt": volgende_maand(maand)},
            wijk_id=wijk_id,
            buurt_id=buurt_id,
        )
    return q


def _maanden_q(maanden, datumveld):
    q = Q()
    for maand in maanden:
        q |= Q(**{f"{datumveld}__gte": maand, f"{datumveld}__lt": volgende_maand(maand)})
    return q


def _sleutel(c):
    return (c[0], c[1], c[2] or 0)


def _vergrendel(connection, cellen):
    """PostgreSQL: one advisory lock per cell, in a fixed order, until the transaction ends, so
    two transactions that recount the same cell take turns (the second sees the first's rows).
    SQLite writes one transaction at a time already."""
    if connection.vendor != "postgresql":
        return
    sleutels = sorted(
        ((m.year * 12 + m.month) << 40) | ((w or 0) << 20) | (b or 0) for m, w, b in cellen
    )
    with connection.cursor() as cursor:
        for s in sleutels:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [s])


def _rijen_qs(contactmomenten):
    """The rows of the counts table, counted from a queryset of contact moments (one query)."""
    return gegroepeerd(
        contactmomenten.annotate(k_maand=TruncMonth("datum")), ["k_maand", *SLEUTELS]
    )


def _een_cel_sql(connection, Contactmoment, buurt_leeg):
    """One cell's recount (the save of one contact moment), compiled once per database and per
    "buurt or none" (``mba.vooraf``): compiling the UNION of every declaration costs ~10 ms of
    Python, running it ~1 ms (docs/adr/0011)."""

    def recount():
        cel_q = Q(
            datum__gte=Open("begin", DateField()),
            datum__lt=Open("eind", DateField()),
            wijk_id=Open("wijk", BigIntegerField()),
        )
        cel_q &= Q(buurt_id=None) if buurt_leeg else Q(buurt_id=Open("buurt", BigIntegerField()))
        return _rijen_qs(Contactmoment.objects.using(connection.alias).filter(cel_q))

    return vooraf.sql(("tellingen-cel", buurt_leeg), recount, connection.alias)


def _invoegen(contactmomenten, Contacttelling, connection, cel=None):
    """INSERT ... SELECT: the counts go from the grouped queries straight into the table,
    without a row in Python. One ``cel`` (month, wijk id, buurt id) runs the statement
    compiled once for it; otherwise ``contactmomenten`` is compiled."""
    if cel is None:
        sql, params = _rijen_qs(contactmomenten).query.sql_with_params()
    else:
        maand, wijk_id, buurt_id = cel
        sql, plekken = _een_cel_sql(connection, contactmomenten.model, buurt_id is None)
        datum = connection.ops.adapt_datefield_value
        waarden = {
            "begin": datum(maand),
            "eind": datum(volgende_maand(maand)),
            "wijk": wijk_id,
            "buurt": buurt_id,
        }
        params = vooraf.vul(plekken, waarden)
    qn = connection.ops.quote_name
    opts = Contacttelling._meta
    kolommen = ["maand", *(opts.get_field(s).column for s in SLEUTELS), "dimensie", "waarde"]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {qn(opts.db_table)} ({', '.join(map(qn, [*kolommen, 'aantal']))}) "
            f"SELECT * FROM ({sql}) x",
            params,
        )


# --- collecting the touched cells ------------------------------------------------------------

_open = threading.local()


def _verzameld(using):
    return getattr(_open, "cellen", {}).get(using)


@contextmanager
def samen(using=DEFAULT_DB_ALIAS):
    """A transaction in which every touched cell is recounted once, at the end of the block
    (still inside the transaction), however many writes touch it. Nested blocks join the
    outer one."""
    if not hasattr(_open, "cellen"):
        _open.cellen = {}
    if using in _open.cellen:
        with transaction.atomic(using=using, savepoint=False):
            yield
        return
    cellen = _open.cellen[using] = set()
    try:
        with transaction.atomic(using=using):
            yield
            del _open.cellen[using]
            _tel(cellen, using)
    finally:
        _open.cellen.pop(using, None)


def bijwerken(cellen, using=None):
    """Recounts these cells (month, wijk id, buurt id) from the contact moments, in the current
    transaction: at once, or at the end of the ``samen()`` block that is open."""
    using = using or router.db_for_write(_model("Contacttelling"))
    cellen = {c for c in cellen if c is not None}
    verzameld = _verzameld(using)
    if verzameld is not None:
        verzameld |= cellen
    else:
        _tel(cellen, using)


def _tel(cellen, using):
    Contactmoment, Contacttelling = _model("Contactmoment"), _model("Contacttelling")
    cellen = sorted(cellen, key=_sleutel)
    if not cellen:
        return
    connection = connections[using]
    with transaction.atomic(using=using, savepoint=False):
        _vergrendel(connection, cellen)
        if len(cellen) > CELLEN_PER_MAAND:
            maanden = sorted({c[0] for c in cellen})
            bron, weg = _maanden_q(maanden, "datum"), _maanden_q(maanden, "maand")
        else:
            bron, weg = _cel_q(cellen, "datum"), _cel_q(cellen, "maand")
        Contacttelling.objects.using(using).filter(weg).delete()
        _invoegen(
            Contactmoment.objects.using(using).filter(bron),
            Contacttelling,
            connection,
            cel=cellen[0] if len(cellen) == 1 else None,
        )
    # The figures cached under the data versions of these cells' years and wijken
    # (mba.wijzigingen) are counted again, those of other wijken and years are not: this covers
    # every write through the model, also those no signal reports (update(), bulk_create()).
    jaren = {(maand.year, wijk_id) for maand, wijk_id, _ in cellen}
    delen = {versie_van(j, w) for j, w in jaren} | {versie_van(j) for j, _ in jaren}
    wijzigingen.gewijzigd_bij(sorted(delen), using)


def versie_van(jaar, wijk_id=None):
    """The data version (``mba.wijzigingen``) of the contact moments of one year in one wijk
    (without a wijk: in the city), renewed by every recount of one of its cells. A cache of
    what is counted from them is keyed on it and on the whole (``wijzigingen.CONTACTEN``,
    renewed by a full recount and by raw SQL)."""
    return wijzigingen.deel(wijzigingen.CONTACTEN, jaar, "stad" if wijk_id is None else wijk_id)


def cellen_van(queryset):
    """The cells of the contact moments in ``queryset``."""
    return {
        cel(d, w, b)
        for d, w, b in queryset.order_by().values_list("datum", "wijk_id", "buurt_id").distinct()
    }


def alles_herberekenen(using=None):
    """Recounts every cell from the contact moments. Returns the number of rows."""
    Contactmoment, Contacttelling = _model("Contactmoment"), _model("Contacttelling")
    using = using or router.db_for_write(Contacttelling)
    with transaction.atomic(using=using):
        Contacttelling.objects.using(using).all().delete()
        _invoegen(Contactmoment.objects.using(using).all(), Contacttelling, connections[using])
        wijzigingen.gewijzigd_bij(wijzigingen.CONTACTEN, using)
    return Contacttelling.objects.using(using).count()


def verschillen(using=None):
    """How many rows of ``Contacttelling`` differ from a recount (0: all is well)."""
    Contactmoment, Contacttelling = _model("Contactmoment"), _model("Contacttelling")
    using = using or router.db_for_write(Contacttelling)

    def maand(m):
        return m.date() if isinstance(m, datetime.datetime) else m

    sleutels = ["maand", *(f"{s}_id" for s in SLEUTELS), "dimensie", "waarde"]
    nu = {
        (maand(r[0]), *r[1:-1]): r[-1]
        for r in Contacttelling.objects.using(using).values_list(*sleutels, "aantal")
    }
    moet = {}
    for r in _rijen_qs(Contactmoment.objects.using(using).all()):
        sleutel = (maand(r["k_maand"]), *(r[s] for s in SLEUTELS), r["dimensie"], r["waarde"])
        moet[sleutel] = r["aantal"]
    return sum(1 for k in nu.keys() | moet.keys() if nu.get(k) != moet.get(k))
