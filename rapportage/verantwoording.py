"""The annual report's appendix Verantwoording: how every figure is counted, what was not
measured, and what was still open when the report was published (or is open in a concept).

The definitions come from the figures engine (``kengetallen.DEFINITIES``), the rule of the
indicators' verdict from ``wijken.models.OORDEEL_REGEL``, the gaps from the
priorities, indicators and measurements (``wijken``), the open points from ``gereedheid``: the
appendix repeats nothing typed by hand.
"""

from wijken.models import OORDEEL_REGEL

from .gereedheid import indicatoren_zonder_meting, open_punten, prioriteiten_zonder_indicator
from .kengetallen import SECTIES, definitielijst

# The checks whose open points the appendix lists under "Niet gemeten" instead.
GEMETEN = {"zonder_indicator", "zonder_meting"}


def verantwoording(rapportage, openbare_cijfers=None):
    """The appendix's context: ``definities`` [(section name, [definition])], ``oordeel_regel``
    (how an indicator's verdict is reached), ``niet_gemeten``
    [{wijk, prioriteit, wat}], ``open_punten`` [(Controle, [OpenPunt])] of the other checks
    with points, and their number."""
    jaar = rapportage.jaar
    per_sectie = {}
    for d in definitielijst():
        per_sectie.setdefault(d["sectie"], []).append(d)
    niet_gemeten = [
        {
            "wijk": p.wijk.naam,
            "prioriteit": p.titel,
            "wat": "geen indicator",
            "volgorde": (p.wijk.volgorde, p.volgorde, p.pk, 0),
        }
        for p in prioriteiten_zonder_indicator(jaar)
    ] + [
        {
            "wijk": i.prioriteit.wijk.naam,
            "prioriteit": i.prioriteit.titel,
            "wat": f"indicator “{i.naam}”: geen meting in {jaar}",
            "volgorde": (i.prioriteit.wijk.volgorde, i.prioriteit.volgorde, i.prioriteit.pk, i.pk),
        }
        for i in indicatoren_zonder_meting(jaar)
    ]
    niet_gemeten.sort(key=lambda r: r["volgorde"])
    overige = [
        (c, punten)
        for c, punten in open_punten(rapportage, openbare_cijfers)
        if punten and c.sleutel not in GEMETEN
    ]
    return {
        "definities": [(SECTIES.get(s, s), lijst) for s, lijst in per_sectie.items()],
        "oordeel_regel": OORDEEL_REGEL,
        "niet_gemeten": niet_gemeten,
        "open_punten": overige,
        "aantal_open": sum(len(p) for _, p in overige),
    }
