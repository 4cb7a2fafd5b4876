"""Charts as SVG made on the server: no JavaScript, the same in the HTML page and the PDF."""

import datetime
import math

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from mba.getallen import getal, meetwaarde

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


KLEUR_LIJN = "#6b6b6b"
KLEUR_DOEL = "#8a4b08"


def _datum_kort(d):
    return f"{d.day}-{d.month}-{d.year}"


def _schaal(laag, hoog):
    """Round ticks for an axis from ``laag`` to ``hoog``: (start, end, step)."""
    if hoog <= laag:
        hoog = laag + 1
    ruw = (hoog - laag) / 4
    macht = 10 ** math.floor(math.log10(ruw))
    stap = next(f * macht for f in (1, 2, 2.5, 5, 10) if f * macht >= ruw)
    return math.floor(laag / stap) * stap, math.ceil(hoog / stap) * stap, stap


def indicatorgrafiek(indicator, metingen, sleutel="", breedte=640, hoogte=230):
    """The measurements of an indicator over time (dots joined by a line), against its
    nulmeting and its target: the dashed line from the nulmeting (on its date) to the
    streefwaarde (on the streefdatum) that ``Indicator.oordeel`` reads. Measurements before the
    nulmeting's date are drawn open: they do not count. Empty when there is nothing to draw."""
    metingen = sorted(metingen, key=lambda m: m.datum)
    punten = [(m.datum, float(m.waarde)) for m in metingen]
    begin = (indicator.nulmeting_datum, indicator.nulmeting)
    doel = (indicator.streefdatum, indicator.streefwaarde)
    ankers = [(d, float(w)) for d, w in (begin, doel) if d is not None and w is not None]
    if not punten and not ankers:
        return mark_safe("")
    gid = "i-" + slugify(sleutel or indicator.naam)
    links, rechts, boven, onder = 58, 24, 16, 46
    datums = [d for d, _ in punten + ankers]
    d0, d1 = min(datums), max(datums)
    marge = max(15, (d1 - d0).days // 20)
    d0, d1 = d0 - datetime.timedelta(days=marge), d1 + datetime.timedelta(days=marge)
    waarden = [w for _, w in punten + ankers]
    laag, hoog, stap = _schaal(min([0.0, *waarden]), max(waarden) * 1.1 or 1)
    plot_b, plot_h = breedte - links - rechts, hoogte - boven - onder

    def x(d):
        return links + plot_b * (d - d0).days / max(1, (d1 - d0).days)

    def y(w):
        return boven + plot_h * (1 - (w - laag) / (hoog - laag))

    eenheid = f" {indicator.eenheid}" if indicator.eenheid else ""
    beschrijving = [f"{meetwaarde(w)}{eenheid} op {_datum_kort(d)}" for d, w in punten]
    delen = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {breedte} {hoogte}" '
        f'width="100%" class="grafiek" aria-labelledby="{gid}-titel {gid}-uitleg">',
        f'<title id="{gid}-titel">{escape(indicator.naam)}</title>',
        f'<desc id="{gid}-uitleg">Metingen: {escape("; ".join(beschrijving) or "geen")}.</desc>',
    ]
    # the value axis: round ticks, Dutch numbers
    w = laag
    while w <= hoog + stap / 1000:
        delen.append(
            f'<line x1="{links}" x2="{breedte - rechts}" y1="{y(w):.1f}" y2="{y(w):.1f}" '
            f'stroke="#ddd" stroke-width="1"/>'
            f'<text x="{links - 6}" y="{y(w) + 4:.1f}" text-anchor="end" font-size="10">'
            f"{escape(meetwaarde(w))}</text>"
        )
        w += stap
    # the time axis: 1 January of each year in view, else the two ends
    jaren = [datetime.date(j, 1, 1) for j in range(d0.year + 1, d1.year + 1)]
    for d in jaren or [d0, d1]:
        tekst = str(d.year) if jaren else _datum_kort(d)
        delen.append(
            f'<line x1="{x(d):.1f}" x2="{x(d):.1f}" y1="{boven}" y2="{boven + plot_h}" '
            f'stroke="#eee" stroke-width="1"/>'
            f'<text x="{x(d):.1f}" y="{boven + plot_h + 14}" text-anchor="middle" '
            f'font-size="10">{escape(tekst)}</text>'
        )
    if len(ankers) == 2:
        (xa, ya), (xb, yb) = [(x(d), y(w)) for d, w in ankers]
        delen.append(
            f'<line x1="{xa:.1f}" y1="{ya:.1f}" x2="{xb:.1f}" y2="{yb:.1f}" '
            f'stroke="{KLEUR_LIJN}" stroke-width="1.5" stroke-dasharray="5 4"/>'
        )
    if begin[0] is not None and begin[1] is not None:
        xb, yb = x(begin[0]), y(float(begin[1]))
        delen.append(
            f'<rect x="{xb - 4:.1f}" y="{yb - 4:.1f}" width="8" height="8" fill="{KLEUR_LIJN}"/>'
        )
    if doel[0] is not None and doel[1] is not None:
        xd, yd = x(doel[0]), y(float(doel[1]))
        delen.append(
            f'<path d="M{xd:.1f} {yd - 6:.1f}L{xd + 6:.1f} {yd:.1f}L{xd:.1f} {yd + 6:.1f}'
            f'L{xd - 6:.1f} {yd:.1f}Z" fill="{KLEUR_DOEL}"/>'
            f'<text x="{xd - 8:.1f}" y="{yd - 8:.1f}" text-anchor="end" font-size="10" '
            f'fill="{KLEUR_DOEL}">doel {escape(meetwaarde(doel[1]))}</text>'
        )
    telt = [(x(d), y(w)) for d, w in punten if begin[0] is None or d >= begin[0]]
    if len(telt) > 1:
        pad = " ".join(f"{a:.1f},{b:.1f}" for a, b in telt)
        delen.append(f'<polyline points="{pad}" fill="none" stroke="{KLEUR_NU}" stroke-width="2"/>')
    for d, w in punten:
        open_ = begin[0] is not None and d < begin[0]
        vulling = "#fff" if open_ else KLEUR_NU
        delen.append(
            f'<circle cx="{x(d):.1f}" cy="{y(w):.1f}" r="4" fill="{vulling}" '
            f'stroke="{KLEUR_NU}" stroke-width="2"/>'
        )
    if punten:
        d, w = punten[-1]
        delen.append(
            f'<text x="{x(d) + 7:.1f}" y="{y(w) + 4:.1f}" font-size="11" font-weight="bold">'
            f"{escape(meetwaarde(w))}</text>"
        )
    # the legend
    ly = hoogte - 12
    delen.append(
        f'<circle cx="{links + 5}" cy="{ly - 4}" r="4" fill="{KLEUR_NU}"/>'
        f'<text x="{links + 14}" y="{ly}" font-size="10">meting</text>'
        f'<rect x="{links + 70}" y="{ly - 8}" width="8" height="8" fill="{KLEUR_LIJN}"/>'
        f'<text x="{links + 83}" y="{ly}" font-size="10">nulmeting</text>'
        f'<line x1="{links + 150}" x2="{links + 175}" y1="{ly - 4}" y2="{ly - 4}" '
        f'stroke="{KLEUR_LIJN}" stroke-width="1.5" stroke-dasharray="5 4"/>'
        f'<text x="{links + 180}" y="{ly}" font-size="10">koers naar het doel</text>'
        f'<path d="M{links + 300} {ly - 10}L{links + 306} {ly - 4}L{links + 300} {ly + 2}'
        f'L{links + 294} {ly - 4}Z" fill="{KLEUR_DOEL}"/>'
        f'<text x="{links + 311}" y="{ly}" font-size="10">doel</text>'
    )
    delen.append("</svg>")
    return mark_safe("".join(delen))
