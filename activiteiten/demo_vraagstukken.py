"""Demo data of collective problems (``make run``): a few vraagstukken grown from the demo's
signals and one open proposal (docs/collective-problems.md). Idempotent: does nothing when
there are vraagstukken already."""

import datetime

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from mba.models import Organisatie
from wijken.models import Wijk

from .models import Contactmoment, Signaalsoort
from .vraagstuk import CollectiefVraagstuk, cluster_instellingen

VERHALEN = [
    ("in_aanpak", "Samen aanpakken: {signaal} in {buurt}", "Buurtgesprekken en een vaste inloop."),
    ("opgelost", "{signaal} in {buurt}", "Opgepakt met de partners; het signaal is afgenomen."),
]


@transaction.atomic
def maak_demo_vraagstukken():
    if CollectiefVraagstuk.objects.exists():
        return
    org = Organisatie.objects.first()
    wijken = [w for w in Wijk.objects.prefetch_related("teamleden", "buurten") if w.teamleden.all()]
    # the vraagstukken: the buurten with the most contacts of one signal, grown into a vraagstuk
    for wijk, (status, titel, omschrijving) in zip(wijken, VERHALEN, strict=False):
        for signaal in Signaalsoort.objects.filter(bijzonder=False):
            top = (
                Contactmoment.objects.filter(wijk=wijk, buurt__isnull=False, signalen=signaal)
                .values("buurt")
                .annotate(n=Count("pk"))
                .order_by("-n")
                .first()
            )
            if top is None:
                continue
            buurt = wijk.buurten.get(pk=top["buurt"])
            contacten = Contactmoment.objects.filter(wijk=wijk, buurt=buurt, signalen=signaal)
            eerste = contacten.order_by("datum").first().datum
            v = CollectiefVraagstuk.objects.create(
                wijk=wijk,
                buurt=buurt,
                titel=titel.format(signaal=signaal.naam, buurt=buurt.naam),
                omschrijving=omschrijving,
                eigenaar=wijk.teamleden.all()[0],
                gesignaleerd_op=eerste,
            )
            v.signalen.add(signaal)
            v.contactmomenten.add(*contacten.order_by("-datum")[:50])
            v.activiteiten.add(*wijk.activiteiten.all()[:2])
            v.initiatieven.add(*wijk.initiatieven.all()[:1])
            v.zet_status("in_aanpak", v.eigenaar, "Het team pakt dit samen op.")
            if status == "opgelost":
                v.zet_status("opgelost", v.eigenaar, "Het signaal komt minder terug.")
            break
    # one open proposal: recent contacts with the same signal in one buurt
    signaal = Signaalsoort.objects.filter(bijzonder=False).first()
    wijk = wijken[-1] if wijken else None
    if signaal is None or wijk is None or org is None or not wijk.buurten.all():
        return
    minimum, weken = cluster_instellingen()
    medewerker, buurt = wijk.teamleden.all()[0], wijk.buurten.all()[0]
    vandaag = timezone.localdate()
    for i in range(minimum + 1):
        Contactmoment(
            datum=vandaag - datetime.timedelta(days=(i * 7 * weken) // (minimum + 2)),
            medewerker=medewerker,
            organisatie_id=medewerker.organisatie_id or org.pk,
            wijk=wijk,
            buurt=buurt,
            kanaal=Contactmoment.Kanaal.AAN_DE_DEUR,
            aanleiding=Contactmoment.Aanleiding.WIJKRONDE,
        ).maak_met_links(signalen=[signaal])
