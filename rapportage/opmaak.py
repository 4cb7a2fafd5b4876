"""The small text markup of the report's narrative, rendered safely.

Everything a user typed is escaped; the only structure is: a blank line separates paragraphs,
a line starting with '## ' is a sub-heading, lines starting with '- ' form a bulleted list.
No HTML, links or images from user text ever reach the page or the PDF.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe


def _alinea(regels):
    return "<p>" + " ".join(escape(r) for r in regels) + "</p>"


def _lijst(items):
    return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"


def opmaak(tekst, kopniveau=4):
    if not tekst:
        return mark_safe("")
    delen = []
    for blok in tekst.replace("\r\n", "\n").strip().split("\n\n"):
        alinea, lijst = [], []
        for regel in (r.rstrip() for r in blok.strip().split("\n") if r.strip()):
            kaal = regel.strip()
            if kaal.startswith("## "):
                delen += [_alinea(alinea)] if alinea else []
                delen += [_lijst(lijst)] if lijst else []
                alinea, lijst = [], []
                delen.append(f"<h{kopniveau}>{escape(kaal[3:].strip())}</h{kopniveau}>")
            elif kaal.startswith("- "):
                delen += [_alinea(alinea)] if alinea else []
                alinea = []
                lijst.append(kaal[2:].strip())
            elif lijst and regel.startswith((" ", "\t")):
                lijst[-1] += " " + kaal  # a wrapped list item
            else:
                delen += [_lijst(lijst)] if lijst else []
                lijst = []
                alinea.append(kaal)
        delen += [_alinea(alinea)] if alinea else []
        delen += [_lijst(lijst)] if lijst else []
    return mark_safe("\n".join(delen))
