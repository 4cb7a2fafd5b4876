"""The rights module: one answer to 'may this user see or change this?' for every view."""

import pytest
from django.core.exceptions import PermissionDenied

from activiteiten.models import Contactmoment
from mba import rechten
from mba.tests import webfabriek as f
from mba.tests.test_views_helpers import maak_medewerker_in


@pytest.fixture
def wereld(medewerker_a, medewerker_b, wijk_a, wijk_b, actium):
    return {
        "contact_a": f.contact(medewerker_a, wijk_a),
        "contact_b": f.contact(medewerker_b, wijk_b),
        "eigen_in_b": f.contact(medewerker_a, wijk_b),
        "ini_a": f.initiatief(wijk_a),
        "ini_b": f.initiatief(wijk_b),
        "act_a": f.activiteit(wijk_a),
        "act_b": f.activiteit(wijk_b),
        "stedelijk": f.activiteit(None, naam="Superbuur"),
        "proj_b": f.project(wijk_b, actium),
    }


def zichtbaar(user):
    return set(rechten.zichtbare_contactmomenten(user).values_list("pk", flat=True))


def test_the_coordinator_sees_and_changes_everything(coordinator, wereld):
    assert zichtbaar(coordinator) == set(Contactmoment.objects.values_list("pk", flat=True))
    assert all(rechten.mag_bewerken(coordinator, obj) for obj in wereld.values())
    assert all(rechten.mag_contactgegevens_zien(coordinator, wereld[k]) for k in ("ini_a", "ini_b"))
    assert rechten.mag_persoonsgegevens_exporteren(coordinator)


def test_a_medewerker_sees_their_teams_wijk_and_their_own_contacts(medewerker_a, wereld):
    w = wereld
    assert zichtbaar(medewerker_a) == {w["contact_a"].pk, w["eigen_in_b"].pk}


def test_a_medewerker_sees_the_contacts_of_every_organisation_in_their_teams_wijk(
    medewerker_a, wijk_a, vaart
):
    collega = maak_medewerker_in("vaart-in-lariks", vaart, wijk_a)
    van_vaart = f.contact(collega, wijk_a)
    assert van_vaart.pk in zichtbaar(medewerker_a)


def test_a_medewerker_changes_only_in_their_teams_wijken(medewerker_a, wereld):
    w = wereld
    mag = {k for k, obj in w.items() if rechten.mag_bewerken(medewerker_a, obj)}
    assert mag == {"contact_a", "eigen_in_b", "ini_a", "act_a", "stedelijk"}


def test_initiatiefnemer_details_are_for_the_wijks_team_only(medewerker_a, stuurgroep, wereld):
    assert rechten.mag_contactgegevens_zien(medewerker_a, wereld["ini_a"])
    assert not rechten.mag_contactgegevens_zien(medewerker_a, wereld["ini_b"])
    assert not rechten.mag_contactgegevens_zien(stuurgroep, wereld["ini_a"])


def test_stuurgroep_sees_no_contact_moment_and_changes_nothing(stuurgroep, wereld):
    assert zichtbaar(stuurgroep) == set()
    assert not rechten.mag_contactmomenten_zien(stuurgroep)
    assert not any(rechten.mag_bewerken(stuurgroep, obj) for obj in wereld.values())
    assert not rechten.mag_aanmaken(stuurgroep)
    assert not rechten.mag_persoonsgegevens_exporteren(stuurgroep)


def test_a_user_without_a_role_sees_nothing(actium, wereld):
    from mba.models import Medewerker

    zonder = Medewerker.objects.create_user("zonder-rol", organisatie=actium)
    assert rechten.rollen(zonder) == frozenset()
    assert zichtbaar(zonder) == set()
    assert not any(rechten.mag_bewerken(zonder, obj) for obj in wereld.values())
    with pytest.raises(PermissionDenied):
        rechten.vereis_rol(zonder)


def test_roles_are_read_once_per_request(medewerker_a, django_assert_num_queries):
    with django_assert_num_queries(2):  # groups, team wijken
        for _ in range(3):
            rechten.is_coordinator(medewerker_a)
            rechten.team_wijk_ids(medewerker_a)
