"""Charts as SVG made on the server: no JavaScript, the same in the HTML page and the PDF."""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from mba.getallen import getal

KLEUR_NU = "#1d6b3a"
KLEUR_VORIG = "#9cc5a8"


def _num(waarde):
    return waarde if isinstance(waarde, int | float) else 0


def staafgrafiek(titel, rijen, jaar=None, vorig_jaar=None, sleutel="", breedte=640):
    """Horizontal bars, one row per (label, value, previous value). A suppressed value ('< 5')
    is drawn as a short hatched stub and labelled as such, never as its real size. `sleutel`
    makes the SVG's ids unique in a page with many charts (and stable between renders)."""
    gid = "g-" + slugify(sleutel or titel)
    rijen = list(rijen)
    if not rijen:
        return mark_safe("")
    label_b, getal_b, rij_h, marge = 190, 70, 26, 8
    heeft_vorig = any(v is not None for _, _, v in rijen)
    max_w = max([_num(n) for _, n, _ in rijen] + [_num(v) for _, _, v in rijen] + [1])
    balk_b = breedte - label_b - getal_b - marge
    hoogte = rij_h * len(rijen) + (28 if heeft_vorig else 8)
    delen = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {breedte} {hoogte}" '
        f'width="100%" class="grafiek" aria-labelledby="{gid}-titel">',
        f'<title id="{gid}-titel">{escape(titel)}</title>',
        f'<defs><pattern id="{gid}-arcering" width="4" height="4" patternUnits="userSpaceOnUse">'
        f'<path d="M0 4L4 0" stroke="{KLEUR_NU}" stroke-width="1"/></pattern></defs>',
    ]
    for i, (label, nu, vorig) in enumerate(rijen):
        y = i * rij_h + 4
        delen.append(
            f'<text x="{label_b - 6}" y="{y + 13}" text-anchor="end" font-size="11">'
            f"{escape(label)}</text>"
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
