"""The page of one priority of a wijk: ``/wijken/<slug>/prioriteiten/<pk>/`` (name
``wijken:prioriteit``, mounted by ``mba/urls.py`` beside the wijk page).

It shows the priority, its indicators with a chart of their measurements against the nulmeting
and the target, and each indicator's verdict with the rule it follows (``Indicator.oordeel``,
``Indicator.OORDEEL_REGEL``). It lives on the top floor because it is to show the figures of
the work linked to the priority too (the figures engine). Everyone with a role reads it; the
coordinator and the wijk's team get the buttons to the forms (``wijken.views``), which refuse
the others with a 403.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from mba import rechten
from wijken.models import Indicator, Meting, Prioriteit

from .grafieken import indicatorgrafiek


def _toelichting(ind, metingen, oordeel):
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
    indicatoren = []
    for ind in prio.indicatoren.all():
        metingen = list(ind.metingen.all())
        oordeel = ind.oordeel(metingen)
        indicatoren.append(
            {
                "indicator": ind,
                "metingen": metingen,
                "oordeel": oordeel,
                "oordeel_label": Indicator.Oordeel(oordeel).label,
                "uitleg": _toelichting(ind, metingen, oordeel),
                "grafiek": indicatorgrafiek(
                    ind, metingen, sleutel=f"indicator-{ind.pk}", breedte=520, hoogte=220
                ),
            }
        )
    return render(
        request,
        "wijken/prioriteit.html",
        {
            "wijk": prio.wijk,
            "prioriteit": prio,
            "indicatoren": indicatoren,
            "regel": Indicator.OORDEEL_REGEL,
            "mag_bewerken": prio.mag_bewerken(request.user),
        },
    )
