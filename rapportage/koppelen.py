"""Linking existing work to priorities in bulk: a page per wijk where the coordinator (or the
wijk's team) accepts proposals. A proposal is the same theme match the contact form uses: a
contact moment or activity of the year, in the wijk, with a theme of a priority valid that
year, not yet linked to it. Proposals are shown, never counted: only accepted links count
(``kengetallen.per_prioriteit``). Initiatives and projects have no themes: they are linked in
their own forms.

It reads contacts and activities (activiteiten) and priorities (wijken), so it lives on the top
floor."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from activiteiten import tellingen
from activiteiten.models import Activiteit, Contactmoment
from mba import audit, rechten
from wijken.models import Prioriteit, Wijk

from .paginas import gekozen_jaar, jaarkeuze


def voorstellen(wijk, jaar):
    """[{prioriteit, contacten (queryset), aantal_contacten, activiteiten (list)}] for every
    priority of ``wijk`` valid in ``jaar`` that has themes: the work of that year matching one
    of its themes and not yet linked to it."""
    uit = []
    prioriteiten = Prioriteit.objects.geldig_in(jaar).filter(wijk=wijk).prefetch_related("themas")
    for p in prioriteiten:
        themas = [t.pk for t in p.themas.all()]
        if not themas:
            continue
        contacten = (
            Contactmoment.objects.in_jaar(jaar)
            .filter(wijk=wijk, themas__in=themas)
            .exclude(prioriteiten=p)
            .values("pk")
            .distinct()
        )
        activiteiten = list(
            Activiteit.objects.in_jaar(jaar)
            .filter(wijk=wijk, themas__in=themas)
            .exclude(prioriteiten=p)
            .distinct()
            .order_by("start", "naam")
        )
        uit.append(
            {
                "prioriteit": p,
                "contacten": contacten,
                "aantal_contacten": contacten.count(),
                "activiteiten": activiteiten,
            }
        )
    return uit


def accepteren(prioriteit, contacten, activiteiten):
    """Links the proposed contacts (a queryset of pks) and activities to ``prioriteit``: the
    contacts' links in one INSERT, their cells recounted once, their change time renewed (API
    sync); each activity through its relation manager (the model's guard holds)."""
    with transaction.atomic():
        pks = list(contacten.values_list("pk", flat=True))
        link = Contactmoment.prioriteiten.through
        link.objects.bulk_create(
            [link(contactmoment_id=pk, prioriteit_id=prioriteit.pk) for pk in pks],
            ignore_conflicts=True,
        )
        gekoppeld = Contactmoment.objects.filter(pk__in=pks)
        gekoppeld.update(gewijzigd_op=timezone.now())
        tellingen.bijwerken(tellingen.cellen_van(gekoppeld))
        for a in activiteiten:
            a.prioriteiten.add(prioriteit)
    return len(pks), len(activiteiten)


@login_required
def koppelen(request, slug):
    """The proposals of a wijk for a year, accepted per priority with one tap."""
    rechten.vereis_rol(request.user)
    wijk = get_object_or_404(Wijk, slug=slug)
    rechten.vereis_bewerken(request.user, wijk)
    jaar = gekozen_jaar(request)
    lijst = voorstellen(wijk, jaar)
    if request.method == "POST":
        gekozen = set(request.POST.getlist("prioriteit"))
        totaal_c = totaal_a = 0
        for v in lijst:
            if str(v["prioriteit"].pk) in gekozen:
                c, a = accepteren(v["prioriteit"], v["contacten"], v["activiteiten"])
                totaal_c, totaal_a = totaal_c + c, totaal_a + a
        if totaal_c:  # a change of contact moments, in one row of the audit trail
            audit.vastleggen(
                request, audit.Actie.GEWIJZIGD, objecttype=audit.CONTACTMOMENT, aantal=totaal_c
            )
        messages.success(
            request,
            f"Gekoppeld: {totaal_c} contactmomenten en {totaal_a} activiteiten."
            if gekozen
            else "Niets gekozen: er is niets gekoppeld.",
        )
        return redirect(f"{request.path}?jaar={jaar}")
    return render(
        request,
        "rapportage/koppelen.html",
        {"wijk": wijk, "jaar": jaar, "jaren": jaarkeuze(jaar), "voorstellen": lijst},
    )
