"""Charts as SVG made on the server: no JavaScript, the same in the HTML page and the PDF."""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from mba.getallen import getal

KLEUR_NU = "#1d6b3a"
KLEUR_VORIG = "#9cc5a8"

# Advance widths of DejaVu Sans (the report's font) in ems, rounded up per group, so that a
# label is measured without a font file on the server: a little wider than it will print.
_BREEDTES = {
    0.34: " il.,:;'|!ïíìjIJ’‘/\\",
    0.42: "frt()[]-",
    0.56: 'csz?"ç',
    0.64: "0123456789abdeghknopquvxyéëèêóöòôüúùáäàâ$€{}_*`–",
    0.70: "ABCEFKLPRSTVXYZ",
    0.79: "DGHNOQU&",
    0.84: "#+<=>^~",
    1.00: "mwMW%@—",
}
_BREEDTE = {teken: em for em, tekens in _BREEDTES.items() for teken in tekens}
LABEL_GROOTTE = 11  # font size of the labels, in the chart's units
REGEL_H = 13  # line height of a wrapped label


def tekstbreedte(tekst, grootte=LABEL_GROOTTE):
    """The width of a line of text in DejaVu Sans, at most a few percent too wide."""
    return grootte * sum(_BREEDTE.get(t, 0.8) for t in tekst)


def afbreken(tekst, breedte, grootte=LABEL_GROOTTE):
    """The text in lines that each fit in `breedte`, broken between words (a single word
    wider than that is broken inside the word, never cut off)."""
    regels, regel = [], ""
    for woord in tekst.split():
        while tekstbreedte(woord, grootte) > breedte:  # a very long word: break it up
            if regel:
                regels.append(regel)
                regel = ""
            n = len(woord)
            while n > 1 and tekstbreedte(woord[:n] + "-", grootte) > breedte:
                n -= 1
            regels.append(woord[:n] + "-")
            woord = woord[n:]
        kandidaat = f"{regel} {woord}" if regel else woord
        if tekstbreedte(kandidaat, grootte) <= breedte:
            regel = kandidaat
        else:
            regels.append(regel)
            regel = woord
    if regel or not regels:
        regels.append(regel)
    return regels


def _num(waarde):
    return waarde if isinstance(waarde, int | float) else 0


def staafgrafiek(titel, rijen, jaar=None, vorig_jaar=None, sleutel="", breedte=640, rij_h=26):
    """Horizontal bars, one row per (label, value, previous value). A suppressed value ('< 5')
    is drawn as a short hatched stub and labelled as such, never as its real size. `sleutel`
    makes the SVG's ids unique in a page with many charts (and stable between renders).
    `rij_h` is the height of a row of one line (a smaller one packs the chart for print)."""
    gid = "g-" + slugify(sleutel or titel)
    rijen = list(rijen)
    if not rijen:
        return mark_safe("")
    label_b, getal_b, marge = 190, 70, 8
    heeft_vorig = any(v is not None for _, _, v in rijen)
    max_w = max([_num(n) for _, n, _ in rijen] + [_num(v) for _, _, v in rijen] + [1])
    balk_b = breedte - label_b - getal_b - marge
    # A long label wraps onto more lines (its row grows) instead of running off the left edge.
    regels = [afbreken(str(label), label_b - 10) for label, _, _ in rijen]
    rij_hoogtes = [max(rij_h, len(r) * REGEL_H + 6) for r in regels]
    hoogte = 4 + sum(rij_hoogtes) + (24 if heeft_vorig else 4)
    delen = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {breedte} {hoogte}" '
        f'width="100%" class="grafiek" aria-labelledby="{gid}-titel">',
        f'<title id="{gid}-titel">{escape(titel)}</title>',
        f'<defs><pattern id="{gid}-arcering" width="4" height="4" patternUnits="userSpaceOnUse">'
        f'<path d="M0 4L4 0" stroke="{KLEUR_NU}" stroke-width="1"/></pattern></defs>',
    ]
    rij_y = 4
    for (_, nu, vorig), label_regels, rij_hoogte in zip(rijen, regels, rij_hoogtes, strict=True):
        y = rij_y + (rij_hoogte - rij_h) // 2  # the bars, centred in their row
        rij_y += rij_hoogte
        eerste = y + 13 - (len(label_regels) - 1) * REGEL_H / 2
        delen.append(
            f'<text x="{label_b - 6}" y="{eerste:g}" text-anchor="end" '
            f'font-size="{LABEL_GROOTTE}" class="grafiek__label">'
            + "".join(
                f'<tspan x="{label_b - 6}" dy="{0 if i == 0 else REGEL_H}">{escape(r)}</tspan>'
                for i, r in enumerate(label_regels)
            )
            + "</text>"
        )
        h = 10 if heeft_vorig else 16
        if isinstance(nu, int | float):
            w = max(1, round(balk_b * nu / max_w)) if nu else 0
            delen.append(
                f'<rect x="{label_b}" y="{y}" width="{w}" height="{h}" fill="{KLEUR_NU}"/>'
            )
        else:
            delen.append(
                f'<rect x="{label_b}" y="{y}" width="12" height="{h}" fill="url(#{gid}-arcering)"/>'
            )
        if heeft_vorig and vorig is not None:
            if isinstance(vorig, int | float):
                w = max(1, round(balk_b * vorig / max_w)) if vorig else 0
                delen.append(
                    f'<rect x="{label_b}" y="{y + h + 1}" width="{w}" height="{h - 3}" '
                    f'fill="{KLEUR_VORIG}"/>'
                )
        tekst = nu if isinstance(nu, str) else getal(_num(nu))
        delen.append(
            f'<text x="{breedte - getal_b + 4}" y="{y + 13}" font-size="11">{escape(tekst)}</text>'
        )
    if heeft_vorig:
        y = hoogte - 14
        delen.append(
            f'<rect x="{label_b}" y="{y}" width="10" height="10" fill="{KLEUR_NU}"/>'
            f'<text x="{label_b + 14}" y="{y + 9}" font-size="10">{escape(str(jaar or ""))}</text>'
            f'<rect x="{label_b + 70}" y="{y}" width="10" height="10" fill="{KLEUR_VORIG}"/>'
            f'<text x="{label_b + 84}" y="{y + 9}" font-size="10">'
            f"{escape(str(vorig_jaar or ''))}</text>"
        )
    delen.append("</svg>")
    return mark_safe("".join(delen))
