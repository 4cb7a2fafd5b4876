"""The import of initiatives checks what the database would refuse with the model's own check
constraints and messages (rapportage/invoer/initiatiefregels.py): a row that breaks a check
constraint of ``Bewonersinitiatief`` is an error of that row in the dry run, never a failed
import. And values
as people type them (amounts in Dutch, odd numbers, invisible characters) are read or refused per
row."""

from decimal import Decimal

import pytest
from django.db.models import CheckConstraint

from initiatieven.models import Bewonersinitiatief
from rapportage.invoer.initiatiefregels import KOLOM_VAN, bedrag
from rapportage.invoer.initiatieven import Initiatieven

from .test_import_initiatieven import csv_bestand, fouten_van, regel


@pytest.mark.parametrize(
    "getypt, waarde",
    [
        ("1250", "1250"),
        ("1250,50", "1250.50"),
        ("€ 1.250,50", "1250.50"),
        ("1,250.50", "1250.50"),
        ("1.250", "1250"),
        ("12.5", "12.5"),
        ("EUR 40", "40"),
        (0.1 + 0.2, "0.30"),
        (75, "75"),
    ],
)
def test_amounts_are_read_as_people_type_them(getypt, waarde):
    assert bedrag(getypt) == Decimal(waarde)


@pytest.mark.parametrize("getypt", ["duizend", "NaN", "inf", "1.2.3,4,5", "-"])
def test_what_is_no_amount_says_so_in_dutch(getypt):
    with pytest.raises(ValueError, match="is geen bedrag"):
        bedrag(getypt)


def test_the_columns_for_messages_name_constraints_the_initiative_has():
    namen = {c.name for c in Bewonersinitiatief._meta.constraints if isinstance(c, CheckConstraint)}
    assert set(KOLOM_VAN) <= namen


def test_odd_values_are_errors_of_their_row_and_never_reach_the_database(coordinator, wijk_a):
    invoer = Initiatieven(coordinator)
    bestand = csv_bestand(
        [
            regel(Huishoudens_gevraagd="inf"),
            regel(Huishoudens_tegen="nan"),
            regel(Gevraagd_bedrag="NaN"),
            regel(Titel="Bank\x00je"),
            regel(Gevraagd_bedrag="12,345"),
            regel(Aangevraagd_op="14-3-2012"),
        ]
    )

    fouten = fouten_van(invoer, bestand)

    assert fouten[(2, "Huishoudens gevraagd")] == "'inf' is geen geheel getal."
    assert fouten[(3, "Huishoudens tegen")] == "'nan' is geen geheel getal."
    assert "geen bedrag" in fouten[(4, "Gevraagd bedrag")]
    assert "NUL-teken" in fouten[(5, "Titel")]
    assert (6, "Gevraagd bedrag") in fouten  # more than two decimals: the model's rule
    assert "controleer het jaar" in fouten[(7, "Aangevraagd op")]
    assert len(fouten) == 6
