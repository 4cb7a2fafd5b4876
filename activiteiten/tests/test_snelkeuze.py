"""The contact form puts the themes and signals that this medewerker uses most first, counted
from their own last contacts only: what colleagues log does not reorder my form."""

import pytest

from mba.models import Thema
from mba.tests import webfabriek as f

pytestmark = pytest.mark.django_db


def volgorde(client, user, veld):
    client.force_login(user)
    response = client.get("/contactmomenten/nieuw/")
    assert response.status_code == 200
    return [naam for _, naam in response.context["form"].fields[veld].choices]


def test_my_most_used_theme_comes_first(client, medewerker_a, medewerker_b, wijk_a, wijk_b):
    ontmoeten = Thema.objects.create(naam="Ontmoeten", slug="ontmoeten", volgorde=1)
    veiligheid = Thema.objects.create(naam="Veiligheid", slug="veiligheid", volgorde=2)
    geld = Thema.objects.create(naam="Geldzorgen", slug="geld", volgorde=3)
    eenzaam, overlast = f.signaal("Eenzaamheid"), f.signaal("Overlast")
    assert volgorde(client, medewerker_a, "themas") == ["Ontmoeten", "Veiligheid", "Geldzorgen"]

    for _ in range(3):
        f.contact(medewerker_a, wijk_a).themas.add(geld)
    f.contact(medewerker_a, wijk_a).themas.add(veiligheid)
    f.contact(medewerker_a, wijk_a).signalen.add(overlast)
    # A colleague's contacts do not count for my form.
    for _ in range(5):
        cm = f.contact(medewerker_b, wijk_b)
        cm.themas.add(ontmoeten)
        cm.signalen.add(eenzaam)

    assert volgorde(client, medewerker_a, "themas") == ["Geldzorgen", "Veiligheid", "Ontmoeten"]
    assert volgorde(client, medewerker_a, "signalen")[0] == "Overlast"
    assert volgorde(client, medewerker_b, "themas")[0] == "Ontmoeten"
    assert volgorde(client, medewerker_b, "signalen")[0] == "Eenzaamheid"
