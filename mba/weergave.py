"""The form renderer (``settings.FORM_RENDERER``): Django's, with its most used widget templates
written in Python.

Django renders a select with one template per option (``select_option.html``, with
``attrs.html`` in each) and every input through two or three nested templates: for a form with a
hundred options, such as the contact form, that was most of the time of the page. This renderer
gives the same HTML for ``select.html``, ``input.html`` and the templates that only include it
(text, number, date, hidden, checkbox, ...), the options of checkboxes and radio buttons, and
``textarea.html``; every other template (a whole group of checkboxes, the admin's widgets, the
forms themselves) is rendered by Django's templates as before.
``mba/tests/test_weergave.py`` compares the two.
"""

import html

from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
from django.utils.safestring import mark_safe

W = "django/forms/widgets/"
INVOER = {
    f"{W}{naam}.html"
    for naam in (
        "input checkbox color date datetime email file hidden number password search tel text "
        "time url"
    ).split()
}
OPTIES = {f"{W}checkbox_option.html", f"{W}radio_option.html", f"{W}input_option.html"}


def _e(waarde):
    """Django's ``conditional_escape`` (what is marked safe stays as it is, the rest is
    escaped), without the wrapper that checks every call for lazy text: a select of a hundred
    options escapes some three hundred values."""
    if isinstance(waarde, Promise):
        waarde = str(waarde)
    if hasattr(waarde, "__html__"):
        return waarde.__html__()
    return html.escape(str(waarde))


def _attrs(attrs):
    """attrs.html: in their order, a True attribute by its name alone, a False one left out."""
    return "".join(
        f" {_e(k)}" if v is True else f' {_e(k)}="{_e(str(v))}"'
        for k, v in attrs.items()
        if v is not False
    )


def _invoer(w):
    waarde = "" if w["value"] is None else f' value="{_e(str(w["value"]))}"'
    return mark_safe(
        f'<input type="{_e(w["type"])}" name="{_e(w["name"])}"{waarde}{_attrs(w["attrs"])}>'
    )


def _optie(w):
    if not w.get("wrap_label"):
        return _invoer(w)
    id_ = w["attrs"].get("id")
    label = f'<label for="{_e(id_)}">' if id_ else "<label>"
    return mark_safe(f"{label}{_invoer(w)} {_e(w['label'])}</label>")


def _keuzelijst(w):
    delen = [f'<select name="{_e(w["name"])}"{_attrs(w["attrs"])}>']
    for groep, opties, _ in w["optgroups"]:
        if groep:
            delen.append(f'\n  <optgroup label="{_e(groep)}">')
        for o in opties:
            delen.append(
                f'\n  <option value="{_e(str(o["value"]))}"{_attrs(o["attrs"])}>'
                f"{_e(o['label'])}</option>"
            )
        if groep:
            delen.append("\n  </optgroup>")
    delen.append("\n</select>")
    return mark_safe("".join(delen))


def _tekstvak(w):
    return mark_safe(
        f'<textarea name="{_e(w["name"])}"{_attrs(w["attrs"])}>\n{_e(w["value"] or "")}</textarea>'
    )


class SnelleWeergave(DjangoTemplates):
    def render(self, template_name, context, request=None):
        w = context.get("widget")
        if w is not None:
            if template_name in INVOER:
                return _invoer(w)
            if template_name in OPTIES:
                return _optie(w)
            if template_name == f"{W}select.html":
                return _keuzelijst(w)
            if template_name == f"{W}textarea.html":
                return _tekstvak(w)
        return super().render(template_name, context, request)
