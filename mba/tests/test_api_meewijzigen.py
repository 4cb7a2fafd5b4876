"""Incremental sync never goes stale: a record comes back with ``gewijzigd_sinds`` whenever
anything in its API row changes, also what it shows of other records (a buurt of a wijk, a key
figure of an activity, a theme's slug, its publication), however the change is made. What the
rows show is declared next to the models (``mba.meewijzigen.toont``) and held equal to the
serializers here; the one test below changes each kind of it, for every collection."""

import datetime

import pytest
from django.db.models import ProtectedError, Q
from django.utils import timezone
from rest_framework import serializers

from activiteiten.models import Activiteit, Contactmoment, Kerncijfer, Signaalsoort
from initiatieven.models import Bewonersinitiatief, Ondersteuningsvorm
from mba.meewijzigen import GETOOND
from mba.models import Organisatie, Thema
from mba.urls import router
from rapportage.models import Hoofdstuk, Jaarrapportage, RapportVoorbeeld, Voorbeeld, VoorbeeldFoto
from wijken.models import Buurt, FysiekProject, Indicator, Locatie, Meting, Prioriteit, Wijk

pytestmark = pytest.mark.django_db

COLLECTIES = {
    prefix: viewset for prefix, viewset, _ in router.registry if prefix != "verwijderingen"
}

# What a row shows that its serializer's fields do not say by themselves.
NIET_AFGELEID = {
    # The report's chosen examples, in its order (a method field).
    ("jaarrapportages", "voorbeelden"): {"rapportvoorbeeld": None},
    # The PDF's address: the report's own year.
    ("jaarrapportages", "pdf"): {},
    # A photo's address in the API: its own id and its example's.
    ("voorbeelden", "fotos__bestand"): {},
    # An indicator's verdict: from its own fields and its measurements, both shown already.
    ("prioriteiten", "indicatoren__oordeel"): {},
}
# A contact moment's row is written by hand (activiteiten.serializers.ContactmomentSerializer):
# the slugs of its wijk, organisations, themes and signals, the ids of the rest.
CONTACTMOMENT = {
    "wijk": ["slug"],
    "buurt": ["id"],
    "themas": ["slug"],
    "signalen": ["slug"],
    "organisatie": ["slug"],
    "doorverwezen_naar": ["slug"],
    "fysiek_project": ["id"],
    "activiteit": ["id"],
}
# Whether a record is in the API at all: an example while a published report holds it.
ZICHTBAARHEID = {"voorbeelden": {"rapporten": ["status"], "rapportvoorbeeld": ["id"]}}


def getoond(prefix, serializer, pad=""):
    """{lookup: fields shown} of the other records in a serializer's row."""
    uit = {}
    for naam, veld in serializer.fields.items():
        bron = pad + veld.source.replace(".", "__")
        if isinstance(veld, serializers.ManyRelatedField):
            veld = veld.child_relation
        if isinstance(veld, serializers.ListSerializer):
            uit[bron] = None
            uit.update(getoond(prefix, veld.child, f"{bron}__"))
        elif isinstance(veld, serializers.SlugRelatedField):
            uit[bron] = [veld.slug_field]
        elif isinstance(veld, serializers.PrimaryKeyRelatedField):
            uit[bron] = ["id"]
        elif isinstance(veld, serializers.SerializerMethodField):
            sleutel = (prefix, f"{pad}{naam}")
            assert sleutel in NIET_AFGELEID, f"{sleutel}: wat toont dit veld van andere records?"
            uit.update(NIET_AFGELEID[sleutel])
    return uit


def test_what_each_collection_shows_of_other_records_is_declared():
    for prefix, viewset in COLLECTIES.items():
        model = viewset.queryset.model
        if model is Contactmoment:
            verwacht = dict(CONTACTMOMENT)
        else:
            verwacht = getoond(prefix, viewset.serializer_class())
        verwacht.update(ZICHTBAARHEID.get(prefix, {}))
        verklaard = {pad: velden for (m, pad), velden in GETOOND.items() if m is model}
        assert verklaard == verwacht, prefix


# --- every kind of change, for every collection ------------------------------------------------
# Each entry: the record to watch and the changes, each with the records it must bring back
# (BESCHERMD: the change is refused, so the row cannot change that way).

BESCHERMD = "beschermd"


def hernoem(obj):
    def wijzig():
        obj.slug = f"{obj.slug}-nieuw"
        obj.save()

    return wijzig


def verwijder(obj):
    return obj.delete


def lariks():
    return Wijk.objects.get(slug="lariks")


def peelo():
    return Wijk.objects.get(slug="peelo")


def buurt_a():
    return Buurt.objects.get(slug="molukse-wijk")


def wijken_buurten():
    nieuw = {}

    def erbij():
        nieuw["buurt"] = Buurt.objects.create(wijk=lariks(), naam="Nieuw", slug="nieuw")

    def verhuist():
        nieuw["buurt"].wijk = peelo()
        nieuw["buurt"].save()

    def hernoemd():  # its name is not in the wijk's row: nothing comes back
        nieuw["buurt"].naam = "Nieuwe naam"
        nieuw["buurt"].save()

    return [
        (erbij, {lariks}),
        (verhuist, {lariks, peelo}),
        (hernoemd, set()),
        (lambda: nieuw["buurt"].delete(), {peelo}),
    ]


def slug_van_wijk(model):
    """Every row in the wijk shows its new slug."""
    return lambda: [(hernoem(lariks()), lambda: model.objects.filter(wijk__naam="Lariks"))]


def met_organisatie(model, *velden):
    """An organisation's new slug: every row that shows it."""
    actium = Organisatie.objects.get(slug="actium")

    def rijen():
        return model.objects.filter(Q(**{velden[0]: actium}) | Q(**{velden[-1]: actium}))

    return [(hernoem(actium), rijen)]


def buurt_beschermd(rij):
    return lambda: [(verwijder(buurt_a()), BESCHERMD)]


def locatie():
    return Locatie.objects.get(naam="BIC a-0")


def prioriteit():
    return Prioriteit.objects.get(titel="Prioriteit a-0")


def project():
    return FysiekProject.objects.get(naam="Sloop a-0")


def initiatief():
    return initiatief_van(activiteit())


def initiatief_van(act):
    return act.initiatief


def activiteit():
    return Activiteit.objects.get(naam="Soep op de stoep a-0")


def contact():
    return Contactmoment.objects.filter(activiteit=activiteit()).get()


def voorbeeld():
    return Voorbeeld.objects.get(titel="Voorbeeld a-0")


def rapport():
    return Jaarrapportage.objects.get(jaar=2021)


def _omgekeerd(rij, veld):
    return rij().__class__._meta.get_field(veld).remote_field.get_accessor_name()


def lijst_wijzigingen(rij, veld, maak):
    """A listed record's slug, one added to and taken from the row from either side, one
    cleared from the other side, one deleted."""
    nieuw = {}

    def erbij():
        nieuw["obj"] = maak()
        getattr(rij(), veld).add(nieuw["obj"])

    def omgekeerd():
        return getattr(nieuw["obj"], _omgekeerd(rij, veld))

    return [
        (erbij, {rij}),
        (lambda: hernoem(nieuw["obj"])(), {rij}),
        (lambda: omgekeerd().remove(rij()), {rij}),
        (lambda: omgekeerd().add(rij()), {rij}),
        (lambda: omgekeerd().clear(), {rij}),
        (lambda: getattr(rij(), veld).add(nieuw["obj"]), {rij}),
        (lambda: getattr(rij(), veld).clear(), {rij}),
        (lambda: getattr(rij(), veld).add(nieuw["obj"]), {rij}),
        (lambda: nieuw["obj"].delete(), {rij}),
    ]


def nieuw_thema():
    return Thema.objects.create(naam="Armoede", slug="armoede")


def nieuwe_organisatie():
    return Organisatie.objects.create(naam="Lentis", slug="lentis", soort="zorg")


def nieuwe_vorm():
    return Ondersteuningsvorm.objects.create(naam="Buurtbudget", slug="buurtbudget")


def nieuw_signaal():
    return Signaalsoort.objects.create(naam="Schulden", slug="schulden")


def kind_wijzigingen(rij, maak, wijzig):
    """A row of the record's own list: added, changed, deleted."""
    nieuw = {}

    def erbij():
        nieuw["obj"] = maak()

    def gewijzigd():
        wijzig(nieuw["obj"])
        nieuw["obj"].save()

    return [
        (erbij, {rij}),
        (gewijzigd, {rij}),
        (lambda: nieuw["obj"].delete(), {rij}),
    ]


def koppel_locatie(act):
    act.locatie = locatie()
    act.save()


def vrij_project():
    return FysiekProject.objects.create(
        naam="Groen", soort="openbare_ruimte", wijk=lariks(), eigenaar=Organisatie.objects.first()
    )


def losgemaakt(rij, veld, maak):
    """A record the row points to by id, deleted: the row's field becomes empty (SET_NULL)."""
    nieuw = {}

    def koppel():
        nieuw["obj"] = maak()
        obj = rij()
        setattr(obj, veld, nieuw["obj"])
        obj.save()

    return [(koppel, {rij}), (lambda: nieuw["obj"].delete(), {rij})]


def activiteit_eigen():
    return Activiteit.objects.create(
        naam="Buurtfeest", wijk=lariks(), start=datetime.date(2021, 6, 1)
    )


WIJZIGINGEN = {
    ("wijken", "buurten"): wijken_buurten,
    ("buurten", "wijk"): slug_van_wijk(Buurt),
    ("locaties", "wijk"): slug_van_wijk(Locatie),
    ("locaties", "buurt"): buurt_beschermd(locatie),
    ("prioriteiten", "wijk"): slug_van_wijk(Prioriteit),
    ("prioriteiten", "themas"): lambda: lijst_wijzigingen(prioriteit, "themas", nieuw_thema),
    ("prioriteiten", "indicatoren"): lambda: kind_wijzigingen(
        prioriteit,
        lambda: Indicator.objects.create(prioriteit=prioriteit(), naam="Opkomst", nulmeting=1),
        lambda i: setattr(i, "streefwaarde", 5),
    ),
    ("prioriteiten", "indicatoren__metingen"): lambda: kind_wijzigingen(
        prioriteit,
        lambda: Meting.objects.create(
            indicator=prioriteit().indicatoren.first(), datum=datetime.date(2019, 7, 1), waarde=31
        ),
        lambda m: setattr(m, "waarde", 32),
    ),
    ("fysieke-projecten", "wijk"): slug_van_wijk(FysiekProject),
    ("fysieke-projecten", "buurt"): buurt_beschermd(project),
    ("fysieke-projecten", "eigenaar"): lambda: met_organisatie(FysiekProject, "eigenaar"),
    ("bewonersinitiatieven", "wijk"): slug_van_wijk(Bewonersinitiatief),
    ("bewonersinitiatieven", "buurt"): buurt_beschermd(initiatief),
    ("bewonersinitiatieven", "gevraagde_ondersteuning"): lambda: lijst_wijzigingen(
        initiatief, "gevraagde_ondersteuning", nieuwe_vorm
    ),
    ("bewonersinitiatieven", "geboden_ondersteuning"): lambda: lijst_wijzigingen(
        initiatief, "geboden_ondersteuning", nieuwe_vorm
    ),
    ("activiteiten", "wijk"): slug_van_wijk(Activiteit),
    ("activiteiten", "buurt"): buurt_beschermd(activiteit),
    ("activiteiten", "locatie"): lambda: [
        (lambda: koppel_locatie(activiteit()), {activiteit}),
        (verwijder(locatie()), BESCHERMD),
    ],
    ("activiteiten", "organisatoren"): lambda: lijst_wijzigingen(
        activiteit, "organisatoren", nieuwe_organisatie
    ),
    ("activiteiten", "themas"): lambda: lijst_wijzigingen(activiteit, "themas", nieuw_thema),
    ("activiteiten", "kerncijfers"): lambda: kind_wijzigingen(
        activiteit,
        lambda: Kerncijfer.objects.create(
            activiteit=activiteit(), aantal=140, omschrijving="bomen"
        ),
        lambda k: setattr(k, "aantal", 150),
    ),
    ("activiteiten", "initiatief"): lambda: [(verwijder(initiatief()), BESCHERMD)],
    ("activiteiten", "fysiek_project"): lambda: losgemaakt(
        activiteit, "fysiek_project", vrij_project
    ),
    ("contactmomenten", "wijk"): slug_van_wijk(Contactmoment),
    ("contactmomenten", "buurt"): buurt_beschermd(contact),
    ("contactmomenten", "themas"): lambda: lijst_wijzigingen(contact, "themas", nieuw_thema),
    ("contactmomenten", "signalen"): lambda: lijst_wijzigingen(contact, "signalen", nieuw_signaal),
    ("contactmomenten", "organisatie"): lambda: met_organisatie(
        Contactmoment, "organisatie", "doorverwezen_naar"
    ),
    ("contactmomenten", "doorverwezen_naar"): lambda: met_organisatie(
        Contactmoment, "doorverwezen_naar", "organisatie"
    ),
    ("contactmomenten", "fysiek_project"): lambda: [(verwijder(project()), BESCHERMD)],
    ("contactmomenten", "activiteit"): lambda: [(verwijder(activiteit()), BESCHERMD)],
    ("voorbeelden", "wijk"): slug_van_wijk(Voorbeeld),
    ("voorbeelden", "fotos"): lambda: kind_wijzigingen(
        voorbeeld,
        lambda: VoorbeeldFoto.objects.create(
            voorbeeld=voorbeeld(), bestand="voorbeelden/x.jpg", alt_tekst="Soep"
        ),
        lambda f: setattr(f, "bijschrift", "Soep op de stoep"),
    ),
    ("voorbeelden", "initiatief"): lambda: [(verwijder(initiatief()), BESCHERMD)],
    ("voorbeelden", "activiteit"): lambda: losgemaakt(voorbeeld, "activiteit", activiteit_eigen),
    ("voorbeelden", "fysiek_project"): lambda: losgemaakt(
        voorbeeld, "fysiek_project", vrij_project
    ),
    ("voorbeelden", "rapporten"): lambda: [
        (publiceer_2022, {geheim}),
        (lambda: zet_status(concept(), "concept"), ("verwijderd", {geheim})),
        (publiceer_2022, {geheim}),
        (lambda: concept().delete(), ("verwijderd", {geheim})),
    ],
    ("voorbeelden", "rapportvoorbeeld"): lambda: [
        (publiceer_2022, {geheim}),
        (
            lambda: RapportVoorbeeld.objects.get(voorbeeld=geheim()).delete(),
            ("verwijderd", {geheim}),
        ),
        (
            lambda: RapportVoorbeeld.objects.create(rapportage=concept(), voorbeeld=geheim()),
            {geheim},
        ),
        (lambda: geheim().rapporten.remove(concept()), ("verwijderd", {geheim})),
        (lambda: concept().voorbeelden.add(geheim()), {geheim}),
    ],
    ("jaarrapportages", "hoofdstukken"): lambda: kind_wijzigingen(
        rapport,
        lambda: Hoofdstuk.objects.create(rapportage=rapport(), sleutel=NIEUW_HOOFDSTUK, titel="X"),
        lambda h: setattr(h, "tekst", "Een nieuwe tekst."),
    ),
    ("jaarrapportages", "rapportvoorbeeld"): lambda: kind_wijzigingen(
        rapport,
        lambda: RapportVoorbeeld.objects.create(rapportage=rapport(), voorbeeld=geheim()),
        lambda k: setattr(k, "volgorde", 5),
    ),
}


def geheim():
    return Voorbeeld.objects.get(titel="Nog niet gepubliceerd")


def concept():
    return Jaarrapportage.objects.get(jaar=2022)


NIEUW_HOOFDSTUK = Hoofdstuk.Sleutel.values[0]


def publiceer_2022():
    zet_status(concept(), Jaarrapportage.Status.GEPUBLICEERD)


def zet_status(rapportage, status):
    # Around rapportage_publiceren (which renders the report): only what the API reads.
    rapportage.status = status
    rapportage.gepubliceerd_op = timezone.now()
    rapportage.save()


def test_every_declaration_has_its_changes():
    assert set(WIJZIGINGEN) == {
        (prefix, pad)
        for prefix, viewset in COLLECTIES.items()
        for (model, pad) in GETOOND
        if model is viewset.queryset.model
    }


def gewijzigd_sinds(api, prefix, moment):
    response = api.get(
        f"/api/v1/{prefix}/", {"gewijzigd_sinds": moment.isoformat(), "aantal": 1000}
    )
    assert response.status_code == 200, response.content
    return {r["id"] for r in response.json()["resultaten"]}


def alles_oud():
    oud = timezone.now() - datetime.timedelta(days=30)
    for viewset in COLLECTIES.values():
        viewset.queryset.model._base_manager.update(gewijzigd_op=oud)


@pytest.mark.parametrize("prefix, pad", sorted(WIJZIGINGEN))
def test_every_change_to_what_a_row_shows_brings_the_record_back(api, wereld, prefix, pad):
    for i, (wijzig, verwacht) in enumerate(WIJZIGINGEN[(prefix, pad)]()):
        if verwacht == BESCHERMD:
            with pytest.raises(ProtectedError):
                wijzig()
            continue
        alles_oud()
        moment = timezone.now()
        wijzig()
        if isinstance(verwacht, tuple):  # out of the API: a deletion for the partner's copy
            rijen = pks(verwacht[1])
            assert weg_sinds(api, prefix, moment) == rijen, f"{prefix} {pad}: wijziging {i + 1}"
            assert gewijzigd_sinds(api, prefix, moment) == set()
        else:
            rijen = pks(verwacht)
            terug = gewijzigd_sinds(api, prefix, moment)
            assert terug == rijen, f"{prefix} {pad}: wijziging {i + 1}"


def pks(verwacht):
    """The ids of the rows expected: a queryset's, or each callable's record."""
    if callable(verwacht):
        return set(verwacht().values_list("pk", flat=True))
    return {rij().pk for rij in verwacht}


def weg_sinds(api, prefix, moment):
    response = api.get(
        "/api/v1/verwijderingen/", {"gewijzigd_sinds": moment.isoformat(), "collectie": prefix}
    )
    assert response.status_code == 200, response.content
    return {r["id"] for r in response.json()["resultaten"]}


def test_a_report_back_to_concept_leaves_the_api_with_its_examples(api, wereld):
    # Not a path of the app (a published report is frozen), but the admin or a shell can.
    moment = timezone.now()
    zet_status(rapport(), Jaarrapportage.Status.CONCEPT)
    assert weg_sinds(api, "jaarrapportages", moment) == {rapport().pk}
    assert weg_sinds(api, "voorbeelden", moment) == set(
        Voorbeeld.objects.filter(jaar=2021).values_list("pk", flat=True)
    )
    assert gewijzigd_sinds(api, "jaarrapportages", moment) == set()
