"""The selects and option lists that mba.forms renders in Python give what Django's own
templates give: a form looks and behaves the same, only faster."""

import re

from django import forms

from mba.forms import Keuzelijst, Rondjes, Vinkjes


def gelijk(html):
    """Without the whitespace between tags, which Django's templates leave in places."""
    return re.sub(r">\s+<", "><", str(html)).strip()


KEUZES = [
    ("", "Niet doorverwezen"),
    ("Lariks", [(1, "Molukse wijk"), (2, "Lariks-Noord & <Zuid>")]),
    ("Peelo", [(3, 'Peelo "Oost"')]),
    (4, "Zonder groep"),
]


def test_a_select_with_groups_and_a_chosen_option_is_what_djangos_template_gives():
    attrs = {"id": "id_buurt", "required": True, "aria-invalid": "true", "disabled": False}
    for waarde in (None, "", 2, [3]):
        ons = Keuzelijst(choices=KEUZES).render("buurt", waarde, attrs=attrs)
        django = forms.Select(choices=KEUZES).render("buurt", waarde, attrs=attrs)
        assert gelijk(ons) == gelijk(django)
    assert "selected>Lariks-Noord &amp; &lt;Zuid&gt;</option>" in gelijk(
        Keuzelijst(choices=KEUZES).render("buurt", 2)
    )


def test_the_checkboxes_and_radio_buttons_a_template_renders_one_by_one_are_djangos():
    keuzes = [(1, "Ontmoeten"), (2, "Wonen & <leefbaarheid>"), (3, "Veiligheid")]
    for ons_widget, django_widget, waarde in (
        (Vinkjes, forms.CheckboxSelectMultiple, [1, 3]),
        (Rondjes, forms.RadioSelect, 2),
    ):
        ons = forms.Form()
        ons.fields["x"] = forms.ChoiceField(choices=keuzes, widget=ons_widget)
        django = forms.Form()
        django.fields["x"] = forms.ChoiceField(choices=keuzes, widget=django_widget)
        for vorm in (ons, django):
            vorm.initial = {"x": waarde}
        assert [gelijk(a.tag()) for a in ons["x"]] == [gelijk(b.tag()) for b in django["x"]]
        # the whole widget, labels around the inputs, is Django's own template
        assert gelijk(ons["x"]) == gelijk(django["x"])
