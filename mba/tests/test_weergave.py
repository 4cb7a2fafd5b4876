"""The form renderer that writes Django's most used widget templates in Python
(mba.weergave) gives the HTML Django's own templates give: a form looks and behaves the same,
only faster."""

import datetime
import re

from django import forms
from django.forms.renderers import DjangoTemplates

from mba.weergave import SnelleWeergave

KEUZES = [
    ("", "Niet doorverwezen"),
    ("Lariks", [(1, "Molukse wijk"), (2, "Lariks-Noord & <Zuid>")]),
    ("Peelo", [(3, 'Peelo "Oost"')]),
    (4, "Zonder groep"),
]


class Formulier(forms.Form):
    buurt = forms.ChoiceField(choices=KEUZES, required=False)
    buurten = forms.MultipleChoiceField(choices=KEUZES[1:], required=False)
    thema = forms.MultipleChoiceField(
        choices=[(1, "Ontmoeten"), (2, "Wonen & <leefbaarheid>")],
        widget=forms.CheckboxSelectMultiple,
    )
    soort = forms.ChoiceField(choices=[("a", "Eén"), ("b", "Groep")], widget=forms.RadioSelect)
    datum = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    aantal = forms.IntegerField(widget=forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}))
    vervolg = forms.BooleanField(required=False)
    notitie = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    naam = forms.CharField(max_length=20, disabled=True, help_text="Uitleg")


def gelijk(html):
    """Without whitespace between tags and with runs of it as one space, which is how a browser
    reads both."""
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", str(html))).strip()


def html(renderer, data=None, initial=None):
    form = Formulier(data, initial=initial, renderer=renderer)
    if data is not None:
        form.is_valid()
    delen = [str(form[naam]) for naam in form.fields]  # every widget whole
    for naam in ("thema", "soort"):  # and option by option, as our templates render them
        delen += [keuze.tag() for keuze in form[naam]]
    return [gelijk(d) for d in delen]


def test_every_widget_of_a_new_form_a_filled_in_one_and_a_refused_one_is_djangos_html():
    for data, initial in (
        (None, {"datum": datetime.date(2021, 6, 15), "aantal": 1, "thema": [2]}),
        (
            {
                "buurt": "2",
                "buurten": ["1", "3"],
                "thema": ["1", "2"],
                "soort": "b",
                "datum": "15-06-2021",
                "aantal": "3",
                "vervolg": "on",
                "notitie": "Buurman <b>helpt</b> & komt",
                "token": "d6c2f5a6-61b1-4cb1-9a2e-2d4c4e0b1a11",
            },
            None,
        ),
        ({"aantal": "nul", "soort": "x"}, None),
    ):
        ons = html(SnelleWeergave(), data, initial)
        django = html(DjangoTemplates(), data, initial)
        assert ons == django


class Geteld(SnelleWeergave):
    """Notes the templates it still reads."""

    def __init__(self):
        super().__init__()
        self.templates = set()

    def get_template(self, template_name):
        self.templates.add(template_name)
        return super().get_template(template_name)


def test_only_a_whole_group_of_checkboxes_or_radio_buttons_is_left_to_a_template():
    renderer = Geteld()
    html(renderer, {"buurt": "2"})
    assert renderer.templates == {
        "django/forms/widgets/checkbox_select.html",
        "django/forms/widgets/radio.html",
    }


def test_what_people_type_is_escaped():
    [buurt] = [d for d in html(SnelleWeergave(), {"buurt": "2"}) if d.startswith("<select")][:1]
    assert '<option value="2" selected>Lariks-Noord &amp; &lt;Zuid&gt;</option>' in buurt
    notitie = html(SnelleWeergave(), {"notitie": "<script>x</script>"})[7]
    assert "&lt;script&gt;" in notitie and "<script>" not in notitie
