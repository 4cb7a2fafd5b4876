"""Demo referrals (``make run``): the demo accounts refer to each other and to organisations
without MBA accounts, in every state, one of them overdue. Called by the demo command after the
demo accounts exist; idempotent (it adds nothing when the demo accounts already sent some)."""

import datetime

from django.db import transaction
from django.utils import timezone

from mba.models import Medewerker, Organisatie
from wijken.models import Wijk

from .doorverwijzing import Doorverwijzing, Status, standaard_uiterlijk_op

# (sender, receiving organisation, wijk, days ago, path of statuses, answer, reason)
DEMO = [
    ("medewerker-actium", "vaart-welzijn", "lariks", 2, [], "", "Eenzaamheid na verhuizing."),
    (
        "medewerker-actium",
        "vaart-welzijn",
        "noorderpark",
        30,
        [],
        "",
        "Vraag naar ontmoeting in de buurt.",
    ),
    (
        "medewerker-actium",
        "vaart-welzijn",
        "lariks",
        6,
        [Status.ONTVANGEN],
        "",
        "Zorgen over schulden, bewoner wil hulp.",
    ),
    (
        "medewerker-vaart",
        "actium",
        "pittelo",
        9,
        [Status.ONTVANGEN, Status.IN_BEHANDELING],
        "",
        "Achterstallig onderhoud en vocht in de woning.",
    ),
    (
        "medewerker-vaart",
        "actium",
        "assen-oost",
        20,
        [Status.ONTVANGEN, Status.AFGEROND],
        "Huisbezoek gedaan, reparatie staat ingepland.",
        "Overlast van buren.",
    ),
    (
        "medewerker-gemeente",
        "vaart-welzijn",
        "centrum",
        15,
        [Status.NIET_OPGEPAKT],
        "Buiten ons werkgebied; doorgezet naar het sociaal team.",
        "Vraag over mantelzorg.",
    ),
    (
        "medewerker-actium",
        "politie",
        "lariks",
        12,
        [Status.AFGEROND],
        "Wijkagent is langs geweest (door de schrijver vastgelegd).",
        "Zorgen over veiligheid in de portiek.",
    ),
    ("medewerker-vaart", "leger-des-heils", "pittelo", 4, [], "", "Vraag naar maaltijden."),
]


@transaction.atomic
def maak_demo_doorverwijzingen(vandaag=None):
    vandaag = vandaag or timezone.localdate()
    gebruikers = {
        u.username: u for u in Medewerker.objects.filter(username__startswith="medewerker-")
    }
    if Doorverwijzing.objects.filter(van_medewerker__in=gebruikers.values()).exists():
        return 0
    organisaties = {o.slug: o for o in Organisatie.objects.all()}
    wijken = {w.slug: w for w in Wijk.objects.all()}
    ontvangers = {u.organisatie_id: u for u in gebruikers.values()}
    gemaakt = 0
    for van, naar, wijk, dagen, pad, antwoord, reden in DEMO:
        user, org, w = gebruikers.get(van), organisaties.get(naar), wijken.get(wijk)
        if user is None or org is None or w is None:
            continue
        verstuurd = vandaag - datetime.timedelta(days=dagen)
        d = Doorverwijzing(
            wijk=w,
            van_medewerker=user,
            van_organisatie_id=user.organisatie_id,
            naar_organisatie=org,
            toelichting=reden,
            verstuurd_op=verstuurd,
            uiterlijk_op=standaard_uiterlijk_op(org, verstuurd),
        )
        d.full_clean()
        d.save(door=user)
        for status in pad:
            d.zet_status(status, ontvangers.get(org.pk, user), antwoord)
        gemaakt += 1
    return gemaakt
