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

from django.forms.renderers import DjangoTemplates
from django.utils.html import format_html
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


def _attrs(attrs):
    """attrs.html: in their order, a True attribute by its name alone, a False one left out."""
    return mark_safe(
        "".join(
            format_html(" {}", k) if v is True else format_html(' {}="{}"', k, str(v))
            for k, v in attrs.items()
            if v is not False
        )
    )


def _invoer(w):
    waarde = "" if w["value"] is None else format_html(' value="{}"', str(w["value"]))
    return format_html(
        '<input type="{}" name="{}"{}{}>', w["type"], w["name"], waarde, _attrs(w["attrs"])
    )


def _optie(w):
    if not w.get("wrap_label"):
        return _invoer(w)
    id_ = w["attrs"].get("id")
    label = format_html('<label for="{}">', id_) if id_ else mark_safe("<label>")
    return format_html("{}{} {}</label>", label, _invoer(w), w["label"])


def _keuzelijst(w):
    delen = [format_html('<select name="{}"{}>', w["name"], _attrs(w["attrs"]))]
    for groep, opties, _ in w["optgroups"]:
        if groep:
            delen.append(format_html('\n  <optgroup label="{}">', groep))
        for o in opties:
            delen.append(
                format_html(
                    '\n  <option value="{}"{}>{}</option>',
                    str(o["value"]),
                    _attrs(o["attrs"]),
                    o["label"],
                )
            )
        if groep:
            delen.append("\n  </optgroup>")
    delen.append("\n</select>")
    return mark_safe("".join(delen))


def _tekstvak(w):
    return format_html(
        '<textarea name="{}"{}>\n{}</textarea>', w["name"], _attrs(w["attrs"]), w["value"] or ""
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
