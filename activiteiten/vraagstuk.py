"""Collective problems (collectieve vraagstukken): a problem of a wijk or buurt that the team
takes on together, grown from signals that keep coming back (docs/collective-problems.md).

MBA proposes one when signals cluster: at least ``MBA_CLUSTER_MIN_CONTACTEN`` (5) contact
moments with the same kind of signal in one buurt within the last ``MBA_CLUSTER_WEKEN`` (8)
weeks. A cluster is identified by (wijk, buurt, signaal) and gives at most one proposal at a
time. A proposal that was dismissed, or turned into a vraagstuk, is *handled* up to the date of
its newest contact moment: from then on only contact moments after that date count, so the
same cluster does not come back, and it does come back only when enough NEW contacts cluster.

This module does not import ``.models`` (that imports this one at its end): it refers to the
other models by name.
"""

import dataclasses
import datetime

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from mba import rechten
from mba.geschiedenis import Geschiedenis
from mba.validators import geen_persoonsgegevens
from mba.wijzigingen import CONTACTEN, PROGRAMMA, alle_bewaard, bewaard, deel, gewijzigd_bij
from wijken.models import check_buurt_in_wijk

MIN_CONTACTEN = 5
WEKEN = 8


def cluster_instellingen():
    """(minimum number of contact moments, window in weeks) of a cluster."""
    return (
        getattr(settings, "MBA_CLUSTER_MIN_CONTACTEN", MIN_CONTACTEN),
        getattr(settings, "MBA_CLUSTER_WEKEN", WEKEN),
    )


class VraagstukQuerySet(models.QuerySet):
    def zichtbaar_voor(self, user):
        """The coordinator and medewerkers read the vraagstukken of every wijk (they hold no
        personal data); any other role sees none (404)."""
        if rechten.mag_contactmomenten_zien(user):
            return self
        return self.none()

    def bewerkbaar_voor(self, user):
        """Changed by the coordinator and the members of the wijk's team (403 for the others)."""
        return rechten.in_bewerkbare_wijken(self.zichtbaar_voor(user), user)

    def open(self):
        return self.filter(status__in=CollectiefVraagstuk.OPEN)

    def in_jaar(self, jaar):
        """Vraagstukken that were open at some moment of ``jaar``: signalled before its end and
        not closed before its start."""
        start, eind = datetime.date(jaar, 1, 1), datetime.date(jaar + 1, 1, 1)
        return self.filter(gesignaleerd_op__lt=eind).filter(
            Q(afgesloten_op__isnull=True) | Q(afgesloten_op__gte=start)
        )


class CollectiefVraagstuk(models.Model):
    class Status(models.TextChoices):
        GESIGNALEERD = "gesignaleerd", "Gesignaleerd"
        IN_AANPAK = "in_aanpak", "In aanpak"
        OPGELOST = "opgelost", "Opgelost"
        GESTOPT = "gestopt", "Gestopt"

    OPEN = (Status.GESIGNALEERD, Status.IN_AANPAK)

    wijk = models.ForeignKey("wijken.Wijk", on_delete=models.PROTECT, related_name="vraagstukken")
    buurt = models.ForeignKey(
        "wijken.Buurt",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vraagstukken",
        help_text="Leeg als het vraagstuk de hele wijk betreft.",
    )
    titel = models.CharField(max_length=200, validators=[geen_persoonsgegevens])
    omschrijving = models.TextField(
        blank=True,
        validators=[geen_persoonsgegevens],
        help_text="Wat speelt er en wat pakt het team aan? Geen namen of adressen van bewoners.",
    )
    themas = models.ManyToManyField("mba.Thema", blank=True, related_name="vraagstukken")
    signalen = models.ManyToManyField(
        "activiteiten.Signaalsoort", blank=True, related_name="vraagstukken"
    )
    eigenaar = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="vraagstukken",
        help_text="Een medewerker van het team van de wijk.",
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.GESIGNALEERD)
    gesignaleerd_op = models.DateField(default=timezone.localdate)
    afgesloten_op = models.DateField(null=True, blank=True, editable=False)
    contactmomenten = models.ManyToManyField(
        "activiteiten.Contactmoment", blank=True, related_name="vraagstukken"
    )
    initiatieven = models.ManyToManyField(
        "initiatieven.Bewonersinitiatief", blank=True, related_name="vraagstukken"
    )
    activiteiten = models.ManyToManyField(
        "activiteiten.Activiteit", blank=True, related_name="vraagstukken"
    )
    projecten = models.ManyToManyField(
        "wijken.FysiekProject", blank=True, related_name="vraagstukken"
    )
    # The cluster it grew from (a proposal turned into this vraagstuk): that cluster is handled
    # up to ``voorstel_tot`` (see the module's docstring).
    voorstel_signaal = models.ForeignKey(
        "activiteiten.Signaalsoort",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    voorstel_tot = models.DateField(null=True, blank=True, editable=False)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    objects = VraagstukQuerySet.as_manager()

    class Meta:
        ordering = ["-gesignaleerd_op", "-pk"]
        verbose_name = "collectief vraagstuk"
        verbose_name_plural = "collectieve vraagstukken"
        constraints = [
            models.CheckConstraint(
                condition=Q(afgesloten_op__isnull=True)
                | Q(afgesloten_op__gte=models.F("gesignaleerd_op")),
                name="activiteiten_vraagstuk_afgesloten_na_gesignaleerd",
                violation_error_message="Een vraagstuk wordt afgesloten na het signaleren.",
            ),
        ]

    def __str__(self):
        return self.titel

    def clean(self):
        check_buurt_in_wijk(self)
        if (
            self.wijk_id
            and self.eigenaar_id
            and not self.wijk.teamleden.filter(pk=self.eigenaar_id).exists()
        ):
            raise ValidationError(
                {"eigenaar": f"De eigenaar is geen medewerker van het team van {self.wijk}."}
            )

    def mag_bewerken(self, user):
        return rechten.mag_in_wijk_bewerken(user, self.wijk_id)

    @property
    def is_open(self):
        return self.status in self.OPEN

    def zet_status(self, naar, door, toelichting=""):
        """Changes the status and writes one row of history (call inside a transaction)."""
        if naar not in self.Status.values:
            raise ValidationError({"status": "Kies een bestaande status."})
        if naar == self.status:
            raise ValidationError({"status": "Het vraagstuk heeft deze status al."})
        van = self.status
        self.status = naar
        self.afgesloten_op = None if naar in self.OPEN else timezone.localdate()
        self.save(update_fields=["status", "afgesloten_op"])
        VraagstukStatusWijziging.objects.create(
            vraagstuk=self, van_status=van, naar_status=naar, door=door, toelichting=toelichting
        )


class VraagstukStatusWijziging(Geschiedenis):
    """Append-only history of a vraagstuk's status: who, when, from, to and why."""

    vraagstuk = models.ForeignKey(
        CollectiefVraagstuk, on_delete=models.PROTECT, related_name="statuswijzigingen"
    )
    van_status = models.CharField(max_length=20, choices=CollectiefVraagstuk.Status, blank=True)
    naar_status = models.CharField(max_length=20, choices=CollectiefVraagstuk.Status)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    op = models.DateTimeField(auto_now_add=True)
    toelichting = models.TextField(blank=True, validators=[geen_persoonsgegevens])

    tekstveld = "toelichting"

    class Meta:
        ordering = ["op", "pk"]
        verbose_name = "statuswijziging van een vraagstuk"
        verbose_name_plural = "statuswijzigingen van vraagstukken"

    def __str__(self):
        return f"{self.vraagstuk}: {self.van_status or '—'} → {self.naar_status}"


class AfgewezenVoorstel(models.Model):
    """A dismissed proposal: its cluster (wijk, buurt, signaal) is handled up to ``tot``, the
    date of its newest contact moment."""

    wijk = models.ForeignKey("wijken.Wijk", on_delete=models.CASCADE, related_name="+")
    buurt = models.ForeignKey("wijken.Buurt", on_delete=models.CASCADE, related_name="+")
    signaal = models.ForeignKey(
        "activiteiten.Signaalsoort", on_delete=models.CASCADE, related_name="+"
    )
    van = models.DateField()
    tot = models.DateField()
    aantal = models.PositiveIntegerField()
    afgewezen_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    afgewezen_op = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-afgewezen_op"]
        verbose_name = "afgewezen voorstel"
        verbose_name_plural = "afgewezen voorstellen"
        constraints = [
            models.CheckConstraint(
                condition=Q(tot__gte=models.F("van")),
                name="activiteiten_afgewezenvoorstel_periode",
                violation_error_message="Het einde van het cluster ligt na het begin.",
            ),
        ]

    def __str__(self):
        return f"{self.signaal} in {self.buurt} tot {self.tot:%-d-%-m-%Y}"


def check_zelfde_wijk(vraagstuk, records, veld):
    """Linked work (contact moments, initiatives, activities, projects) is of the vraagstuk's
    wijk. Raises a ValidationError on ``veld`` naming each wrong record."""
    fouten = [
        f"'{r}' hoort bij een andere wijk." for r in records if r.wijk_id != vraagstuk.wijk_id
    ]
    if fouten:
        raise ValidationError({veld: fouten})


KOPPELINGEN = ("contactmomenten", "initiatieven", "activiteiten", "projecten")


def _bewaak_koppelingen():
    """The last guard for every path: add() and set() of linked work from another wijk, from
    either side, raises a ValidationError and writes nothing."""
    for veld in KOPPELINGEN:

        def bewaak(sender, instance, action, reverse, model, pk_set, using, veld=veld, **kw):
            if action != "pre_add" or not pk_set:
                return
            gekoppeld = model.objects.using(using).filter(pk__in=pk_set)
            if not reverse:
                check_zelfde_wijk(instance, gekoppeld, veld)
            else:
                for vraagstuk in gekoppeld:
                    check_zelfde_wijk(vraagstuk, [instance], veld)

        models.signals.m2m_changed.connect(
            bewaak,
            sender=getattr(CollectiefVraagstuk, veld).through,
            weak=False,
            dispatch_uid=f"vraagstuk-{veld}",
        )


_bewaak_koppelingen()


# --- proposals --------------------------------------------------------------------------------


@dataclasses.dataclass
class Voorstel:
    """A cluster of signals that MBA proposes as a vraagstuk."""

    wijk: object
    buurt: object
    signaal: object
    van: datetime.date
    tot: datetime.date
    aantal: int

    @property
    def sleutel(self):
        return (self.wijk.pk, self.buurt.pk, self.signaal.pk)

    @property
    def titel(self):
        return f"{self.signaal.naam} in {self.buurt.naam}"


def _afgehandeld_tot(wijk_ids):
    """{(wijk, buurt, signaal): the date up to which that cluster is handled}: one query."""
    tot = {}
    afgewezen = AfgewezenVoorstel.objects.filter(wijk__in=wijk_ids).values_list(
        "wijk", "buurt", "signaal", "tot"
    )
    uit_voorstel = CollectiefVraagstuk.objects.filter(
        wijk__in=wijk_ids, voorstel_tot__isnull=False
    ).values_list("wijk", "buurt", "voorstel_signaal", "voorstel_tot")
    for wijk, buurt, signaal, datum in (
        afgewezen.order_by().union(uit_voorstel.order_by(), all=True).order_by()
    ):
        sleutel = (wijk, buurt, signaal)
        tot[sleutel] = max(datum, tot.get(sleutel, datum))
    return tot


def _signaalsoorten():
    """{bit: (pk, naam)} of the kinds of signal, read once per change of the programme."""
    Signaalsoort = apps.get_model("activiteiten", "Signaalsoort")
    return bewaard(
        "vraagstuk-signalen",
        lambda: {
            bit: (pk, naam)
            for bit, pk, naam in Signaalsoort.objects.values_list("bit", "pk", "naam")
        },
        [PROGRAMMA],
    )


def voorstellen(wijk_ids, vandaag=None):
    """The open proposals in these wijken (ids), largest cluster first: one per (wijk, buurt,
    signaal). A fixed number of queries however many contact moments there are: one grouped
    query over the window's contact moments (by buurt, signal mask and date) and one for what
    was handled; the kinds of signal come from the cache."""
    wijk_ids = list(wijk_ids)
    if not wijk_ids:
        return []
    minimum, weken = cluster_instellingen()
    vandaag = vandaag or timezone.localdate()
    begin = vandaag - datetime.timedelta(weeks=weken)
    Contactmoment = apps.get_model("activiteiten", "Contactmoment")
    rijen = (
        Contactmoment.objects.filter(
            wijk__in=wijk_ids, datum__gt=begin, datum__lte=vandaag, buurt__isnull=False
        )
        .exclude(signalen_bits=0)
        .values_list("wijk", "wijk__naam", "buurt", "buurt__naam", "signalen_bits", "datum")
        .annotate(n=Count("pk"))
        .order_by()
    )
    # dismissed proposals and vraagstukken made from one are programme data
    afgehandeld = bewaard(
        f"vraagstuk-afgehandeld:{','.join(map(str, sorted(wijk_ids)))}",
        lambda: _afgehandeld_tot(wijk_ids),
        [PROGRAMMA],
    )
    soorten = _signaalsoorten()
    clusters, namen = {}, {}
    for wijk, wijknaam, buurt, buurtnaam, masker, datum, n in rijen:
        namen[buurt] = (wijknaam, buurtnaam)
        for bit, (soort, _) in soorten.items():
            if not masker >> bit & 1:
                continue
            sleutel = (wijk, buurt, soort)
            if (grens := afgehandeld.get(sleutel)) is not None and datum <= grens:
                continue
            c = clusters.setdefault(sleutel, [datum, datum, 0])
            c[0], c[1], c[2] = min(c[0], datum), max(c[1], datum), c[2] + n
    Wijk = apps.get_model("wijken", "Wijk")
    Buurt = apps.get_model("wijken", "Buurt")
    Signaalsoort = apps.get_model("activiteiten", "Signaalsoort")
    per_pk = {pk: (bit, naam) for bit, (pk, naam) in soorten.items()}
    uit = []
    for (w, b, s), (van, tot, n) in clusters.items():
        if n < minimum:
            continue
        wijk = Wijk(pk=w, naam=namen[b][0])
        bit, naam = per_pk[s]
        uit.append(
            Voorstel(
                wijk,
                Buurt(pk=b, naam=namen[b][1], wijk=wijk),
                Signaalsoort(pk=s, naam=naam, bit=bit),
                van,
                tot,
                n,
            )
        )
    uit.sort(key=lambda v: (-v.aantal, v.buurt.naam, v.signaal.naam))
    return uit


def voorstel(wijk_id, buurt_id, signaal_id, vandaag=None):
    """The open proposal of this cluster, or None."""
    for v in voorstellen([wijk_id], vandaag):
        if v.sleutel == (wijk_id, buurt_id, signaal_id):
            return v
    return None


def contacten_van(voorstel):
    """The contact moments of a proposal's cluster."""
    Contactmoment = apps.get_model("activiteiten", "Contactmoment")
    return (
        Contactmoment.objects.filter(
            wijk=voorstel.wijk,
            buurt=voorstel.buurt,
            datum__gte=voorstel.van,
            datum__lte=voorstel.tot,
        )
        .alias(heeft=F("signalen_bits").bitand(voorstel.signaal.masker))
        .exclude(heeft=0)
    )


def voorstellen_voor(user):
    """The open proposals in the wijken of the user's teams (all wijken for the coordinator):
    for the notifications (issue 14 item 3) and the inbox."""
    if not rechten.mag_contactmomenten_zien(user):
        return []
    wijken = rechten.team_wijken_of_alle(user)
    if wijken is None:
        wijken = apps.get_model("wijken", "Wijk").objects.values_list("pk", flat=True)
    return voorstellen(wijken)


# --- the wijk page and the report -------------------------------------------------------------


def vraagstukken_van_jaar(wijk_ids, jaar):
    """{wijk id: [vraagstuk, ...]} of the vraagstukken open in ``jaar``, with the counts of
    their linked work (``n_contacten``, ``n_initiatieven``, ``n_activiteiten``,
    ``n_projecten``): one query."""
    qs = (
        CollectiefVraagstuk.objects.in_jaar(jaar)
        .filter(wijk__in=list(wijk_ids))
        .select_related("buurt")
        .annotate(**{f"n_{veld}": Count(veld, distinct=True) for veld in KOPPELINGEN})
    )
    uit = {}
    for v in qs:
        uit.setdefault(v.wijk_id, []).append(v)
    return uit


def wijkpagina(user, wijk, jaar):
    """The context of the wijk page's part (``_vraagstukken_wijk.html``): the open proposals
    (for the team and the coordinator) and the vraagstukken of the year."""
    toon = rechten.mag_contactmomenten_zien(user) and wijk.mag_bewerken(user)
    # the proposals are kept until the programme or this wijk's contacts of their window
    # change, and for today only (mba.wijzigingen)
    vandaag = timezone.localdate()
    _, weken = cluster_instellingen()
    jaren = {vandaag.year, (vandaag - datetime.timedelta(weeks=weken)).year}
    tokens = [PROGRAMMA, CONTACTEN, *(deel(CONTACTEN, j, wijk.pk) for j in sorted(jaren))]
    wat = {
        # their links renew PROGRAMMA, also when a linked contact is deleted (the link rows'
        # post_delete, rapportage.apps)
        f"vraagstukken:{wijk.pk}:{jaar}": (
            lambda: vraagstukken_van_jaar([wijk.pk], jaar).get(wijk.pk, []),
            [PROGRAMMA],
        )
    }
    if toon:
        wat[f"vraagstuk-voorstellen:{wijk.pk}"] = (lambda: voorstellen([wijk.pk], vandaag), tokens)
    gevonden = alle_bewaard(wat)
    return {
        "vraagstuk_voorstellen": gevonden.get(f"vraagstuk-voorstellen:{wijk.pk}", []),
        "vraagstukken_jaar": gevonden[f"vraagstukken:{wijk.pk}:{jaar}"],
    }


def met_vraagstukken(tijdlijn, vraagstukken, tot):
    """The wijk page's timeline (newest first) with the signalling and closing of these
    vraagstukken before ``tot`` merged in."""
    items = [(i["datum"], i["soort"], i["tekst"], i["url"]) for i in tijdlijn]
    for v in vraagstukken:
        url = reverse("activiteiten:vraagstuk", args=[v.pk])
        if v.gesignaleerd_op < tot:
            items.append((v.gesignaleerd_op, "Vraagstuk", f"Gesignaleerd: {v.titel}", url))
        if v.afgesloten_op and v.afgesloten_op < tot:
            items.append(
                (v.afgesloten_op, "Vraagstuk", f"{v.get_status_display()}: {v.titel}", url)
            )
    items.sort(key=lambda i: i[0], reverse=True)
    return [{"datum": d, "soort": s, "tekst": t, "url": u} for d, s, t, u in items]


@receiver(post_delete, sender="activiteiten.Contactmoment")
def _contact_weg(sender, using, **kwargs):
    """Django deletes a deleted contact moment's links to vraagstukken without signals (the
    link table is auto-created), so nothing renews the programme's version, under which the
    wijk page keeps the vraagstukken with their counts of linked contacts: renew it here.
    Contact moments are deleted one at a time by staff, rarely."""
    gewijzigd_bij(PROGRAMMA, using)
