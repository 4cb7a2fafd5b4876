"""What this app tells in the daily digest (mba.meldingen): one's own overdue follow-ups.

Overdue: a contact moment of mine that asks for a follow-up (``open_vervolg``) whose date lies
VERVOLG_TE_LAAT_DAGEN days or more before the day of the digest: two weeks without a follow-up
is when a resident starts to wonder. Only what and where, never the note or a resident.
"""

import datetime

from django.urls import reverse
from django.utils.formats import date_format

from mba import rechten
from mba.meldingen import Item, Kanaal, registreer_bron, registreer_soort

VERVOLG_TE_LAAT_DAGEN = 14
HOOGSTENS = 10  # named one by one; the rest are one line to the list


def te_late_vervolgen(user, dag):
    from .models import Contactmoment

    if not rechten.mag_contactmoment_loggen(user):
        return []
    grens = dag - datetime.timedelta(days=VERVOLG_TE_LAAT_DAGEN)
    qs = (
        Contactmoment.objects.open_vervolg()
        .filter(medewerker=user, datum__lte=grens)
        .order_by("datum", "pk")
    )
    rijen = list(qs.values("pk", "datum", "wijk__naam")[: HOOGSTENS + 1])
    items = [
        Item(
            f"Vervolg staat open sinds het contact van {date_format(r['datum'], 'j F Y')} "
            f"in {r['wijk__naam']} ({(dag - r['datum']).days} dagen)",
            reverse("activiteiten:contactmoment", args=[r["pk"]]),
        )
        for r in rijen[:HOOGSTENS]
    ]
    if len(rijen) > HOOGSTENS:
        meer = qs.count() - HOOGSTENS
        items.append(
            Item(
                f"En nog {meer} contacten met een vervolg dat te lang open staat",
                reverse("activiteiten:contactmomenten"),
            )
        )
    return items


def te_late_doorverwijzingen(user, dag):
    """The referrals past their due date that I sent or that my organisation must answer."""
    from .doorverwijzing import te_laat_voor

    qs = te_laat_voor(user, dag).select_related("naar_organisatie", "van_organisatie")
    rijen = list(qs.order_by("uiterlijk_op", "pk")[: HOOGSTENS + 1])
    items = [
        Item(
            f"Doorverwijzing van {d.van_organisatie} naar {d.naar_organisatie} is over de "
            f"termijn ({date_format(d.uiterlijk_op, 'j F Y')})",
            reverse("activiteiten:doorverwijzing", args=[d.pk]),
        )
        for d in rijen[:HOOGSTENS]
    ]
    if len(rijen) > HOOGSTENS:
        items.append(
            Item(
                "En meer doorverwijzingen over de termijn",
                reverse("activiteiten:doorverwijzingen") + "?tab=te_laat",
            )
        )
    return items


def voorstellen_vraagstuk(user, dag):
    """The proposals of a collective problem in my teams' wijken: where and how many contacts,
    not the signal (a mail may be read on a shared screen; the page says it)."""
    from .vraagstuk import voorstellen_voor

    if not rechten.mag_contactmoment_loggen(user):
        return []
    return [
        Item(
            f"Voorstel voor een collectief vraagstuk in {v.buurt.naam}: {v.aantal} "
            f"contactmomenten met hetzelfde signaal",
            reverse("activiteiten:vraagstukken"),
        )
        for v in voorstellen_voor(user)[:HOOGSTENS]
    ]


def registreer():
    registreer_soort(
        "doorverwijzing_nieuw",
        "Een doorverwijzing aan mij of mijn organisatie",
        standaard_kanaal=Kanaal.BEIDE,
    )
    registreer_soort(
        "doorverwijzing_antwoord",
        "Een antwoord op mijn doorverwijzing",
        standaard_kanaal=Kanaal.APP,
    )
    registreer_bron(
        "doorverwijzing_te_laat",
        te_late_doorverwijzingen,
        naam="Doorverwijzingen over de termijn (verstuurd door mij of aan mijn organisatie)",
        standaard_kanaal=Kanaal.BEIDE,
    )
    registreer_bron(
        "vraagstuk_voorstel",
        voorstellen_vraagstuk,
        naam="Voorstellen voor een collectief vraagstuk in mijn wijken",
        standaard_kanaal=Kanaal.BEIDE,
    )
    registreer_bron(
        "vervolg_te_laat",
        te_late_vervolgen,
        naam=f"Mijn vervolgen die {VERVOLG_TE_LAAT_DAGEN} dagen of langer open staan",
        standaard_kanaal=Kanaal.BEIDE,
    )
