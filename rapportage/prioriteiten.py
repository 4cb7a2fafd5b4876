"""The page of one priority of a wijk: ``/wijken/<slug>/prioriteiten/<pk>/`` (name
``wijken:prioriteit``, mounted by ``mba/urls.py`` beside the wijk page).

It shows the priority, its indicators with a chart of their measurements against the nulmeting
and the target, and each indicator's verdict with the rule it follows (``Indicator.oordeel``,
``Indicator.OORDEEL_REGEL``). It lives on the top floor because it is to show the figures of
the work linked to the priority too (the figures engine). Everyone with a role reads it; the
coordinator and the wijk's team get the buttons to the forms (``wijken.views``), which refuse
the others with a 403. Above the indicators: the work linked to the priority in the chosen year
(``?jaar=``), exact as on the wijk page, each figure with its definition.

The annual report shows each priority's indicators the same way (``indicatorblokken``).
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from mba import rechten
from wijken.models import Indicator, Meting, Prioriteit

from .grafieken import indicatorgrafiek
from .paginas import jaarcijfers, jaarkeuze, werkrijen


def oordeel_uitleg(ind, metingen, oordeel):
    """One sentence: the measurement the verdict read and, on the way, where the line was."""
    if oordeel == Indicator.Oordeel.ONBEKEND:
        ontbreekt = [
            naam
            for naam, waarde in (
                ("een nulmeting met datum", ind.nulmeting_datum and ind.nulmeting is not None),
                (
                    "een streefwaarde met streefdatum",
                    ind.streefdatum and ind.streefwaarde is not None,
                ),
            )
            if not waarde
        ]
        if not ontbreekt:
            ontbreekt = ["een meting op of na de datum van de nulmeting"]
        return {"ontbreekt": ontbreekt}
    laatste = max((m for m in metingen if m.datum >= ind.nulmeting_datum), key=lambda m: m.datum)
    return {"laatste": laatste, "verwacht": ind.verwacht_op(laatste.datum)}


@login_required
def prioriteit(request, slug, pk):
    rechten.vereis_rol(request.user)
    prio = get_object_or_404(
        Prioriteit.objects.select_related("wijk").prefetch_related(
            "themas",
            Prefetch(
                "indicatoren",
                Indicator.objects.order_by("pk").prefetch_related(
                    Prefetch("metingen", Meting.objects.order_by("datum"))
                ),
            ),
        ),
        pk=pk,
        wijk__slug=slug,
    )
    jaar = _jaar(request, prio)
    werk = jaarcijfers(jaar, [prio.wijk_id])[prio.wijk_id]["werk"].get(prio.pk)
    return render(
        request,
        "wijken/prioriteit.html",
        {
            "wijk": prio.wijk,
            "prioriteit": prio,
            "jaar": jaar,
            "jaren": jaarkeuze(jaar),
            "werk": None if werk is None else werkrijen(werk),
            "indicatoren": indicatorblokken(
                (ind, list(ind.metingen.all())) for ind in prio.indicatoren.all()
            ),
            "regel": Indicator.OORDEEL_REGEL,
            "mag_bewerken": prio.mag_bewerken(request.user),
        },
    )


def _jaar(request, prio):
    """?jaar= within 2015 and this year; by default this year, or the priority's last year
    when it ended before."""
    dit_jaar = timezone.localdate().year
    try:
        jaar = int(request.GET["jaar"])
    except (KeyError, ValueError):
        jaar = min(dit_jaar, prio.geldig_tot or dit_jaar)
    return min(max(jaar, 2015), dit_jaar)


def indicatorblokken(indicatoren, breedte=520, hoogte=220, sleutel="indicator"):
    """[{indicator, metingen, oordeel, oordeel_label, uitleg, grafiek}] for each (indicator, its
    measurements in date order): the verdict by ``Indicator.OORDEEL_REGEL`` over those
    measurements, the sentence that explains it and the chart against nulmeting and target."""
    blokken = []
    for ind, metingen in indicatoren:
        oordeel = ind.oordeel(metingen)
        blokken.append(
            {
                "indicator": ind,
                "metingen": metingen,
                "oordeel": oordeel,
                "oordeel_label": Indicator.Oordeel(oordeel).label,
                "uitleg": oordeel_uitleg(ind, metingen, oordeel),
                "grafiek": indicatorgrafiek(
                    ind, metingen, sleutel=f"{sleutel}-{ind.pk}", breedte=breedte, hoogte=hoogte
                ),
            }
        )
    return blokken
