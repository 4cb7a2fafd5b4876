"""``|keuze`` shows what ``get_FOO_display()`` shows, for every choice and for a value that is
no choice (an old code kept in the database)."""

from django.template import Context, Template

from mba.models import Organisatie


def test_keuze_shows_the_same_label_as_django_for_every_choice_and_the_code_otherwise():
    sjabloon = Template('{% load keuzes %}{{ o|keuze:"soort" }}')
    for waarde, _ in Organisatie.Soort.choices:
        o = Organisatie(soort=waarde)
        assert sjabloon.render(Context({"o": o})) == str(o.get_soort_display())
    assert sjabloon.render(Context({"o": Organisatie(soort="oud")})) == "oud"
