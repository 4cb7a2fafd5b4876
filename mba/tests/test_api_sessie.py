"""A staff member who browses the API with their app session gets exactly the rights of the app.

Before, any logged-in account read every collection: an account without a role and the
stuurgroep listed contact moments, and a medewerker opened another team's contact moment that is
a 404 in the app. The matrix below walks every collection of the router (a new collection that
has no page here fails the test) for every role, and holds the API's answer to the app's answer
on the page that shows the same records.
"""

import datetime

import pytest

from activiteiten.models import Contactmoment
from mba.models import Auditregel, Medewerker, Verwijdering
from mba.urls import router

pytestmark = pytest.mark.django_db

# The app's page that shows each collection's records. Wijken, buurten, meeting places,
# themes, organisations and priorities are what the wijk pages show; the examples are part of
# the annual report; the list of deletions has no page: the home page is what every role sees.
PAGINA = {
    "wijken": "/wijken/",
    "buurten": "/wijken/",
    "locaties": "/wijken/",
    "themas": "/wijken/",
    "organisaties": "/wijken/",
    "prioriteiten": "/wijken/",
    "fysieke-projecten": "/projecten/",
    "bewonersinitiatieven": "/initiatieven/",
    "activiteiten": "/activiteiten/",
    "contactmomenten": "/contactmomenten/",
    "voorbeelden": "/rapportage/",
    "jaarrapportages": "/rapportage/",
    "verwijderingen": "/",
}
STATISTIEKEN = ["/api/v1/statistieken/?jaar=2021", "/api/v1/statistieken/per-wijk/?jaar=2021"]
ROLLEN = ["anoniem", "zonder_rol", "medewerker", "coordinator", "stuurgroep"]


@pytest.fixture
def personen(coordinator, medewerker_a, stuurgroep, actium):
    return {
        "anoniem": None,
        "zonder_rol": Medewerker.objects.create_user(username="nieuw", organisatie=actium),
        "medewerker": medewerker_a,
        "coordinator": coordinator,
        "stuurgroep": stuurgroep,
    }


def als(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def verwacht(app_status):
    """The API's answer to what the page answers: the app sends an anonymous visitor to the
    login page, the API asks for a key (401); everything else is the same status."""
    return 401 if app_status == 302 else app_status


def test_every_collection_of_the_router_has_a_page_to_compare_with():
    assert {prefix for prefix, _, _ in router.registry} == set(PAGINA)


@pytest.mark.parametrize("rol", ROLLEN)
@pytest.mark.parametrize("prefix", [prefix for prefix, _, _ in router.registry])
def test_a_session_lists_a_collection_exactly_when_the_app_shows_it(
    client, wereld, personen, rol, prefix
):
    client = als(client, personen[rol])
    app = client.get(PAGINA[prefix])
    assert app.status_code in (200, 302, 403, 404)
    api = client.get(f"/api/v1/{prefix}/")
    assert api.status_code == verwacht(app.status_code), (rol, prefix, api.content)
    if api.status_code != 200:
        assert api.json()["fout"]


@pytest.mark.parametrize("rol", ROLLEN)
@pytest.mark.parametrize("prefix", [prefix for prefix, _, _ in router.registry])
def test_a_session_opens_a_record_exactly_when_it_may_list_it(
    client, wereld, personen, rol, prefix
):
    """One record of every collection that has records: the detail follows the list."""
    client = als(client, personen[rol])
    als_coordinator = als(client.__class__(), personen["coordinator"])
    rijen = als_coordinator.get(f"/api/v1/{prefix}/").json()["resultaten"]
    viewset = dict((p, v) for p, v, _ in router.registry)[prefix]
    if not rijen or "retrieve" not in dir(viewset):
        pytest.skip(f"{prefix} has no records to open")
    eigen = [r for r in rijen if r.get("wijk") in (None, "lariks")] or rijen
    sleutel = eigen[0][viewset.lookup_field if viewset.lookup_field != "pk" else "id"]
    lijst = client.get(f"/api/v1/{prefix}/").status_code
    detail = client.get(f"/api/v1/{prefix}/{sleutel}/")
    assert detail.status_code == lijst, (rol, prefix, detail.content)


@pytest.mark.parametrize("rol", ROLLEN)
@pytest.mark.parametrize("pad", STATISTIEKEN)
def test_a_session_reads_the_figures_when_the_home_page_shows_them(
    client, wereld, personen, rol, pad
):
    client = als(client, personen[rol])
    app = client.get("/")
    assert client.get(pad).status_code == verwacht(app.status_code)


def test_a_medewerker_gets_the_contact_moments_of_the_app_list_and_no_others(
    client, wereld, medewerker_a, wijk_b, actium
):
    # Their own contact in another team's wijk is theirs to see, as in the app.
    eigen = Contactmoment.objects.create(
        datum=datetime.date(2021, 6, 1),
        medewerker=medewerker_a,
        organisatie=actium,
        wijk=wijk_b,
        kanaal="aan_de_deur",
        aanleiding="wijkronde",
    )
    client.force_login(medewerker_a)
    ids = set()
    url = "/api/v1/contactmomenten/?aantal=1"
    while url:
        pagina = client.get(url).json()
        ids |= {r["id"] for r in pagina["resultaten"]}
        url = pagina["volgende"]
    zichtbaar = set(Contactmoment.objects.zichtbaar_voor(medewerker_a).values_list("pk", flat=True))
    assert ids == zichtbaar
    assert eigen.pk in ids
    assert Contactmoment.objects.exclude(pk__in=ids).exists()


def test_another_teams_contact_moment_is_a_404_in_the_api_as_in_the_app(
    client, wereld, medewerker_a, wijk_b
):
    ander = Contactmoment.objects.filter(wijk=wijk_b).exclude(medewerker=medewerker_a).first()
    client.force_login(medewerker_a)
    assert client.get(f"/contactmomenten/{ander.pk}/").status_code == 404
    response = client.get(f"/api/v1/contactmomenten/{ander.pk}/")
    assert response.status_code == 404
    assert response.json()["status"] == 404
    # Filtering does not get past it either.
    rijen = client.get("/api/v1/contactmomenten/?wijk=peelo").json()["resultaten"]
    assert ander.pk not in {r["id"] for r in rijen}
    # And the audit trail has the refusal, naming the record, as for the page.
    geweigerd = Auditregel.objects.filter(
        actor=medewerker_a, resultaat="geweigerd", object_id=str(ander.pk), pad__startswith="/api/"
    )
    assert geweigerd.count() == 1


def test_the_stuurgroep_sees_no_contact_moments_and_no_deleted_ones(client, wereld, stuurgroep):
    cm = Contactmoment.objects.first()
    client.force_login(stuurgroep)
    assert client.get(f"/api/v1/contactmomenten/{cm.pk}/").status_code == 404
    cm.delete()
    collecties = {
        r["collectie"] for r in client.get("/api/v1/verwijderingen/").json()["resultaten"]
    }
    assert "contactmomenten" not in collecties
    assert Verwijdering.objects.filter(collectie="contactmomenten").exists()


def test_an_account_without_a_role_is_told_so(client, personen):
    client.force_login(personen["zonder_rol"])
    response = client.get("/api/v1/")
    assert response.status_code == 403
    assert "rol" in response.json()["fout"]
