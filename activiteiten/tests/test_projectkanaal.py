"""A contact with channel "Bij een fysiek project" names its project: in the model, the database,
the staff app's form and the beheer; existing rows that break it get channel "anders"."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management.sql import emit_post_migrate_signal
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from activiteiten import tellingen
from activiteiten.models import PROJECTKANAAL_ZONDER_PROJECT, Contactmoment, Contacttelling
from mba.tests import webfabriek as f
from wijken.models import FysiekProject

pytestmark = pytest.mark.django_db

NIEUW = "/contactmomenten/nieuw/"
MELDING = "Kies het fysieke project waarbij dit contact plaatsvond"


@pytest.fixture
def renovatie(wijk_a, actium):
    return FysiekProject.objects.create(
        naam="Renovatie Vivaldilaan",
        soort="groot_onderhoud",
        status="uitvoering",
        wijk=wijk_a,
        eigenaar=actium,
        start=datetime.date(2021, 1, 1),
    )


def invoer(wijk, **extra):
    return {
        "formtoken": f.formtoken(),
        "datum": "2021-06-15",
        "wijk": wijk.pk,
        "kanaal": "project",
        "aanleiding": "fysiek_project",
        "soort": "individueel",
        "bewoners_bereikt": "1",
        **extra,
    }


def test_the_model_asks_for_the_project_in_dutch_at_the_project_field(wijk_a, actium):
    contact = Contactmoment(
        datum=datetime.date(2021, 6, 15),
        organisatie=actium,
        wijk=wijk_a,
        kanaal="project",
        aanleiding="fysiek_project",
    )
    with pytest.raises(ValidationError) as fout:
        contact.full_clean()
    assert fout.value.message_dict == {"fysiek_project": [PROJECTKANAAL_ZONDER_PROJECT]}
    assert "Bij een fysiek project" in PROJECTKANAAL_ZONDER_PROJECT


def test_the_database_refuses_it_too_also_around_the_model(wijk_a, actium, renovatie):
    contact = Contactmoment.objects.create(
        datum=datetime.date(2021, 6, 15),
        organisatie=actium,
        wijk=wijk_a,
        kanaal="project",
        aanleiding="fysiek_project",
        fysiek_project=renovatie,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Contactmoment.objects.filter(pk=contact.pk).update(fysiek_project=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Contactmoment.objects.create(
            datum=datetime.date(2021, 6, 15),
            organisatie=actium,
            wijk=wijk_a,
            kanaal="project",
            aanleiding="fysiek_project",
        )


def test_a_medewerker_who_forgets_the_project_is_asked_for_it_and_nothing_is_saved(
    client, medewerker_a, wijk_a, renovatie
):
    client.force_login(medewerker_a)
    response = client.post(NIEUW, invoer(wijk_a))
    assert response.status_code == 200
    html = response.content.decode()
    assert MELDING in html
    assert 'id="id_fysiek_project_error"' in html  # at the field, in the "Meer" part, opened
    assert not Contactmoment.objects.exists()

    response = client.post(NIEUW, invoer(wijk_a, fysiek_project=renovatie.pk))
    assert response.status_code == 302
    assert Contactmoment.objects.get().fysiek_project == renovatie


def test_a_door_to_door_contact_about_the_renovation_may_name_the_project(
    client, medewerker_a, wijk_a, renovatie
):
    client.force_login(medewerker_a)
    data = invoer(wijk_a, kanaal="aan_de_deur", fysiek_project=renovatie.pk)
    assert client.post(NIEUW, data).status_code == 302
    contact = Contactmoment.objects.get()
    assert (contact.kanaal, contact.fysiek_project) == ("aan_de_deur", renovatie)


def test_the_beheer_refuses_it_in_dutch(client, coordinator, wijk_a, actium):
    client.force_login(coordinator)
    response = client.post(
        "/beheer/activiteiten/contactmoment/add/",
        {
            "datum": "2021-05-03",
            "organisatie": actium.pk,
            "wijk": wijk_a.pk,
            "kanaal": "project",
            "aanleiding": "fysiek_project",
            "soort": "individueel",
            "bewoners_bereikt": "1",
        },
    )
    assert response.status_code == 200
    assert MELDING in response.content.decode()
    assert response.context["adminform"].form.errors["fysiek_project"] == [
        PROJECTKANAAL_ZONDER_PROJECT
    ]
    assert not Contactmoment.objects.exists()


# serialized_rollback: the database is emptied after this test without Django's post_migrate
# rows coming back on their own, as the other transactional tests expect (test_api_pdf)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_gives_existing_project_contacts_without_a_project_another_channel(
    wijk_a, actium, renovatie
):
    """Rows logged before the rule: the channel becomes "anders" (which project it was is not
    recorded), the occasion stays, the change reaches the API's sync, and the monthly counts
    follow."""
    executor = MigrationExecutor(connection)
    voor = [("activiteiten", "0006_grenzen_en_persoonsgegevens")]
    executor.migrate(voor)
    try:
        oud = executor.loader.project_state(voor).apps.get_model("activiteiten", "Contactmoment")
        gisteren = datetime.datetime(2021, 7, 1, tzinfo=datetime.UTC)
        velden = {
            "datum": datetime.date(2021, 6, 15),
            "organisatie_id": actium.pk,
            "wijk_id": wijk_a.pk,
            "aanleiding": "fysiek_project",
            "bewoners_bereikt": 1,
        }
        los = oud.objects.create(kanaal="project", **velden)
        gekoppeld = oud.objects.create(kanaal="project", fysiek_project_id=renovatie.pk, **velden)
        oud.objects.filter(pk__in=[los.pk, gekoppeld.pk]).update(gewijzigd_op=gisteren)
    finally:
        # forward through this migration to the newest of every app, as the other tests expect
        executor = MigrationExecutor(connection)
        nieuwste = executor.loader.graph.leaf_nodes()
        state = executor.migrate(nieuwste)
        # what `manage.py migrate` does next: count the monthly counts that 0009 left empty
        emit_post_migrate_signal(0, False, connection.alias, apps=state.apps, plan=[])

    los = Contactmoment.objects.get(pk=los.pk)
    assert (los.kanaal, los.aanleiding, los.fysiek_project) == ("anders", "fysiek_project", None)
    assert los.gewijzigd_op > gisteren
    gekoppeld = Contactmoment.objects.get(pk=gekoppeld.pk)
    assert (gekoppeld.kanaal, gekoppeld.gewijzigd_op) == ("project", gisteren)
    telling = {
        (t.dimensie, t.waarde): t.aantal
        for t in Contacttelling.objects.filter(dimensie__in=["kanaal", "met_project"])
    }
    assert telling == {("kanaal", "project"): 1, ("kanaal", "anders"): 1, ("met_project", ""): 1}
    assert tellingen.verschillen() == 0
