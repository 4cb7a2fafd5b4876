"""The query engine of the figures: a fixed set of queries for one period, for one scope or for
the whole city grouped by wijk (``_Berekening``). It returns the sections of ``Kengetallen``
(``resultaten``); ``cijfers`` puts them together and is what callers use.

Queries. For a period of whole months (a year, a quarter, a month) ``kengetallen()`` runs the
same 15 queries whatever the number of rows, wijken, themes or channels
(``KENGETALLEN_QUERIES``); ``kengetallen_per_wijk()`` and ``kengetallen_stad_en_per_wijk()``
run the same 15 grouped by wijk, plus one for the wijken (``KENGETALLEN_PER_WIJK_QUERIES``).
A period that starts or ends within a month and also holds a whole month takes one query more
(query 4 in two parts, see below). ``vergelijking_stad_en_per_wijk()`` (the annual report)
shares queries 1-4 and the wijken between the two years, query 4 reading both years at once
(``VERGELIJKING_STAD_EN_PER_WIJK_QUERIES``):

     1. organisaties (names and order of the organisations counted in 4)
     2. thema's and 3. signaalsoorten, with their bits
     4. contactmomenten: ONE query over the monthly counts (``Contacttelling``, kept by the
        model layer, see activiteiten.tellingen) of the period's whole months, summing
        ``aantal`` per organisation x receiving organisation x declaration (``dimensie``) x
        value: every declaration of ``activiteiten.tellingen.TELLINGEN`` (themes and kinds of
        signal counted from the link tables). The days of a month the period covers only in
        part are counted from the contact moments themselves with the same declarations
        (``gegroepeerd``, one UNION ALL): one query instead when the period lies within one
        month, one query more when it also holds a whole month.
     5. initiatieven: one aggregate (counts per status, draagvlak, amounts)
     6. support asked, grouped by kind
     7. support given, grouped by kind
     8. activiteiten: one aggregate
     9. activiteit-thema links of held activities grouped by theme (contacts and activities
        both count their themes from the link tables: docs/adr/0009)
    10. projects finished in the period (homes demolished / delivered)
    11. projects not finished at the end of the period (homes planned)
    12. projects active in the period (``FysiekProject.objects.actief_in``), each with "has a
        contact" and "has an activity"
    13. prioriteiten valid in the period's year (``Prioriteit.objects.geldig_in``)
    14. their indicatoren
    15. their metingen up to the end of the period's year
    16. the programme's work per priority it is linked to, in ONE query (a UNION ALL of three
        grouped link tables): activities held and their participants, initiatives asked,
        granted and realised, projects active in the period (the contacts per priority are
        declarations of ``activiteiten.tellingen``, counted in query 4)
    17. doorverwijzingen as records (``activiteiten.doorverwijzing.cijfers``), grouped

Counting rules, decided once here:
- a contact moment, initiative (``aangevraagd_op``) or activity (``start``) counts in the period
  its date falls in;
- a contact with two themes counts once for each theme, so the themes add up to more than the
  total; the same holds for signals and kinds of support;
- a follow-up is open while it has no ``vervolg_afgerond_op`` (the state today, as
  ``Contactmoment.objects.open_vervolg()``);
- an activity counts once it is held (status ``gehouden``); city-wide activities count only for
  the city, not for a wijk;
- homes demolished and delivered count in the year of the project's ``eind``
  (``FysiekProject.objects.afgerond_in``); homes planned are those of projects not finished at the
  end of the period; a project without dates is taken as open-ended;
- an indicator's trend and whether its target is reached are its own rules
  (``Indicator.ontwikkeling``, ``Indicator.doel_bereikt``, ``Indicator.oordeel``), over its
  measurements up to the end of the period's year.
"""

import datetime
from collections import defaultdict
from dataclasses import replace
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from activiteiten.doorverwijzing import per_sleutel as overdracht_per_sleutel
from activiteiten.models import (
    Activiteit,
    Contactmoment,
    Contacttelling,
    Signaalsoort,
)
from activiteiten.tellingen import TELLING, gegroepeerd, volgende_maand
from initiatieven.models import Bewonersinitiatief
from initiatieven.voortgang import na_besluit_per_initiatief
from mba.models import Organisatie, Thema
from wijken.models import FysiekProject, Indicator, Meting, Prioriteit

from .periode import Scope
from .resultaten import (
    OVERIGE,
    Activiteiten,
    Contactmomenten,
    Doorverwijzingen,
    Initiatieven,
    Koppeling,
    PrioriteitCijfers,
    Signalen,
    Woningen,
    indicator_cijfers,
)

KENGETALLEN_QUERIES = 17
KENGETALLEN_PER_WIJK_QUERIES = KENGETALLEN_QUERIES + 1
# both years share queries 1-4 (one query over the monthly counts of the two years) and the wijken
VERGELIJKING_STAD_EN_PER_WIJK_QUERIES = 2 * KENGETALLEN_PER_WIJK_QUERIES - 5

CENT = Decimal("0.01")

_LIJSTVELDEN = ("pk", "slug", "naam", "kernpartner")
ActiviteitThemaLink = Activiteit.themas.through
GevraagdLink = Bewonersinitiatief.gevraagde_ondersteuning.through
GebodenLink = Bewonersinitiatief.geboden_ondersteuning.through
ActiviteitPrioriteitLink = Activiteit.prioriteiten.through
InitiatiefPrioriteitLink = Bewonersinitiatief.prioriteiten.through
ProjectPrioriteitLink = FysiekProject.prioriteiten.through

Kanaal = Contactmoment.Kanaal
Aanleiding = Contactmoment.Aanleiding
ContactSoort = Contactmoment.Soort
InitiatiefStatus = Bewonersinitiatief.Status


def _dagen(duur):
    return None if duur is None else round(duur.total_seconds() / 86400, 1)


def _euro(bedrag):
    return (bedrag or Decimal(0)).quantize(CENT)


def _procent(deel, geheel):
    return round(100 * deel / geheel, 1) if geheel else None


def _opgeteld(rijen):
    """Rows of counts and sums added up; None where every row has None."""
    uit = {}
    for rij in rijen:
        for k, v in rij.items():
            if uit.get(k) is None:
                uit[k] = v
            elif v is not None:
                uit[k] += v
    return uit


class _Lijsten:
    """Queries 1-3: the organisations, themes and kinds of signal the contacts are counted by."""

    def __init__(self):
        self.organisaties = {o["pk"]: o for o in Organisatie.objects.values(*_LIJSTVELDEN)}
        self.themas = list(Thema.objects.order_by("volgorde", "naam").values("pk", "slug", "naam"))
        self.soorten = list(
            Signaalsoort.objects.order_by("volgorde", "naam").values("pk", "slug", "naam")
        )


def _maanden(periode):
    """(first month, month after the last) of the whole months in the period, or None; and the
    date ranges of the days before and after them."""
    eerste = periode.start if periode.start.day == 1 else volgende_maand(periode.start)
    laatste = periode.eind.replace(day=1)
    if eerste >= laatste:
        return None, [(periode.start, periode.eind)]
    randen = [(a, b) for a, b in ((periode.start, eerste), (laatste, periode.eind)) if a < b]
    return (eerste, laatste), randen


def _contact_rijen(lijsten, periodes, scope=None, per_wijk=False):
    """Query 4: {periode: rows}, each the sum of one declaration of ``activiteiten.tellingen``
    (``dimensie``) for one value (``waarde``) (per wijk), as ``aantal``. Whole months come from the
    monthly counts (``Contacttelling``, kept by the model layer); the days of a month the period
    only partly covers are counted from the contact moments themselves with the same declarations
    (``gegroepeerd``). Two periods share one query each way."""
    groep = ["wijk"] if per_wijk else []
    scope_q = (scope or Scope()).q()
    uit = {p: [] for p in periodes}
    maanden = {p: _maanden(p) for p in periodes}

    heel = {p: m[0] for p, m in maanden.items() if m[0]}
    if heel:
        q = Q()
        welke = Case(
            *(
                When(maand__gte=a, maand__lt=b, then=Value(i))
                for i, (a, b) in enumerate(heel.values())
            ),
            output_field=IntegerField(),
        )
        for a, b in heel.values():
            q |= Q(maand__gte=a, maand__lt=b)
        rijen = Contacttelling.objects.filter(q & scope_q)
        if len(heel) > 1:
            rijen = rijen.annotate(_periode=welke).values("_periode", *groep, "dimensie", "waarde")
        else:
            rijen = rijen.values(*groep, "dimensie", "waarde")
        perioden = list(heel)
        for rij in rijen.annotate(aantal=Sum("aantal")).order_by():
            uit[perioden[rij.pop("_periode", 0)]].append(rij)

    randen = [(p, a, b) for p, m in maanden.items() for a, b in m[1]]
    if randen:
        q = Q()
        for _, a, b in randen:
            q |= Q(datum__gte=a, datum__lt=b)
        welke = Case(
            *(When(datum__gte=a, datum__lt=b, then=Value(i)) for i, (_, a, b) in enumerate(randen)),
            output_field=IntegerField(),
        )
        contacten = Contactmoment.objects.filter(q & scope_q).annotate(_rand=welke)
        for rij in gegroepeerd(contacten, ["_rand", *groep]):
            uit[randen[rij.pop("_rand")][0]].append(rij)
    return uit


# The sections of ``Kengetallen`` counted from the contact moments by query 4 alone, and those
# that read no contact moment. ``koppeling`` is neither: it reads both (queries 4 and 12).
CONTACTSECTIES = ("contactmomenten", "signalen", "doorverwijzingen")
PROGRAMMASECTIES = ("initiatieven", "activiteiten", "woningen", "indicatoren")


class _Berekening:
    """Runs the fixed set of queries for one period: for one scope (every row under the key
    None), or for the whole city grouped by wijk (every row under its wijk's id; with
    ``met_stad`` also added up under None, the city)."""

    def __init__(self, periode, scope, per_wijk, met_stad=False, lijsten=None):
        self.periode = periode
        self.scope = scope
        self.per_wijk = per_wijk
        self.met_stad = met_stad
        self.lijsten = lijsten
        self.namen = defaultdict(dict)  # "thema" -> {slug: naam}, for the labels

    def _groep(self, wijkpad):
        return [wijkpad] if self.per_wijk else []

    def _sleutels(self, wijk_id):
        """The keys a row of wijk ``wijk_id`` counts under. A city-wide row (no wijk) counts
        under None, the city, only."""
        if not self.per_wijk:
            return (None,)
        if self.met_stad and wijk_id is not None:
            return (wijk_id, None)
        return (wijk_id,)

    def _totalen(self, qs, wijkpad, **aggregaten):
        """One query: the aggregates over the queryset, or per wijk."""
        if not self.per_wijk:
            return {None: qs.aggregate(**aggregaten)}
        rijen = qs.values(wijkpad).annotate(**aggregaten).order_by()
        uit = {rij.pop(wijkpad): rij for rij in rijen}
        if self.met_stad:
            uit[None] = _opgeteld(list(uit.values()))
        return uit

    def _tel_per(self, qs, wijkpad, rel, categorie):
        """One query: rows of ``qs`` (a link table) counted per ``rel`` (a managed list with
        slug, naam and volgorde), in the list's order."""
        velden = [f"{rel}__slug", f"{rel}__naam", f"{rel}__volgorde"]
        rijen = qs.values(*self._groep(wijkpad), *velden).annotate(n=Count("pk")).order_by()
        uit = defaultdict(dict)
        for rij in sorted(rijen, key=lambda r: (r[velden[2]], r[velden[1]])):
            slug = rij[velden[0]]
            self.namen[categorie][slug] = rij[velden[1]]
            for s in self._sleutels(rij.get(wijkpad)):
                uit[s][slug] = uit[s].get(slug, 0) + rij["n"]
        return uit

    def uitvoeren(self, sleutels, contact_rijen=None):
        """{key: {section: figures}} for every key (None, or a wijk's id per wijk): the fields
        of ``Kengetallen`` but its period and scope. ``contact_rijen``: the rows of query 4
        when they were fetched with another period."""
        contact, signalen, doorverwijzingen, met_project = self._contactmomenten(
            sleutels, contact_rijen
        )
        o = self._overdracht(sleutels)
        doorverwijzingen = {s: replace(d, **o[s]) for s, d in doorverwijzingen.items()}
        activiteiten, act_met_project = self._activiteiten(sleutels)
        initiatieven = self._initiatieven(sleutels)
        woningen = self._woningen(sleutels)
        koppeling = self._koppeling(sleutels, met_project, act_met_project)
        indicatoren = self._indicatoren(sleutels)
        return {
            s: {
                "contactmomenten": contact[s],
                "signalen": signalen[s],
                "doorverwijzingen": doorverwijzingen[s],
                "koppeling": koppeling[s],
                "initiatieven": initiatieven[s],
                "activiteiten": activiteiten[s],
                "woningen": woningen[s],
                "indicatoren": indicatoren[s],
                "labels": self._labels(
                    contact[s],
                    signalen[s],
                    doorverwijzingen[s],
                    initiatieven[s],
                    activiteiten[s],
                    woningen[s],
                ),
            }
            for s in sleutels
        }

    def contactsecties(self, sleutels, rijen):
        """{key: {section: figures}} of the sections counted from the rows of query 4 alone
        (``CONTACTSECTIES``), without a query: the home and wijk pages keep the rows per wijk
        and year (``rapportage.paginas``)."""
        contact, signalen, doorverwijzingen, _ = self._contactmomenten(sleutels, rijen)
        return {
            s: {
                "contactmomenten": contact[s],
                "signalen": signalen[s],
                "doorverwijzingen": doorverwijzingen[s],
            }
            for s in sleutels
        }

    def programmasecties(self, sleutels):
        """{key: {section: figures}} of the sections that read no contact moment
        (``PROGRAMMASECTIES``, queries 5-11 and 13-15)."""
        activiteiten, _ = self._activiteiten(sleutels)
        initiatieven = self._initiatieven(sleutels)
        woningen = self._woningen(sleutels)
        indicatoren = self._indicatoren(sleutels)
        return {
            s: {
                "initiatieven": initiatieven[s],
                "activiteiten": activiteiten[s],
                "woningen": woningen[s],
                "indicatoren": indicatoren[s],
            }
            for s in sleutels
        }

    def _labels(self, contact, signalen, doorverwijzingen, initiatieven, activiteiten, woningen):
        """The name of every key used in these figures."""

        def gebruikt(categorie, *dicts):
            namen = self.namen[categorie]
            return {slug: namen[slug] for d in dicts for slug in d}

        return {
            "kanaal": dict(Kanaal.choices),
            "aanleiding": dict(Aanleiding.choices),
            "soort_contact": dict(ContactSoort.choices),
            "initiatief_status": dict(InitiatiefStatus.choices),
            "thema": gebruikt("thema", contact.per_thema, activiteiten.per_thema),
            "signaalsoort": gebruikt("signaalsoort", signalen.per_soort),
            "organisatie": gebruikt(
                "organisatie",
                contact.per_organisatie,
                doorverwijzingen.per_organisatie,
                doorverwijzingen.overdracht_per_organisatie,
                woningen.per_eigenaar,
            ),
            "ondersteuningsvorm": gebruikt(
                "ondersteuningsvorm",
                initiatieven.gevraagde_ondersteuning,
                initiatieven.geboden_ondersteuning,
            ),
        }

    # Queries 1-4.
    def _contactmomenten(self, sleutels, rijen=None):
        """Every figure about contact moments from the rows of query 4 (``_contact_rijen``):
        the monthly counts of the period's whole months and the contact moments of its other
        days, per declaration and value, summed per pair of organisations. A declaration
        without a field of its own goes into ``Contactmomenten.overige``."""
        if self.lijsten is None:
            self.lijsten = _Lijsten()
        organisaties, themas, soorten = (
            self.lijsten.organisaties,
            self.lijsten.themas,
            self.lijsten.soorten,
        )
        if rijen is None:
            rijen = _contact_rijen(self.lijsten, [self.periode], self.scope, self.per_wijk)
            rijen = rijen[self.periode]

        # {key: {dimensie: {waarde: n}}}: the rows added up per key
        telling = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
        for rij in rijen:
            n, dimensie = rij["aantal"] or 0, rij["dimensie"]
            for s in self._sleutels(rij.get("wijk")):
                telling[s][dimensie][rij["waarde"]] += n

        def op_volgorde(waarden):
            """{slug: n} for the organisations that occur (``waarde`` is the pk), core partners
            first, by name."""
            tellingen = {int(pk): n for pk, n in waarden.items() if n}
            volgorde = sorted(
                (organisaties[pk] for pk in tellingen),
                key=lambda o: (not o["kernpartner"], o["naam"]),
            )
            for o in volgorde:
                self.namen["organisatie"][o["slug"]] = o["naam"]
            return {o["slug"]: tellingen[o["pk"]] for o in volgorde}

        def per_item(t, lijst, categorie):
            uit = {}
            for item in lijst:
                if n := t.get(str(item["pk"])):
                    self.namen[categorie][item["slug"]] = item["naam"]
                    uit[item["slug"]] = n
            return uit

        contact, signalen, doorverwijzingen, met_project = {}, {}, {}, {}
        for s in sleutels:
            t = telling[s]

            def getal(naam, t=t):
                return t[naam][""] if naam in t else 0

            def keuze(naam, keuzes, t=t):
                return {w: t[naam].get(w, 0) if naam in t else 0 for w in keuzes.values}

            totaal = getal("totaal")
            contact[s] = Contactmomenten(
                totaal=totaal,
                bewoners_bereikt=getal("bereikt"),
                per_kanaal=keuze("kanaal", Kanaal),
                per_aanleiding=keuze("aanleiding", Aanleiding),
                per_soort=keuze("soort", ContactSoort),
                per_thema=per_item(t.get("thema", {}), themas, "thema"),
                per_organisatie=op_volgorde(t.get("organisatie", {})),
                overige={
                    naam: dict(t[naam]) if TELLING[naam].per else getal(naam) for naam in OVERIGE
                },
            )
            per_signaal = per_item(t.get("signaal", {}), soorten, "signaalsoort")
            met_signaal_n = getal("met_signaal")
            signalen[s] = Signalen(
                totaal=sum(per_signaal.values()),
                per_soort=per_signaal,
                contacten_met_signaal=met_signaal_n,
                aandeel_met_signaal=_procent(met_signaal_n, totaal),
            )
            afgerond_n = getal("vervolg_afgerond")
            dagen = datetime.timedelta(days=getal("dagen"))
            per_ontvanger = op_volgorde(t.get("doorverwezen", {}))
            doorverwijzingen[s] = Doorverwijzingen(
                totaal=sum(per_ontvanger.values()),
                per_organisatie=per_ontvanger,
                vervolg_nodig=getal("vervolg"),
                vervolg_open=getal("vervolg_open"),
                vervolg_afgerond=afgerond_n,
                gemiddeld_dagen_tot_afronding=_dagen(dagen / afgerond_n) if afgerond_n else None,
            )
            met_project[s] = getal("met_project")
        return contact, signalen, doorverwijzingen, met_project

    # Query 17.
    def _overdracht(self, sleutels):
        """``Doorverwijzingen.overdracht_*`` per key (a buurt: its contacts' referrals)."""
        b = self.scope.buurt
        f = Q(contactmoment__buurt=b.pk) if b is not None else self.scope.q()
        uit = overdracht_per_sleutel(self.periode, f, sleutels, self.per_wijk)
        org = {o["slug"]: o["naam"] for o in self.lijsten.organisaties.values()}
        for t in uit.values():
            self.namen["organisatie"].update({k: org[k] for k in t["overdracht_per_organisatie"]})
        return uit

    # Queries 5-7.
    def _initiatieven(self, sleutels):
        qs = Bewonersinitiatief.objects.aangevraagd_in(self.periode.start, self.periode.eind)
        qs = qs.filter(self.scope.q()).annotate(**na_besluit_per_initiatief())
        aggregaten = {
            "aangevraagd": Count("pk"),
            "met_draagvlak": Count("pk", filter=Q(huishoudens_gevraagd__isnull=False)),
            "toegekend": Count("pk", filter=Q(status__in=Bewonersinitiatief.TOEGEKENDE_STATUSSEN)),
            "som_gevraagd": Sum("gevraagd_bedrag"),
            "som_toegekend": Sum("toegekend_bedrag"),
            "som_besteed": Sum("_besteed"),
            "geleverd": Sum("_geleverd"),
        }
        for status in InitiatiefStatus.values:
            aggregaten[f"status_{status}"] = Count("pk", filter=Q(status=status))
        totalen = self._totalen(qs, "wijk", **aggregaten)

        link_filter = (
            self.periode.q("bewonersinitiatief__aangevraagd_op"),
            self.scope.q("bewonersinitiatief__"),
        )
        vormen = {}
        for naam, link in (("gevraagd", GevraagdLink), ("geboden", GebodenLink)):
            vormen[naam] = self._tel_per(
                link.objects.filter(*link_filter),
                "bewonersinitiatief__wijk",
                "ondersteuningsvorm",
                "ondersteuningsvorm",
            )

        uit = {}
        for s in sleutels:
            t = totalen.get(s, {})
            per_status = {st: t.get(f"status_{st}") or 0 for st in InitiatiefStatus.values}
            uit[s] = Initiatieven(
                aangevraagd=t.get("aangevraagd") or 0,
                met_draagvlak=t.get("met_draagvlak") or 0,
                toegekend=t.get("toegekend") or 0,
                afgewezen=per_status[InitiatiefStatus.AFGEWEZEN],
                gerealiseerd=per_status[InitiatiefStatus.GEREALISEERD],
                gestopt=per_status[InitiatiefStatus.GESTOPT],
                per_status=per_status,
                gevraagd_bedrag=_euro(t.get("som_gevraagd")),
                toegekend_bedrag=_euro(t.get("som_toegekend")),
                gevraagde_ondersteuning=vormen["gevraagd"][s],
                geboden_ondersteuning=vormen["geboden"][s],
                per_prioriteit=self._werk_per_prioriteit(sleutels)["initiatief"][s],
                besteed_bedrag=_euro(t.get("som_besteed")),
                ondersteuning_geleverd=t.get("geleverd") or 0,
            )
        return uit

    # Queries 8-9.
    def _activiteiten(self, sleutels):
        qs = Activiteit.objects.filter(self.periode.q("start"), self.scope.q())
        gehouden = Q(status=Activiteit.Status.GEHOUDEN)
        totalen = self._totalen(
            qs,
            "wijk",
            gehouden=Count("pk", filter=gehouden),
            gepland=Count("pk", filter=Q(status=Activiteit.Status.GEPLAND)),
            afgelast=Count("pk", filter=Q(status=Activiteit.Status.AFGELAST)),
            som_deelnemers=Sum("deelnemers", filter=gehouden),
            met_deelnemers=Count("deelnemers", filter=gehouden),
            stedelijk=Count("pk", filter=gehouden & Q(wijk__isnull=True)),
            in_wijk=Count("pk", filter=gehouden & Q(wijk__isnull=False)),
            met_project=Count("pk", filter=gehouden & Q(fysiek_project__isnull=False)),
        )
        per_thema = self._tel_per(
            ActiviteitThemaLink.objects.filter(
                self.periode.q("activiteit__start"),
                self.scope.q("activiteit__"),
                activiteit__status=Activiteit.Status.GEHOUDEN,
            ),
            "activiteit__wijk",
            "thema",
            "thema",
        )
        uit, met_project = {}, {}
        for s in sleutels:
            t = totalen.get(s, {})
            som, met_deelnemers = t.get("som_deelnemers") or 0, t.get("met_deelnemers")
            uit[s] = Activiteiten(
                gehouden=t.get("gehouden") or 0,
                gepland=t.get("gepland") or 0,
                afgelast=t.get("afgelast") or 0,
                deelnemers=t.get("som_deelnemers") or 0,
                gemiddeld_deelnemers=round(som / met_deelnemers, 1) if met_deelnemers else None,
                stedelijk=t.get("stedelijk") or 0,
                in_wijk=t.get("in_wijk") or 0,
                per_thema=per_thema[s],
                per_prioriteit=self._werk_per_prioriteit(sleutels)["activiteit"][s],
            )
            met_project[s] = t.get("met_project") or 0
        return uit, met_project

    # Queries 10-11.
    def _woningen(self, sleutels):
        velden = (
            "pk",
            "naam",
            "soort",
            "status",
            "eind",
            "wijk_id",
            "wijk__slug",
            "eigenaar__slug",
            "eigenaar__naam",
            "woningen_gesloopt",
            "woningen_opgeleverd",
            "woningen_gepland",
        )
        projecten = FysiekProject.objects.filter(self.scope.q()).order_by("wijk__volgorde", "naam")
        afgerond = projecten.afgerond_in(self.periode.start, self.periode.eind).filter(
            Q(woningen_gesloopt__gt=0) | Q(woningen_opgeleverd__gt=0)
        )
        niet_af = projecten.filter(
            Q(eind__isnull=True) | Q(eind__gte=self.periode.eind), woningen_gepland__gt=0
        )
        lijsten = defaultdict(list)
        per_eigenaar = defaultdict(dict)
        for klaar, qs in ((True, afgerond), (False, niet_af)):
            for p in qs.values(*velden):
                telling = {
                    "gesloopt": p["woningen_gesloopt"] if klaar else 0,
                    "opgeleverd": p["woningen_opgeleverd"] if klaar else 0,
                    "gepland": 0 if klaar else p["woningen_gepland"],
                }
                eigenaar = p["eigenaar__slug"]
                self.namen["organisatie"][eigenaar] = p["eigenaar__naam"]
                project = {
                    "id": p["pk"],
                    "naam": p["naam"],
                    "wijk": p["wijk__slug"],
                    "eigenaar": eigenaar,
                    "soort": p["soort"],
                    "status": p["status"],
                    "eind": p["eind"],
                    "afgerond": klaar,
                    **telling,
                }
                for s in self._sleutels(p["wijk_id"]):
                    som = per_eigenaar[s].setdefault(eigenaar, dict.fromkeys(telling, 0))
                    for k, v in telling.items():
                        som[k] += v
                    lijsten[s].append(project)
        uit = {}
        for s in sleutels:
            uit[s] = Woningen(
                gesloopt=sum(p["gesloopt"] for p in lijsten[s]),
                opgeleverd=sum(p["opgeleverd"] for p in lijsten[s]),
                gepland=sum(p["gepland"] for p in lijsten[s]),
                per_eigenaar=per_eigenaar[s],
                projecten=lijsten[s],
                projecten_per_prioriteit={
                    p: w["projecten"]
                    for p, w in self._werk_per_prioriteit(sleutels)["project"][s].items()
                },
            )
        return uit

    # Query 12.
    def _koppeling(self, sleutels, contacten_met_project, activiteiten_met_project):
        p = self.periode
        contact = Contactmoment.objects.filter(p.q("datum"), fysiek_project=OuterRef("pk"))
        activiteit = Activiteit.objects.filter(
            p.q("start"), status=Activiteit.Status.GEHOUDEN, fysiek_project=OuterRef("pk")
        )
        rijen = (
            FysiekProject.objects.actief_in(p.start, p.eind)
            .filter(self.scope.q())
            .annotate(heeft_contact=Exists(contact), heeft_activiteit=Exists(activiteit))
            .order_by("wijk__volgorde", "naam")
            .values(
                "pk",
                "naam",
                "soort",
                "status",
                "wijk_id",
                "wijk__slug",
                "heeft_contact",
                "heeft_activiteit",
            )
        )
        actief_n, zonder = defaultdict(int), defaultdict(list)
        for rij in rijen:
            for s in self._sleutels(rij["wijk_id"]):
                actief_n[s] += 1
                if not rij["heeft_contact"] and not rij["heeft_activiteit"]:
                    zonder[s].append(
                        {
                            "id": rij["pk"],
                            "naam": rij["naam"],
                            "wijk": rij["wijk__slug"],
                            "soort": rij["soort"],
                            "status": rij["status"],
                        }
                    )
        return {
            s: Koppeling(
                contacten_met_project=contacten_met_project[s],
                activiteiten_met_project=activiteiten_met_project[s],
                projecten_actief=actief_n[s],
                projecten_zonder_koppeling=zonder[s],
            )
            for s in sleutels
        }

    # Query 16.
    def _werk_per_prioriteit(self, sleutels):
        """{"activiteit" | "initiatief" | "project": {key: {priority id (str): {figure: n}}}}:
        the work of the period linked to each priority, in one query (once per calculation)."""
        if getattr(self, "_per_prioriteit", None) is not None:
            return self._per_prioriteit
        p, nul = self.periode, Value(0, output_field=IntegerField())

        def tak(link, pad, soort, filters, a, b, c):
            return (
                link.objects.filter(*filters, self.scope.q(f"{pad}__"))
                .values(
                    _p=F("prioriteit_id"),
                    _w=F(f"{pad}__wijk_id"),
                    _d=Value(soort, output_field=CharField()),
                )
                .annotate(a=a, b=b, c=c)
                .order_by()
            )

        toegekend = Bewonersinitiatief.TOEGEKENDE_STATUSSEN
        takken = [
            tak(
                ActiviteitPrioriteitLink,
                "activiteit",
                "activiteit",
                [p.q("activiteit__start"), Q(activiteit__status=Activiteit.Status.GEHOUDEN)],
                Count("pk"),
                Coalesce(Sum("activiteit__deelnemers"), nul),
                nul,
            ),
            tak(
                InitiatiefPrioriteitLink,
                "bewonersinitiatief",
                "initiatief",
                [p.q("bewonersinitiatief__aangevraagd_op")],
                Count("pk"),
                Count("pk", filter=Q(bewonersinitiatief__status__in=toegekend)),
                Count("pk", filter=Q(bewonersinitiatief__status=InitiatiefStatus.GEREALISEERD)),
            ),
            tak(
                ProjectPrioriteitLink,
                "fysiekproject",
                "project",
                [
                    Q(fysiekproject__start__isnull=True) | Q(fysiekproject__start__lt=p.eind),
                    Q(fysiekproject__eind__isnull=True) | Q(fysiekproject__eind__gte=p.start),
                ],
                Count("pk"),
                nul,
                nul,
            ),
        ]
        namen = {
            "activiteit": ("gehouden", "deelnemers"),
            "initiatief": ("aangevraagd", "toegekend", "gerealiseerd"),
            "project": ("projecten",),
        }
        uit = {soort: {s: {} for s in sleutels} for soort in namen}
        for rij in takken[0].union(*takken[1:], all=True):
            soort, prio = rij["_d"], str(rij["_p"])
            for s in self._sleutels(rij["_w"]):
                if s not in uit[soort]:
                    continue
                cijfers = uit[soort][s].setdefault(prio, dict.fromkeys(namen[soort], 0))
                for naam, n in zip(namen[soort], (rij["a"], rij["b"], rij["c"]), strict=False):
                    cijfers[naam] += n or 0
        self._per_prioriteit = uit
        return uit

    # Queries 13-15.
    def _indicatoren(self, sleutels):
        jaar = self.periode.peiljaar
        prioriteiten = Prioriteit.objects.geldig_in(jaar)
        if self.scope.wijk is not None:
            prioriteiten = prioriteiten.filter(wijk=self.scope.wijk.pk)
        indicatoren = defaultdict(list)
        for ind in Indicator.objects.filter(prioriteit__in=prioriteiten).order_by("pk"):
            indicatoren[ind.prioriteit_id].append(ind)
        metingen = defaultdict(list)
        for m in Meting.objects.filter(
            indicator__prioriteit__in=prioriteiten, datum__lte=datetime.date(jaar, 12, 31)
        ).order_by("datum"):
            metingen[m.indicator_id].append(m)

        uit = defaultdict(list)
        for prio in prioriteiten.select_related("wijk"):
            cijfers = PrioriteitCijfers(
                id=prio.pk,
                wijk=prio.wijk.slug,
                titel=prio.titel,
                volgorde=prio.volgorde,
                indicatoren=[indicator_cijfers(i, metingen[i.pk]) for i in indicatoren[prio.pk]],
            )
            for s in self._sleutels(prio.wijk_id):
                uit[s].append(cijfers)
        return {s: uit[s] for s in sleutels}
