"""Every append-only history (an initiative's status, a referral's, a collective problem's) is
append-only in the app and in the database: a history added later without its trigger fails
here."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection

from mba.geschiedenis import Geschiedenis


def geschiedenissen():
    return [m for m in apps.get_models() if issubclass(m, Geschiedenis)]


def test_the_three_histories_are_histories():
    assert {m._meta.label for m in geschiedenissen()} == {
        "initiatieven.StatusWijziging",
        "activiteiten.DoorverwijzingWijziging",
        "activiteiten.VraagstukStatusWijziging",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("model", geschiedenissen(), ids=lambda m: m._meta.label)
def test_the_database_refuses_to_change_every_history(model):
    tabel = model._meta.db_table
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
                [tabel],
            )
            assert {r[0] for r in c.fetchall()} == {f"{tabel}_geen_wijziging"}
        else:
            c.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [tabel]
            )
            assert {r[0] for r in c.fetchall()} == {f"{tabel}_geen_update"}


@pytest.mark.django_db
@pytest.mark.parametrize("model", geschiedenissen(), ids=lambda m: m._meta.label)
def test_the_app_refuses_to_change_or_delete_every_history(model):
    with pytest.raises(ValidationError):
        model.objects.all().update(op=None)
    with pytest.raises(ValidationError):
        model.objects.all().delete()
    with pytest.raises(ValidationError, match="kan niet worden verwijderd"):
        model(pk=1).delete()
    with pytest.raises(ValidationError, match="kan niet worden gewijzigd"):
        model(pk=1).save()
