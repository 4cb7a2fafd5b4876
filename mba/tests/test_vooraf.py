"""A statement compiled once runs with other values each time, and only its open places change."""

import pytest
from django.db.models import CharField, IntegerField, Q

from mba import vooraf
from mba.models import Thema
from mba.vooraf import Open


@pytest.mark.django_db
def test_a_statement_compiled_once_runs_with_the_values_of_each_call():
    for i, naam in enumerate(["Wonen", "Zorg", "Veiligheid"]):
        Thema.objects.create(slug=naam.lower(), naam=naam, volgorde=i + 1)

    def query():
        # a constant 2 beside an open place that is also filled with 2: only the place changes
        return Thema.objects.filter(
            Q(volgorde__lte=Open("tot", IntegerField())) | Q(naam=Open("naam", CharField())),
            volgorde__gte=1,
        ).exclude(volgorde=2)

    sql, params = vooraf.sql(("test", "themas"), query)
    assert vooraf.sql(("test", "themas"), lambda: pytest.fail("compiled twice")) == (sql, params)

    def namen(**waarden):
        return sorted(t.naam for t in Thema.objects.raw(sql, vooraf.vul(params, waarden)))

    assert namen(tot=3, naam="") == ["Veiligheid", "Wonen"]
    assert namen(tot=1, naam="Veiligheid") == ["Veiligheid", "Wonen"]
    assert namen(tot=0, naam="Zorg") == []  # Zorg is volgorde 2: the exclude still holds
