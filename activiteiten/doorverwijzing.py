"""Warm handover: a referral (Doorverwijzing) is a record of its own, with a status the receiving
organisation sets and an append-only history (DoorverwijzingWijziging).

Imported at the end of ``activiteiten.models``; this module does not import ``.models`` (string
references only), so there is no import cycle. See docs/referrals.md.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.utils import timezone

from mba import meldingen, rechten
from mba.geschiedenis import Geschiedenis
from mba.models import Medewerker, Organisatie
from mba.validators import geen_persoonsgegevens

from .tellingen import DagenTussen

# The default term to answer, in days, per kind of receiving organisation (decided: a dict, not
# a field on Organisatie, so mba/models.py stays as it is; the writer can change the date).
TERMIJN_DAGEN = {
    Organisatie.Soort.ZORG: 10,
    Organisatie.Soort.VEILIGHEID: 10,
    Organisatie.Soort.GEMEENTE: 21,
}
TERMIJN_STANDAARD = 14
MAX_TEKST = 500


def standaard_uiterlijk_op(organisatie, verstuurd_op):
    soort = getattr(organisatie, "soort", None)
    return verstuurd_op + datetime.timedelta(days=TERMIJN_DAGEN.get(soort, TERMIJN_STANDAARD))


class Status(models.TextChoices):
    VERSTUURD = "verstuurd", "Verstuurd"
    ONTVANGEN = "ontvangen", "Ontvangen"
    IN_BEHANDELING = "in_behandeling", "In behandeling"
    AFGEROND = "afgerond", "Afgerond"
    NIET_OPGEPAKT = "niet_opgepakt", "Niet opgepakt"


GESLOTEN = (Status.AFGEROND, Status.NIET_OPGEPAKT)
# the kinds of notification a referral gives at once (registered in activiteiten.meldingen)
SOORT_NIEUW, SOORT_ANTWOORD = "doorverwijzing_nieuw", "doorverwijzing_antwoord"
OPEN = (Status.VERSTUURD, Status.ONTVANGEN, Status.IN_BEHANDELING)
TRANSITIES = {
    Status.VERSTUURD: {Status.ONTVANGEN, Status.IN_BEHANDELING, *GESLOTEN},
    Status.ONTVANGEN: {Status.IN_BEHANDELING, *GESLOTEN},
    Status.IN_BEHANDELING: set(GESLOTEN),
    Status.AFGEROND: set(),
    Status.NIET_OPGEPAKT: set(),
}

ANTWOORD_NODIG = "Geef een kort antwoord bij 'afgerond' of 'niet opgepakt'."
TERMIJN_VOOR_VERSTUURD = "De uiterste datum ligt niet voor de datum van versturen."
BEANTWOORD_BIJ_GESLOTEN = (
    "Alleen een afgeronde of niet opgepakte doorverwijzing heeft een antwoorddatum."
)
COLLEGA_ANDERE_ORGANISATIE = "Deze collega werkt niet bij de organisatie waarnaar u doorverwijst."
NIET_NAAR_EIGEN = "Verwijs door naar een andere organisatie dan de uwe."


def heeft_accounts():
    """An annotation: the receiving organisation has an active MBA account."""
    return Exists(
        Medewerker.objects.filter(organisatie=OuterRef("naar_organisatie"), is_active=True)
    )


class DoorverwijzingQuerySet(models.QuerySet):
    def zichtbaar_voor(self, user):
        """Coordinator: all. A medewerker: what they sent, what their organisation sent (a
        colleague can take over the follow-up) and what was sent to their organisation. A third
        organisation, the stuurgroep and users without a role: nothing (404)."""
        if rechten.is_coordinator(user):
            return self
        if not rechten.is_medewerker(user):
            return self.none()
        filter_ = Q(van_medewerker=user)
        if user.organisatie_id:
            filter_ |= Q(van_organisatie_id=user.organisatie_id)
            filter_ |= Q(naar_organisatie_id=user.organisatie_id)
        return self.filter(filter_)

    def inkomend_voor(self, user):
        if not user.organisatie_id:
            return self.filter(naar_medewerker=user)
        return self.filter(Q(naar_organisatie_id=user.organisatie_id) | Q(naar_medewerker=user))

    def uitgaand_voor(self, user):
        return self.filter(van_medewerker=user)

    def open(self):
        return self.filter(status__in=OPEN)

    def te_laat(self, dag):
        return self.open().filter(uiterlijk_op__lt=dag)

    def met_accounts(self):
        return self.annotate(naar_heeft_accounts=heeft_accounts())


class Doorverwijzing(models.Model):
    """A referral from a staff member (and their organisation) to another organisation, and
    optionally one colleague there. Holds no resident's personal data: its texts refuse them."""

    Status = Status

    contactmoment = models.ForeignKey(
        "activiteiten.Contactmoment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="doorverwijzing_records",
        help_text="Het contactmoment waaruit de doorverwijzing voortkomt.",
    )
    wijk = models.ForeignKey("wijken.Wijk", on_delete=models.PROTECT, related_name="+")
    van_medewerker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="verstuurde_doorverwijzingen",
    )
    van_organisatie = models.ForeignKey(
        "mba.Organisatie", on_delete=models.PROTECT, related_name="verstuurde_doorverwijzingen"
    )
    naar_organisatie = models.ForeignKey(
        "mba.Organisatie", on_delete=models.PROTECT, related_name="ontvangen_doorverwijzingen"
    )
    naar_medewerker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ontvangen_doorverwijzingen",
        help_text="Optioneel: een collega van die organisatie.",
    )
    themas = models.ManyToManyField("mba.Thema", blank=True, related_name="+")
    signalen = models.ManyToManyField("activiteiten.Signaalsoort", blank=True, related_name="+")
    toelichting = models.CharField(
        max_length=MAX_TEKST,
        blank=True,
        validators=[geen_persoonsgegevens],
        help_text="Waarom, kort. Geen namen, adressen, telefoonnummers of BSN van bewoners.",
    )
    verstuurd_op = models.DateField()
    uiterlijk_op = models.DateField()
    status = models.CharField(max_length=20, choices=Status, default=Status.VERSTUURD)
    antwoord = models.CharField(
        max_length=MAX_TEKST,
        blank=True,
        validators=[geen_persoonsgegevens],
        help_text="Kort antwoord. Geen namen, adressen, telefoonnummers of BSN van bewoners.",
    )
    beantwoord_op = models.DateField(null=True, blank=True)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    objects = DoorverwijzingQuerySet.as_manager()

    class Meta:
        ordering = ["uiterlijk_op", "pk"]
        verbose_name = "doorverwijzing"
        verbose_name_plural = "doorverwijzingen"
        indexes = [
            models.Index(fields=["naar_organisatie", "status"], name="doorverwijzing_naar_idx"),
            models.Index(fields=["van_medewerker", "status"], name="doorverwijzing_van_idx"),
            models.Index(fields=["verstuurd_op"], name="doorverwijzing_verstuurd_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=GESLOTEN) | ~Q(antwoord=""),
                name="doorverwijzing_antwoord_bij_gesloten",
                violation_error_message=ANTWOORD_NODIG,
            ),
            models.CheckConstraint(
                condition=Q(uiterlijk_op__gte=F("verstuurd_op")),
                name="doorverwijzing_termijn_na_versturen",
                violation_error_message=TERMIJN_VOOR_VERSTUURD,
            ),
            models.CheckConstraint(
                condition=(Q(status__in=GESLOTEN) & Q(beantwoord_op__gte=F("verstuurd_op")))
                | (~Q(status__in=GESLOTEN) & Q(beantwoord_op__isnull=True)),
                name="doorverwijzing_beantwoord_bij_gesloten",
                violation_error_message=BEANTWOORD_BIJ_GESLOTEN,
            ),
            models.CheckConstraint(
                condition=~Q(van_organisatie=F("naar_organisatie")),
                name="doorverwijzing_naar_andere_organisatie",
                violation_error_message=NIET_NAAR_EIGEN,
            ),
        ]

    def __str__(self):
        return f"Doorverwijzing naar {self.naar_organisatie} ({self.verstuurd_op:%-d-%-m-%Y})"

    def save(self, *args, door=None, **kwargs):
        """Every save that creates the referral or changes its status writes one history row,
        in the same transaction."""
        oud = getattr(self, "_status_uit_db", None)
        if self.status in GESLOTEN and self.beantwoord_op is None:
            self.beantwoord_op = max(timezone.localdate(), self.verstuurd_op)
        if self.status not in GESLOTEN:
            self.beantwoord_op = None
        with transaction.atomic():
            super().save(*args, **kwargs)
            if oud != self.status:
                DoorverwijzingWijziging.objects.create(
                    doorverwijzing=self,
                    van_status=oud or "",
                    naar_status=self.status,
                    door=door,
                    antwoord=self.antwoord if self.status in GESLOTEN else "",
                )
                self._meld(oud, door)
        self._status_uit_db = self.status

    def _meld(self, oud, door):
        """The notifications of a new referral (to the colleague named, or the receiving
        organisation's medewerkers) and of a new status (to the writer, unless they set it).
        Only what happened and a link: no resident, no note, no reason (mba.meldingen)."""
        from django.urls import reverse

        url = reverse("activiteiten:doorverwijzing", args=[self.pk])
        if oud is None:
            if self.naar_medewerker_id:
                ontvangers = [self.naar_medewerker]
            else:
                ontvangers = Medewerker.objects.filter(
                    organisatie=self.naar_organisatie_id,
                    is_active=True,
                    groups__name=rechten.MEDEWERKER,
                ).exclude(pk=self.van_medewerker_id)
            termijn = f"{self.uiterlijk_op:%-d-%-m-%Y}"
            tekst = f"Nieuwe doorverwijzing van {self.van_organisatie}, uiterlijk {termijn}"
            meldingen.meld(ontvangers, SOORT_NIEUW, tekst, url)
        elif self.van_medewerker_id and (door is None or door.pk != self.van_medewerker_id):
            tekst = (
                f"{self.naar_organisatie}: uw doorverwijzing is nu '{self.get_status_display()}'"
            )
            meldingen.meld([self.van_medewerker], SOORT_ANTWOORD, tekst, url)

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._status_uit_db = instance.status
        return instance

    @property
    def gesloten(self):
        return self.status in GESLOTEN

    def te_laat_op(self, dag):
        return not self.gesloten and dag > self.uiterlijk_op

    def volgende_statussen(self):
        return [s for s in Status if s in TRANSITIES[Status(self.status)]]

    def clean(self):
        fouten = {}
        oud = getattr(self, "_status_uit_db", None)
        if oud and oud != self.status and self.status not in TRANSITIES[Status(oud)]:
            fouten["status"] = (
                f"Van '{Status(oud).label}' kan een doorverwijzing niet naar "
                f"'{Status(self.status).label}'."
            )
        if self.status in GESLOTEN and not self.antwoord.strip():
            fouten["antwoord"] = ANTWOORD_NODIG
        if self.verstuurd_op and self.uiterlijk_op and self.uiterlijk_op < self.verstuurd_op:
            fouten["uiterlijk_op"] = TERMIJN_VOOR_VERSTUURD
        if (
            self.naar_medewerker_id
            and self.naar_organisatie_id
            and self.naar_medewerker.organisatie_id != self.naar_organisatie_id
        ):
            fouten["naar_medewerker"] = COLLEGA_ANDERE_ORGANISATIE
        if self.van_organisatie_id and self.van_organisatie_id == self.naar_organisatie_id:
            fouten["naar_organisatie"] = NIET_NAAR_EIGEN
        if fouten:
            raise ValidationError(fouten)

    # --- rights on one record -----------------------------------------------------------------

    def naar_heeft_mba(self):
        if hasattr(self, "naar_heeft_accounts"):
            return self.naar_heeft_accounts
        return Medewerker.objects.filter(
            organisatie_id=self.naar_organisatie_id, is_active=True
        ).exists()

    def mag_beantwoorden(self, user):
        """Who sets the status: the receiving organisation's staff; for an organisation without
        MBA accounts the writer (and colleagues of their organisation); the coordinator always."""
        if rechten.is_coordinator(user):
            return True
        if not rechten.is_medewerker(user):
            return False
        if self.naar_heeft_mba():
            return self.naar_medewerker_id == user.pk or (
                user.organisatie_id is not None and user.organisatie_id == self.naar_organisatie_id
            )
        return self.van_medewerker_id == user.pk or (
            user.organisatie_id is not None and user.organisatie_id == self.van_organisatie_id
        )

    def zet_status(self, status, door, antwoord=""):
        """Move to ``status`` (checked by clean()), writing one history row."""
        self.status = status
        if antwoord:
            self.antwoord = antwoord
        self.full_clean()
        self.save(door=door)


class DoorverwijzingWijziging(Geschiedenis):
    """Append-only history of a referral: who, when, from and to which status, with the answer.
    The app refuses updates and deletes; the admin shows it read-only."""

    doorverwijzing = models.ForeignKey(
        Doorverwijzing, on_delete=models.PROTECT, related_name="wijzigingen"
    )
    van_status = models.CharField(max_length=20, choices=Status, blank=True)
    naar_status = models.CharField(max_length=20, choices=Status)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    op = models.DateTimeField(auto_now_add=True)
    antwoord = models.CharField(
        max_length=MAX_TEKST, blank=True, validators=[geen_persoonsgegevens]
    )

    tekstveld = "antwoord"
    wat = "De geschiedenis van een doorverwijzing"

    class Meta:
        ordering = ["op", "pk"]
        verbose_name = "wijziging van een doorverwijzing"
        verbose_name_plural = "wijzigingen van doorverwijzingen"

    def __str__(self):
        van = self.get_van_status_display() or "—"
        return f"{self.doorverwijzing}: {van} → {self.get_naar_status_display()}"


# --- creating from a contact moment -----------------------------------------------------------


def uit_contactmoment(contact, door):
    """The referral of a contact moment whose "doorverwezen naar" is set: created once (in the
    caller's transaction), with the contact's themes and signals as its reason. Keeps
    ``Contactmoment.doorverwezen_naar`` as the source of the API scope and the counts."""
    if not contact.doorverwezen_naar_id:
        return None
    bestaand = Doorverwijzing.objects.filter(
        contactmoment=contact, naar_organisatie_id=contact.doorverwezen_naar_id
    ).first()
    if bestaand is not None:
        return bestaand
    if contact.organisatie_id == contact.doorverwezen_naar_id:
        return None  # a referral within one's own organisation is a follow-up, not a handover
    d = Doorverwijzing(
        contactmoment=contact,
        wijk_id=contact.wijk_id,
        van_medewerker=contact.medewerker,
        van_organisatie_id=contact.organisatie_id,
        naar_organisatie=contact.doorverwezen_naar,
        verstuurd_op=contact.datum,
        uiterlijk_op=standaard_uiterlijk_op(contact.doorverwezen_naar, contact.datum),
    )
    d.save(door=door)
    d.themas.set(contact.themas.all())
    d.signalen.set(contact.signalen.all())
    return d


# --- for notifications (wired by the lead later) ----------------------------------------------


def open_voor(user, dag=None):
    """The open referrals addressed to the user's organisation or to the user."""
    return (
        Doorverwijzing.objects.zichtbaar_voor(user)
        .inkomend_voor(user)
        .open()
        .filter(verstuurd_op__lte=dag or timezone.localdate())
    )


def te_laat_voor(user, dag=None):
    """The overdue referrals the user sent or must answer (on ``dag``, Europe/Amsterdam)."""
    dag = dag or timezone.localdate()
    qs = Doorverwijzing.objects.zichtbaar_voor(user)
    return qs.filter(
        Q(pk__in=qs.inkomend_voor(user).values("pk")) | Q(van_medewerker=user)
    ).te_laat(dag)


def antwoorden_voor(user, aantal=5):
    """The writer's referrals that were answered (status beyond 'verstuurd'), newest first: for
    the home page."""
    return list(
        Doorverwijzing.objects.filter(van_medewerker=user)
        .exclude(status=Status.VERSTUURD)
        .select_related("naar_organisatie")
        .order_by("-gewijzigd_op", "-pk")[:aantal]
    )


# --- figures ----------------------------------------------------------------------------------


def leeg():
    """The referral figures of a scope without referrals (``cijfers``, before the average)."""
    return {"totaal": 0, "per_organisatie": {}, "beantwoord": 0, "binnen_termijn": 0, "dagen": 0}


def cijfers(start, eind, wijk_ids=None, filter_=None):
    """The referral figures of the referrals sent in [start, eind), per wijk (its id) and for
    all of them together (None), in one query: ``totaal``; ``per_organisatie`` {receiving
    organisation's slug: n}; ``beantwoord`` (afgerond or niet opgepakt); ``binnen_termijn``
    (answered on or before the due date); ``gemiddeld_dagen_tot_antwoord`` (over the answered
    ones, one decimal; None without any). Counts of referrals: outside the staff app they are
    suppressed like every count (the figures engine, rapportage.kengetallen, adds them to its
    section "doorverwijzingen"). ``filter_``: a Q narrowing the referrals (a scope)."""
    qs = Doorverwijzing.objects.filter(verstuurd_op__gte=start, verstuurd_op__lt=eind)
    if filter_ is not None:
        qs = qs.filter(filter_)
    if wijk_ids is not None:
        qs = qs.filter(wijk_id__in=wijk_ids)
    beantwoord = Q(status__in=GESLOTEN)
    rijen = (
        qs.values(
            "wijk_id",
            "naar_organisatie__slug",
            "naar_organisatie__kernpartner",
            "naar_organisatie__naam",
        )
        .annotate(
            n=Count("pk"),
            beantwoord=Count("pk", filter=beantwoord),
            binnen=Count("pk", filter=beantwoord & Q(beantwoord_op__lte=F("uiterlijk_op"))),
            dagen=Sum(DagenTussen(F("beantwoord_op"), F("verstuurd_op")), filter=beantwoord),
        )
        .order_by()
    )
    optel = {None: leeg()}
    # core partners first, by name, as the engine orders organisations
    rijen = sorted(
        rijen, key=lambda r: (not r["naar_organisatie__kernpartner"], r["naar_organisatie__naam"])
    )
    for rij in rijen:
        for sleutel in (rij["wijk_id"], None):
            t = optel.setdefault(sleutel, leeg())
            slug = rij["naar_organisatie__slug"]
            t["totaal"] += rij["n"]
            t["per_organisatie"][slug] = t["per_organisatie"].get(slug, 0) + rij["n"]
            t["beantwoord"] += rij["beantwoord"]
            t["binnen_termijn"] += rij["binnen"]
            t["dagen"] += rij["dagen"] or 0
    for sleutel in [*(wijk_ids or ()), None]:
        optel.setdefault(sleutel, leeg())
    for t in optel.values():
        dagen = t.pop("dagen")
        t["gemiddeld_dagen_tot_antwoord"] = (
            round(dagen / t["beantwoord"], 1) if t["beantwoord"] else None
        )
    return optel


def per_sleutel(periode, filter_, sleutels, per_wijk):
    """For the figures engine (rapportage.kengetallen): {key: the fields ``overdracht_*`` of its
    section "doorverwijzingen"}, a key being a wijk's id (``per_wijk``) or None."""
    berekend = cijfers(periode.start, periode.eind, filter_=filter_)
    nul = leeg() | {"gemiddeld_dagen_tot_antwoord": None}
    del nul["dagen"]
    return {
        s: {f"overdracht_{k}": v for k, v in berekend.get(s if per_wijk else None, nul).items()}
        for s in sleutels
    }
