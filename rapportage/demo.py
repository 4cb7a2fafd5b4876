"""Loading the programme data file (data/mba-2021.toml) and the demo accounts and volume.

Every step is an update-or-create on a natural key, so loading twice changes nothing and a
coordinator's correction in the data file updates the record in place.
"""

import datetime
import hashlib
import random
import tomllib
from collections import deque

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.text import slugify

from activiteiten import tellingen
from activiteiten.models import Activiteit, Contactmoment, Kerncijfer, Signaalsoort
from initiatieven.demo_voortgang import maak_demo_voortgang
from initiatieven.models import Bewonersinitiatief, Ondersteuningsvorm
from mba.models import Medewerker, Organisatie, Thema
from wijken.models import (
    Buurt,
    FysiekProject,
    Indicator,
    Locatie,
    Meting,
    Prioriteit,
    Wijk,
    Wijkprofiel,
)

from .models import Hoofdstuk, Jaarrapportage, RapportVoorbeeld, Voorbeeld, VoorbeeldFoto

DEMO_TOELICHTING = "Overgenomen uit de jaarrapportage (demo)."


class DataFout(Exception):
    """A record in the data file breaks a rule of the model."""


def lees(pad):
    with open(pad, "rb") as f:
        return tomllib.load(f)


def _upsert(model, lookup, defaults):
    """update_or_create that writes only when a value differs, so a second run changes nothing."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **defaults)
    elif all(getattr(obj, k) == v for k, v in defaults.items()):
        return obj
    else:
        for k, v in defaults.items():
            setattr(obj, k, v)
    _schoon(obj)
    obj.save()
    return obj


def _schoon(obj):
    try:
        obj.full_clean()
    except ValidationError as e:
        raise DataFout(f"{obj._meta.verbose_name} {obj}: {' '.join(e.messages)}") from None


def _set_m2m(manager, objs):
    if {o.pk for o in manager.all()} != {o.pk for o in objs}:
        manager.set(objs)


def _regels(lijst):
    return "\n".join(lijst or [])


class Lader:
    def __init__(self, data):
        self.data = data
        self.jaar = data["jaar"]
        self.org = {}
        self.thema = {}
        self.vorm = {o.slug: o for o in Ondersteuningsvorm.objects.all()}

    @tellingen.samen()  # one transaction; every touched month of counts recounted once, at the end
    def laad(self):
        for o in self.data["organisaties"]:
            self.org[o["slug"]] = _upsert(
                Organisatie,
                {"slug": o["slug"]},
                {
                    "naam": o["naam"],
                    "kernpartner": o.get("kernpartner", False),
                    "soort": o["soort"],
                },
            )
        for i, t in enumerate(self.data["themas"]):
            self.thema[t["slug"]] = _upsert(
                Thema, {"slug": t["slug"]}, {"naam": t["naam"], "volgorde": i}
            )
        for i, s in enumerate(self.data["signaalsoorten"]):
            _upsert(
                Signaalsoort,
                {"slug": s["slug"]},
                {"naam": s["naam"], "volgorde": i, "bijzonder": s.get("bijzonder", False)},
            )

        voorbeelden = []
        for i, w in enumerate(self.data["wijken"], start=1):
            voorbeelden += self.laad_wijk(i, w)
        voorbeelden += self.laad_activiteiten_en_voorbeelden(
            None,
            {},
            {},
            {},
            self.data.get("stedelijke_activiteiten", []),
            self.data.get("stedelijke_voorbeelden", []),
        )
        self.laad_rapportage(voorbeelden)
        maak_demo_voortgang()  # progress after the decision (docs/initiatives-after-decision.md)

    def laad_wijk(self, volgorde, w):
        wijk = _upsert(
            Wijk,
            {"slug": w["slug"]},
            {
                "naam": w["naam"],
                "volgorde": volgorde,
                "inzet": w["inzet"],
                "aandeel_kwetsbare_huishoudens": w.get("aandeel_kwetsbare_huishoudens"),
                "kwetsbare_huishoudens": w.get("kwetsbare_huishoudens", ""),
            },
        )
        buurten = {}
        for b in w.get("buurten", []):
            buurten[b["naam"]] = _upsert(
                Buurt, {"wijk": wijk, "slug": slugify(b["naam"])}, {"naam": b["naam"]}
            )
        locaties = {}
        for loc in w.get("locaties", []):
            locaties[loc["naam"]] = _upsert(
                Locatie,
                {"wijk": wijk, "naam": loc["naam"]},
                {
                    "soort": loc["soort"],
                    "buurt": buurten.get(loc.get("buurt")),
                    "adres": loc.get("adres", ""),
                    "geopend_op": loc.get("geopend"),
                    "gesloten_op": loc.get("gesloten"),
                },
            )
        profiel = w.get("profiel")
        if profiel:
            _upsert(
                Wijkprofiel,
                {"wijk": wijk, "jaar": self.jaar},
                {
                    "tekst": profiel["tekst"].strip(),
                    "werkzaamheden": _regels(profiel.get("werkzaamheden")),
                    "prioriteiten_toelichting": profiel.get("prioriteiten_toelichting", "").strip(),
                },
            )
        prioriteiten = {}
        for i, p in enumerate(w.get("prioriteiten", []), start=1):
            prio = prioriteiten[p["titel"]] = _upsert(
                Prioriteit,
                {"wijk": wijk, "titel": p["titel"], "geldig_van": p.get("geldig_van", self.jaar)},
                {
                    "toelichting": p.get("toelichting", "").strip(),
                    "beoogd_effect": p.get("beoogd_effect", "").strip(),
                    "volgorde": i,
                    "geldig_tot": p.get("geldig_tot"),
                },
            )
            _set_m2m(prio.themas, [self.thema[t] for t in p.get("themas", [])])
            for ind in p.get("indicatoren", []):
                indicator = _upsert(
                    Indicator,
                    {"prioriteit": prio, "naam": ind["naam"]},
                    {
                        "eenheid": ind.get("eenheid", ""),
                        "richting": ind.get("richting", "hoger"),
                        "nulmeting": ind.get("nulmeting"),
                        "nulmeting_datum": ind.get("nulmeting_datum"),
                        "streefwaarde": ind.get("streefwaarde"),
                        "streefdatum": ind.get("streefdatum"),
                        "bronsoort": ind.get("bronsoort", ""),
                        "bron": ind.get("bron", ""),
                    },
                )
                for m in ind.get("metingen", []):
                    _upsert(
                        Meting,
                        {"indicator": indicator, "datum": m["datum"]},
                        {
                            "waarde": m["waarde"],
                            "bron": m.get("bron", ""),
                            "toelichting": m.get("toelichting", ""),
                        },
                    )
        projecten = {}
        for p in w.get("projecten", []):
            projecten[p["naam"]] = _upsert(
                FysiekProject,
                {"wijk": wijk, "naam": p["naam"]},
                {
                    "soort": p["soort"],
                    "status": p["status"],
                    "eigenaar": self.org[p["eigenaar"]],
                    "aannemer": p.get("aannemer", ""),
                    "buurt": buurten.get(p.get("buurt")),
                    "start": p.get("start"),
                    "eind": p.get("eind"),
                    "woningen_gesloopt": p.get("woningen_gesloopt", 0),
                    "woningen_opgeleverd": p.get("woningen_opgeleverd", 0),
                    "woningen_gepland": p.get("woningen_gepland", 0),
                    "omschrijving": p.get("omschrijving", "").strip(),
                },
            )
            # the priorities the report links it to (by the wijk's themes): data/README.md
            _set_m2m(
                projecten[p["naam"]].prioriteiten,
                [prioriteiten[t] for t in p.get("prioriteiten", [])],
            )
        initiatieven = {}
        for ini in w.get("initiatieven", []):
            initiatieven[ini["titel"]] = self.laad_initiatief(wijk, buurten, ini)
        return self.laad_activiteiten_en_voorbeelden(
            wijk,
            buurten,
            locaties,
            {"projecten": projecten, "initiatieven": initiatieven, "prioriteiten": prioriteiten},
            w.get("activiteiten", []),
            w.get("voorbeelden", []),
        )

    def laad_initiatief(self, wijk, buurten, ini):
        velden = {
            "omschrijving": ini.get("omschrijving", "").strip(),
            "buurt": buurten.get(ini.get("buurt")),
            "locatie_omschrijving": ini.get("locatie_omschrijving", ""),
            "aangevraagd_op": ini["aangevraagd_op"],
            "initiatiefnemer_naam": ini.get("initiatiefnemer", ""),
            "initiatiefnemer_email": ini.get("initiatiefnemer_email", ""),
            "initiatiefnemer_telefoon": ini.get("initiatiefnemer_telefoon", ""),
            "gevraagd_bedrag": ini.get("gevraagd_bedrag"),
            "reden_hoger_bedrag": ini.get("reden_hoger_bedrag", ""),
            "huishoudens_gevraagd": ini.get("huishoudens_gevraagd"),
            "huishoudens_voor": ini.get("huishoudens_voor"),
            "huishoudens_tegen": ini.get("huishoudens_tegen"),
            "draagvlak_methode": ini.get("draagvlak_methode", ""),
            "draagvlak_gemeten_op": ini.get("draagvlak_gemeten_op"),
            "besluit_op": ini.get("besluit_op"),
            "gerealiseerd_op": ini.get("gerealiseerd_op"),
            "resultaat": ini.get("resultaat", "").strip(),
        }
        doel = ini["status"]
        bedrag = ini.get("toegekend_bedrag")
        obj = Bewonersinitiatief.objects.filter(wijk=wijk, titel=ini["titel"]).first()
        if obj is None:
            obj = Bewonersinitiatief(wijk=wijk, titel=ini["titel"], **velden)
            _schoon(obj)
            obj.save(toelichting=DEMO_TOELICHTING)
        elif any(getattr(obj, k) != v for k, v in velden.items()):
            for k, v in velden.items():
                setattr(obj, k, v)
            _schoon(obj)
            obj.save(toelichting=DEMO_TOELICHTING)
        # Walk the workflow to the status of the report, so the history is complete.
        for stap in statuspad(obj.status, doel):
            obj.status = stap
            if stap in Bewonersinitiatief.TOEGEKENDE_STATUSSEN or stap == "gestopt":
                obj.toegekend_bedrag = bedrag
            _schoon(obj)
            obj.save(toelichting=DEMO_TOELICHTING)
        if obj.status in (*Bewonersinitiatief.TOEGEKENDE_STATUSSEN, "gestopt") and (
            obj.toegekend_bedrag != bedrag
        ):
            obj.toegekend_bedrag = bedrag
            _schoon(obj)
            obj.save()
        _set_m2m(
            obj.gevraagde_ondersteuning,
            [self.vorm[v] for v in ini.get("gevraagde_ondersteuning", [])],
        )
        _set_m2m(
            obj.geboden_ondersteuning, [self.vorm[v] for v in ini.get("geboden_ondersteuning", [])]
        )
        return obj

    def laad_activiteiten_en_voorbeelden(
        self, wijk, buurten, locaties, links, activiteiten, voorbeelden
    ):
        projecten = links.get("projecten", {})
        initiatieven = links.get("initiatieven", {})
        prioriteiten = links.get("prioriteiten", {})
        per_naam = {}
        for a in activiteiten:
            act = _upsert(
                Activiteit,
                {"wijk": wijk, "naam": a["naam"], "start": a["start"]},
                {
                    "omschrijving": a.get("omschrijving", "").strip(),
                    "buurt": buurten.get(a.get("buurt")),
                    "locatie": locaties.get(a.get("locatie")),
                    "locatie_omschrijving": a.get("locatie_omschrijving", ""),
                    "eind": a.get("eind"),
                    "status": a.get("status", "gehouden"),
                    "organisatoren_omschrijving": a.get("organisatoren_omschrijving", ""),
                    "deelnemers": a.get("deelnemers"),
                    "initiatief": initiatieven.get(a.get("initiatief")),
                    "fysiek_project": projecten.get(a.get("project")),
                },
            )
            _set_m2m(act.organisatoren, [self.org[o] for o in a.get("organisatoren", [])])
            _set_m2m(act.themas, [self.thema[t] for t in a.get("themas", [])])
            _set_m2m(act.prioriteiten, [prioriteiten[t] for t in a.get("prioriteiten", [])])
            cijfers = a.get("kerncijfers", [])
            for i, k in enumerate(cijfers):
                _upsert(
                    Kerncijfer,
                    {"activiteit": act, "volgorde": i},
                    {
                        "aantal": k["aantal"],
                        "omschrijving": k["omschrijving"],
                        "circa": k.get("circa", False),
                    },
                )
            act.kerncijfers.filter(volgorde__gte=len(cijfers)).delete()
            per_naam[a["naam"]] = act
        result = []
        for v in voorbeelden:
            voorbeeld = _upsert(
                Voorbeeld,
                {"jaar": self.jaar, "wijk": wijk, "titel": v["titel"]},
                {
                    "tekst": v["tekst"].strip(),
                    "resultaten": _regels(v.get("resultaten")),
                    "initiatief": initiatieven.get(v.get("initiatief")),
                    "activiteit": per_naam.get(v.get("activiteit")),
                    "fysiek_project": projecten.get(v.get("project")),
                },
            )
            self.laad_fotos(voorbeeld, v.get("fotos", []))
            result.append(voorbeeld)
        return result

    def laad_fotos(self, voorbeeld, fotos):
        for i, f in enumerate(fotos):
            _upsert(
                VoorbeeldFoto,
                {"voorbeeld": voorbeeld, "volgorde": i},
                {
                    "bestand": fotobestand(f["bestand"]),
                    "alt_tekst": f["alt_tekst"],
                    "bijschrift": f.get("bijschrift", ""),
                },
            )
        voorbeeld.fotos.filter(volgorde__gte=len(fotos)).delete()

    def laad_rapportage(self, voorbeelden):
        r = self.data["rapportage"]
        rapport = Jaarrapportage.objects.filter(jaar=self.jaar).first()
        if rapport is not None and rapport.status == Jaarrapportage.Status.GEPUBLICEERD:
            return  # a published report is frozen
        rapport = _upsert(
            Jaarrapportage,
            {"jaar": self.jaar},
            {
                "titel": r["titel"],
                "voorwoord_titel": r.get("voorwoord_titel", ""),
                "voorwoord": r.get("voorwoord", "").strip(),
                "ondertekening": r.get("ondertekening", "Stuurgroep Mijn Buurt Assen"),
            },
        )
        for h in r.get("hoofdstukken", []):
            _upsert(
                Hoofdstuk,
                {"rapportage": rapport, "sleutel": h["sleutel"]},
                {"titel": h["titel"], "tekst": h.get("tekst", "").strip()},
            )
        for i, v in enumerate(voorbeelden):
            _upsert(RapportVoorbeeld, {"rapportage": rapport, "voorbeeld": v}, {"volgorde": i})


FOTO_MAP = settings.BASE_DIR / "data" / "fotos"


def fotobestand(bestand):
    """The name in MEDIA of the picture ``data/fotos/<bestand>``: copied once, under a name that
    holds a hash of its contents, so loading twice writes nothing and a changed picture never
    overwrites the file that a published report shows."""
    bron = FOTO_MAP / bestand
    if bron.name != bestand or not bron.is_file():
        raise DataFout(f"Foto {bestand!r} staat niet in data/fotos/.")
    inhoud = bron.read_bytes()
    naam = f"voorbeelden/demo/{bron.stem}-{hashlib.sha256(inhoud).hexdigest()[:12]}{bron.suffix}"
    if not default_storage.exists(naam):
        opgeslagen = default_storage.save(naam, ContentFile(inhoud))
        assert opgeslagen == naam, (opgeslagen, naam)
    return naam


def statuspad(van, naar):
    """The shortest path of allowed status changes from `van` to `naar` (without `van`)."""
    transities = Bewonersinitiatief.TRANSITIES
    vorige = {van: None}
    rij = deque([van])
    while rij:
        s = rij.popleft()
        if s == naar:
            break
        for t in transities[s]:
            if t not in vorige:
                vorige[t] = s
                rij.append(t)
    if naar not in vorige:
        raise ValueError(f"Van status {van} is {naar} niet te bereiken.")
    pad = []
    s = naar
    while s != van:
        pad.append(s)
        s = vorige[s]
    return list(reversed(pad))


# --- demo accounts ---------------------------------------------------------------------------

DEMO_GEBRUIKERS = [
    # username, first name, role, organisation, wijken
    ("coordinator", "Coördinator", "coordinator", "gemeente-assen", None),
    ("medewerker-actium", "Medewerker Actium", "medewerker", "actium", ["lariks", "noorderpark"]),
    (
        "medewerker-vaart",
        "Medewerker Vaart",
        "medewerker",
        "vaart-welzijn",
        ["pittelo", "assen-oost"],
    ),
    (
        "medewerker-gemeente",
        "Medewerker Gemeente",
        "medewerker",
        "gemeente-assen",
        ["centrum", "kloosterveen"],
    ),
    ("stuurgroep", "Stuurgroep", "stuurgroep", "gemeente-assen", None),
]


@transaction.atomic
def maak_demo_gebruikers(wachtwoord):
    rijen = []
    for username, naam, rol, org_slug, wijk_slugs in DEMO_GEBRUIKERS:
        org = Organisatie.objects.get(slug=org_slug)
        user, _ = Medewerker.objects.get_or_create(
            username=username, defaults={"first_name": naam, "organisatie": org}
        )
        wijzig = False
        if user.organisatie_id != org.pk:
            user.organisatie = org
            wijzig = True
        is_coordinator = rol == "coordinator"
        if user.is_staff != is_coordinator or user.is_superuser != is_coordinator:
            user.is_staff = user.is_superuser = is_coordinator
            wijzig = True
        if not user.check_password(wachtwoord):
            user.set_password(wachtwoord)
            wijzig = True
        if wijzig:
            user.save()
        _set_m2m(user.groups, [Group.objects.get(name=rol)])
        wijken = Wijk.objects.filter(slug__in=wijk_slugs) if wijk_slugs else Wijk.objects.none()
        _set_m2m(user.wijken, list(wijken))
        rijen.append((username, rol, org.naam, ", ".join(w.naam for w in wijken) or "alle (lezen)"))
    return rijen


# --- synthetic volume -------------------------------------------------------------------------

SYNTHETISCH = "synthetisch-"
JAREN = range(2019, 2025)
RAPPORTJAAR = 2021  # the annual report's year: a fifth of the synthetic moments
ANDERE_JAREN = [j for j in JAREN if j != RAPPORTJAAR]
KANAAL_GEWICHT = {
    "aan_de_deur": 22,
    "bic": 18,
    "straat": 20,
    "telefoon": 12,
    "digitaal": 8,
    "activiteit": 12,
    "project": 6,
    "anders": 2,
}
AANLEIDING_BIJ_KANAAL = {"activiteit": "activiteit", "project": "fysiek_project"}
# Contacts elsewhere that are about a project running in the wijk (e.g. at the door about a
# renovation): linked to the project, with their own channel.
KANALEN_OVER_PROJECT = ("aan_de_deur", "straat", "bic")
AANDEEL_OVER_PROJECT = 0.1


def _actieve_projecten(projecten, datum):
    """The projects running on that date (no start or eind: open-ended)."""
    return [
        p
        for p in projecten
        if (p.start is None or p.start <= datum) and (p.eind is None or p.eind >= datum)
    ]


AANLEIDING_GEWICHT = {
    "wijkronde": 30,
    "vraag_bewoner": 35,
    "signaal_partner": 15,
    "initiatief": 12,
    "anders": 8,
}


def _synthetische_medewerkers():
    result = []
    for org in Organisatie.objects.filter(kernpartner=True).order_by("slug"):
        user, created = Medewerker.objects.get_or_create(
            username=f"{SYNTHETISCH}{org.slug}",
            defaults={
                "first_name": f"Synthetisch ({org.naam})",
                "organisatie": org,
                "is_active": False,
            },
        )
        if created:
            user.set_unusable_password()
            user.save()
        result.append(user)
    return result


def synthetisch_jaar(i):
    """The year of synthetic moment i: every fifth in RAPPORTJAAR, the others in turn over the
    other years. Exact, so 1,000,000 moments give 200,000 in 2021 and 160,000 in each other year."""
    if i % 5 == 0:
        return RAPPORTJAAR
    return ANDERE_JAREN[(i // 5) % len(ANDERE_JAREN)]


def _insert_sql(tabel, kolommen):
    qn = connection.ops.quote_name
    return (
        f"INSERT INTO {qn(tabel)} ({', '.join(qn(k) for k in kolommen)}) "
        f"VALUES ({', '.join(['%s'] * len(kolommen))})"
    )


def synthetische_contactmomenten(aantal, batch=5000):
    """Makes sure there are `aantal` synthetic contact moments: deterministic (moment i is always
    the same), spread over 2019–2024 (a fifth in 2021, the report's year), the wijken (extra inzet
    twice as often), themes and channels.
    Returns how many were added."""
    medewerkers = _synthetische_medewerkers()
    bestaand = Contactmoment.objects.filter(medewerker__in=medewerkers).count()
    if bestaand >= aantal:
        return 0

    wijken = list(Wijk.objects.prefetch_related("buurten", "projecten", "prioriteiten__themas"))
    wijk_gewicht = [2 if w.inzet == Wijk.Inzet.EXTRA else 1 for w in wijken]
    buurten = {w.pk: list(w.buurten.all()) for w in wijken}
    projecten = {w.pk: list(w.projecten.all()) for w in wijken}
    alle_themas = list(Thema.objects.all())
    wijk_themas = {
        w.pk: sorted({t for p in w.prioriteiten.all() for t in p.themas.all()}, key=lambda t: t.pk)
        or alle_themas
        for w in wijken
    }
    signalen = list(Signaalsoort.objects.all())
    # where MBA refers residents to: the partners themselves and the social and safety network
    partners = list(
        Organisatie.objects.filter(
            Q(kernpartner=True) | Q(soort__in=["veiligheid", "zorg"]) | Q(slug="leger-des-heils")
        ).order_by("slug")
    ) or list(Organisatie.objects.order_by("slug"))
    kanalen, kanaal_w = zip(*KANAAL_GEWICHT.items(), strict=True)
    kanalen_elders, kanaal_elders_w = zip(
        *((k, w) for k, w in KANAAL_GEWICHT.items() if k != "project"), strict=True
    )
    aanleidingen, aanleiding_w = zip(*AANLEIDING_GEWICHT.items(), strict=True)
    dagen = {j: (datetime.date(j + 1, 1, 1) - datetime.date(j, 1, 1)).days for j in JAREN}
    vandaag = datetime.date.today()

    ThemaLink = Contactmoment.themas.through
    SignaalLink = Contactmoment.signalen.through
    ops = connection.ops
    nu = ops.adapt_datetimefield_value(timezone.now())
    kolommen = [
        "id",
        "datum",
        "medewerker_id",
        "organisatie_id",
        "wijk_id",
        "buurt_id",
        "kanaal",
        "aanleiding",
        "soort",
        "doorverwezen_naar_id",
        "bewoners_bereikt",
        "vervolg_nodig",
        "vervolg_afgerond_op",
        "notitie",
        "fysiek_project_id",
        "activiteit_id",
        "themas_bits",
        "signalen_bits",
        "aangemaakt_op",
        "gewijzigd_op",
    ]
    insert_cm = _insert_sql(Contactmoment._meta.db_table, kolommen)
    insert_thema = _insert_sql(ThemaLink._meta.db_table, ["contactmoment_id", "thema_id"])
    insert_signaal = _insert_sql(
        SignaalLink._meta.db_table, ["contactmoment_id", "signaalsoort_id"]
    )
    volgend_id = (Contactmoment.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
    toegevoegd = 0
    for begin in range(bestaand, aantal, batch):
        eind = min(begin + batch, aantal)
        momenten, themas, sigs = [], [], []
        for i in range(begin, eind):
            rnd = random.Random(i * 7919 + 2021)
            jaar = synthetisch_jaar(i)
            datum = datetime.date(jaar, 1, 1) + datetime.timedelta(days=rnd.randrange(dagen[jaar]))
            wijk = rnd.choices(wijken, wijk_gewicht)[0]
            kanaal = rnd.choices(kanalen, kanaal_w)[0]
            # A contact at a physical project names a project of its wijk running that day;
            # where none runs, it took place elsewhere.
            actief = _actieve_projecten(projecten[wijk.pk], datum)
            project = None
            if kanaal == "project":
                if actief:
                    project = rnd.choice(actief)
                else:
                    kanaal = rnd.choices(kanalen_elders, kanaal_elders_w)[0]
            elif kanaal in KANALEN_OVER_PROJECT and actief and rnd.random() < AANDEEL_OVER_PROJECT:
                project = rnd.choice(actief)
            aanleiding = AANLEIDING_BIJ_KANAAL.get(kanaal) or (
                "fysiek_project" if project else rnd.choices(aanleidingen, aanleiding_w)[0]
            )
            collectief = rnd.random() < 0.2
            gekozen_signalen = (
                rnd.sample(signalen, rnd.choice((1, 1, 2))) if rnd.random() < 0.3 else []
            )
            doorverwezen = rnd.choice(partners) if gekozen_signalen and rnd.random() < 0.4 else None
            vervolg = doorverwezen is not None or rnd.random() < 0.05
            afgerond = None
            if vervolg and datum < vandaag - datetime.timedelta(days=30) and rnd.random() < 0.85:
                afgerond = datum + datetime.timedelta(days=rnd.randrange(1, 60))
            medewerker = medewerkers[rnd.randrange(len(medewerkers))]
            buurt = (
                rnd.choice(buurten[wijk.pk]) if buurten[wijk.pk] and rnd.random() < 0.5 else None
            )
            bereikt = rnd.randint(5, 40) if collectief else rnd.choice((1, 1, 1, 2, 3))
            kandidaten = wijk_themas[wijk.pk] if rnd.random() < 0.8 else alle_themas
            gekozen_themas = rnd.sample(kandidaten, min(len(kandidaten), rnd.choice((1, 1, 2))))
            pk = volgend_id
            volgend_id += 1
            momenten.append(
                (
                    pk,
                    ops.adapt_datefield_value(datum),
                    medewerker.pk,
                    medewerker.organisatie_id,
                    wijk.pk,
                    buurt.pk if buurt else None,
                    kanaal,
                    aanleiding,
                    "collectief" if collectief else "individueel",
                    doorverwezen.pk if doorverwezen else None,
                    bereikt,
                    vervolg,
                    ops.adapt_datefield_value(afgerond),
                    "",
                    project.pk if project else None,
                    None,
                    sum(t.masker for t in gekozen_themas),  # Contactmoment.themas_bits
                    sum(s.masker for s in gekozen_signalen),
                    nu,
                    nu,
                )
            )
            themas.extend((pk, t.pk) for t in gekozen_themas)
            sigs.extend((pk, s.pk) for s in gekozen_signalen)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(insert_cm, momenten)
            cursor.executemany(insert_thema, themas)
            cursor.executemany(insert_signaal, sigs)
        toegevoegd += len(momenten)
    with connection.cursor() as cursor:
        for sql in ops.sequence_reset_sql(no_style(), [Contactmoment, ThemaLink, SignaalLink]):
            cursor.execute(sql)
    # The rows went in around the model: recount the monthly counts the figures read.
    tellingen.alles_herberekenen()
    return toegevoegd
