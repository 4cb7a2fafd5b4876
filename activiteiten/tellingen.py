"""The monthly counts of contact moments (``Contacttelling``): what the figures read instead of
scanning a year of contact moments.

One definition: ``contact_aggregaten()`` is the list of counts and sums that the figures take
from contact moments. ``rapportage.kengetallen`` runs it over the contact moments of the days
that do not fill a month, and this module runs it to fill ``Contacttelling``: per month, wijk and
buurt (a "cell"), grouped by organisation x receiving organisation, exactly the rows the figures
would get from a scan of that month.

The model layer keeps the cells equal to the contact moments, in the same transaction as the
change: ``Contactmoment.save()``, its deletion (also a queryset's), ``QuerySet.update()`` and
``bulk_create()`` of contact moments, and the theme and signal links (they change the bit masks
through ``update()``) recount the cells they touch from the contact moments themselves, so a
cell is always a recount, never a running total that can drift. Writes around the model (raw
SQL, as the demo's bulk load does) end with ``alles_herberekenen()``; ``manage.py
kengetallen_herberekenen`` does the same by hand and says whether anything was off.

This module sits below ``activiteiten.models``, which imports it at the top: it imports no model
(an import cycle between the two hid behind imports inside functions). It takes the models as
arguments where its caller has them, and otherwise from Django's app registry
(``_model()``), as a migration does.
"""

import datetime

from django.apps import apps
from django.db import connections, router, transaction
from django.db.models import BigIntegerField, Count, F, Func, Q, Sum
from django.db.models.functions import TruncMonth
from django.db.models.lookups import GreaterThan


def _model(naam):
    """``Contactmoment`` or ``Contacttelling``, from the app registry at call time."""
    return apps.get_model("activiteiten", naam)


MASKER_BITS = 63
# Above this many cells a recount goes by whole months (one grouped query) instead of cell by cell.
CELLEN_PER_MAAND = 40
TELVELDEN = frozenset(
    {
        "datum",
        "wijk",
        "wijk_id",
        "buurt",
        "buurt_id",
        "organisatie",
        "organisatie_id",
        "doorverwezen_naar",
        "doorverwezen_naar_id",
        "kanaal",
        "aanleiding",
        "soort",
        "bewoners_bereikt",
        "vervolg_nodig",
        "vervolg_afgerond_op",
        "fysiek_project",
        "fysiek_project_id",
        "themas_bits",
        "signalen_bits",
    }
)
GROEP = ("organisatie", "doorverwezen_naar")


KEUZEVELDEN = ("kanaal", "aanleiding", "soort")


def _keuzes(model=None):
    """[(field, value)] of the choice fields that are counted per value."""
    if model is None:
        model = _model("Contactmoment")
    return [
        (veld, waarde) for veld in KEUZEVELDEN for waarde, _ in model._meta.get_field(veld).choices
    ]


def keuze_kolommen(model=None):
    return [f"{veld}_{waarde}" for veld, waarde in _keuzes(model)]


VASTE_KOLOMMEN = (
    "totaal",
    "bereikt",
    "met_signaal",
    "vervolg",
    "vervolg_open",
    "vervolg_afgerond",
    "met_project",
)
BIT_KOLOMMEN = tuple(
    f"{kolom}_{bit}" for kolom in ("themas_bits", "signalen_bits") for bit in range(MASKER_BITS)
)


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


def contact_aggregaten(thema_bits=range(MASKER_BITS), signaal_bits=range(MASKER_BITS), model=None):
    """{name: aggregate} of every count and sum the figures take from contact moments. The
    names are the columns of ``Contacttelling`` (``dagen``: days from contact to the end of its
    follow-up, added up)."""
    afgerond = Q(vervolg_afgerond_op__isnull=False)
    aggregaten = {
        "totaal": Count("pk"),
        "bereikt": Sum("bewoners_bereikt"),
        "met_signaal": Count("pk", filter=~Q(signalen_bits=0)),
        "vervolg": Count("pk", filter=Q(vervolg_nodig=True)),
        "vervolg_open": Count("pk", filter=Q(vervolg_nodig=True) & ~afgerond),
        "vervolg_afgerond": Count("pk", filter=afgerond),
        "dagen": Sum(DagenTussen(F("vervolg_afgerond_op"), F("datum")), filter=afgerond),
        "met_project": Count("pk", filter=Q(fysiek_project__isnull=False)),
    }
    for veld, waarde in _keuzes(model):
        aggregaten[f"{veld}_{waarde}"] = Count("pk", filter=Q(**{veld: waarde}))
    for kolom, bits in (("themas_bits", thema_bits), ("signalen_bits", signaal_bits)):
        for bit in bits:
            aggregaten[f"{kolom}_{bit}"] = Count(
                "pk", filter=GreaterThan(F(kolom).bitand(1 << bit), 0)
            )
    return aggregaten


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


def _rijen(contactmomenten, Contacttelling=None):
    """Rows of ``Contacttelling`` (unsaved) counted from a queryset of contact moments."""
    if Contacttelling is None:
        Contacttelling = _model("Contacttelling")

    rijen = (
        contactmomenten.annotate(maand=TruncMonth("datum"))
        .values("maand", "wijk", "buurt", *GROEP)
        .annotate(**contact_aggregaten(model=contactmomenten.model))
        .order_by()
    )
    uit = []
    for r in rijen:
        dagen = r.pop("dagen")
        maand = r.pop("maand")
        if isinstance(maand, datetime.datetime):
            maand = maand.date()
        uit.append(
            Contacttelling(
                maand=maand,
                wijk_id=r.pop("wijk"),
                buurt_id=r.pop("buurt"),
                organisatie_id=r.pop("organisatie"),
                doorverwezen_naar_id=r.pop("doorverwezen_naar"),
                dagen=dagen or 0,
                **{k: v or 0 for k, v in r.items()},
            )
        )
    return uit


def _tel_sql(contactmomenten):
    return (
        contactmomenten.annotate(maand=TruncMonth("datum"))
        .values("maand", "wijk", "buurt", *GROEP)
        .annotate(**contact_aggregaten(model=contactmomenten.model))
        .order_by()
        .query.sql_with_params()
    )


# Compiling the grouped query (some 150 aggregates) costs Django more than running it: the SQL
# for recounting N cells is compiled once per process, with stand-in values for the cells that
# are then swapped for the real ones (by position in the parameters).
_SQL = {}


def _voor(i, buurt_leeg):
    """Stand-in values of cell i: a month, a wijk id and a buurt id that no data has."""
    return (datetime.date(1111 + i, 1, 1), -7_770_000 - i, None if buurt_leeg else -8_880_000 - i)


def _cel_sql(Contactmoment, cellen, using):
    vorm = (connections[using].vendor, Contactmoment, tuple(c[2] is None for c in cellen))
    if vorm not in _SQL:
        nep = [_voor(i, c[2] is None) for i, c in enumerate(cellen)]
        sql, params = _tel_sql(Contactmoment.objects.using(using).filter(_cel_q(nep, "datum")))
        plekken = {}
        for i, c in enumerate(nep):
            for j, waarde in enumerate((c[0], volgende_maand(c[0]), c[1], c[2])):
                if waarde is not None:
                    vormen = (waarde, str(waarde))  # SQLite gets dates as text
                    plekken[i, j] = [k for k, p in enumerate(params) if p in vormen]
                    assert plekken[i, j], "stand-in value not found in the parameters"
        _SQL[vorm] = (sql, list(params), plekken)
    sql, params, plekken = _SQL[vorm]
    params = list(params)
    for (i, j), posities in plekken.items():
        maand, wijk_id, buurt_id = cellen[i]
        waarde = (maand, volgende_maand(maand), wijk_id, buurt_id)[j]
        for k in posities:
            params[k] = str(waarde) if isinstance(params[k], str) else waarde
    return sql, params


def _invoegen(contactmomenten, Contacttelling, connection, sql_params=None):
    """INSERT ... SELECT: the counts go from the grouped query straight into the table, without
    a row in Python."""
    sql, params = sql_params or _tel_sql(contactmomenten)
    qn = connection.ops.quote_name
    sleutels = ["maand", "wijk_id", "buurt_id", "organisatie_id", "doorverwezen_naar_id"]
    tellingen = [
        f.column
        for f in Contacttelling._meta.concrete_fields
        if f.column not in (*sleutels, "id", "dagen")
    ]
    kolommen = ", ".join(qn(k) for k in [*sleutels, "dagen", *tellingen])
    namen = ["maand", "wijk", "buurt", *GROEP]  # the names the grouped query gives them
    waarden = ", ".join(
        [*(f"x.{qn(k)}" for k in namen), f"COALESCE(x.{qn('dagen')}, 0)"]
        + [f"x.{qn(k)}" for k in tellingen]
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {qn(Contacttelling._meta.db_table)} ({kolommen}) "
            f"SELECT {waarden} FROM ({sql}) x",
            params,
        )


def bijwerken(cellen, using=None):
    """Recounts these cells (month, wijk id, buurt id) from the contact moments, in the current
    transaction."""
    Contactmoment, Contacttelling = _model("Contactmoment"), _model("Contacttelling")

    cellen = sorted({c for c in cellen if c is not None}, key=_sleutel)
    if not cellen:
        return
    using = using or router.db_for_write(Contacttelling)
    connection = connections[using]
    with transaction.atomic(using=using):
        _vergrendel(connection, cellen)
        if len(cellen) > CELLEN_PER_MAAND:
            maanden = sorted({c[0] for c in cellen})
            bron = _maanden_q(maanden, "datum")
            weg = _maanden_q(maanden, "maand")
            sql_params = None
        else:
            bron = _cel_q(cellen, "datum")
            weg = _cel_q(cellen, "maand")
            sql_params = _cel_sql(Contactmoment, cellen, using)
        Contacttelling.objects.using(using).filter(weg).delete()
        _invoegen(
            Contactmoment.objects.using(using).filter(bron), Contacttelling, connection, sql_params
        )


def cellen_van(queryset):
    """The cells of the contact moments in ``queryset``."""
    return {
        cel(d, w, b)
        for d, w, b in queryset.order_by().values_list("datum", "wijk_id", "buurt_id").distinct()
    }


def alles_herberekenen(using=None, Contactmoment=None, Contacttelling=None):
    """Recounts every cell from the contact moments. Returns the number of rows. (A migration
    passes its historical models.)"""
    if Contactmoment is None:
        Contactmoment, Contacttelling = _model("Contactmoment"), _model("Contacttelling")

    using = using or router.db_for_write(Contacttelling)
    with transaction.atomic(using=using):
        Contacttelling.objects.using(using).all().delete()
        _invoegen(Contactmoment.objects.using(using).all(), Contacttelling, connections[using])
    return Contacttelling.objects.using(using).count()


def verschillen(using=None):
    """How many rows of ``Contacttelling`` differ from a recount (0: all is well)."""
    Contactmoment, Contacttelling = _model("Contactmoment"), _model("Contacttelling")

    kolommen = ["maand", "wijk_id", "buurt_id", "organisatie_id", "doorverwezen_naar_id"]
    tellen = ["dagen", *VASTE_KOLOMMEN, *keuze_kolommen(), *BIT_KOLOMMEN]

    def sleutel(obj):
        return tuple(getattr(obj, k) for k in kolommen)

    def waarden(obj):
        return tuple(getattr(obj, k) for k in tellen)

    nu = {sleutel(o): waarden(o) for o in Contacttelling.objects.using(using).all()}
    moet = {sleutel(o): waarden(o) for o in _rijen(Contactmoment.objects.using(using).all())}
    return sum(1 for k in nu.keys() | moet.keys() if nu.get(k) != moet.get(k))
