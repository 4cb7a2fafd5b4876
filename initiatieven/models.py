from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce

from mba import grenzen, rechten
from mba.geschiedenis import Geschiedenis
from mba.validators import datums_binnen_grenzen, geen_persoonsgegevens
from wijken.models import (
    Buurt,
    Wijk,
    bewaak_prioriteiten,
    check_buurt_in_wijk,
    periode_check,
    prioriteiten_veld,
)


class Ondersteuningsvorm(models.Model):
    """What residents ask for and MBA offers: geld, mensen, materialen, ruimte, vergunning,
    advies."""

    slug = models.SlugField(max_length=40, unique=True)
    naam = models.CharField(max_length=80, unique=True)
    volgorde = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["volgorde", "naam"]
        verbose_name = "ondersteuningsvorm"
        verbose_name_plural = "ondersteuningsvormen"

    def __str__(self):
        return self.naam


class BewonersinitiatiefQuerySet(models.QuerySet):
    def bewerkbaar_voor(self, user):
        """The initiatives the user may change: those in the wijken of their teams
        (mba.rechten)."""
        return rechten.in_bewerkbare_wijken(self, user)

    def aangevraagd_in(self, start, eind):
        return self.filter(aangevraagd_op__gte=start, aangevraagd_op__lt=eind)


class Bewonersinitiatief(models.Model):
    """A residents' initiative. MBA grants money, people or means only once a majority of the
    households asked back the idea (draagvlak): the database refuses a grant without it."""

    class Status(models.TextChoices):
        AANGEVRAAGD = "aangevraagd", "Aangevraagd"
        DRAAGVLAK_GEMETEN = "draagvlak_gemeten", "Draagvlak gemeten"
        TOEGEKEND = "toegekend", "Toegekend"
        AFGEWEZEN = "afgewezen", "Afgewezen"
        IN_UITVOERING = "in_uitvoering", "In uitvoering"
        GEREALISEERD = "gerealiseerd", "Gerealiseerd"
        GESTOPT = "gestopt", "Gestopt"

    class Methode(models.TextChoices):
        HANDTEKENINGEN = "handtekeningen", "Handtekeningenlijst"
        ENQUETE = "enquete", "Enquête"
        BIJEENKOMST = "bijeenkomst", "Bijeenkomst"
        DEUR_AAN_DEUR = "deur_aan_deur", "Deur aan deur"
        DIGITAAL = "digitaal", "Digitaal"
        ANDERS = "anders", "Anders"

    # Statuses that mean MBA supports the initiative: they need a majority in favour.
    TOEGEKENDE_STATUSSEN = (Status.TOEGEKEND, Status.IN_UITVOERING, Status.GEREALISEERD)
    AFGESLOTEN_STATUSSEN = (Status.AFGEWEZEN, Status.GEREALISEERD, Status.GESTOPT)
    TRANSITIES = {
        Status.AANGEVRAAGD: (Status.DRAAGVLAK_GEMETEN, Status.AFGEWEZEN, Status.GESTOPT),
        Status.DRAAGVLAK_GEMETEN: (Status.TOEGEKEND, Status.AFGEWEZEN, Status.GESTOPT),
        Status.TOEGEKEND: (Status.IN_UITVOERING, Status.GEREALISEERD, Status.GESTOPT),
        Status.IN_UITVOERING: (Status.GEREALISEERD, Status.GESTOPT),
        Status.AFGEWEZEN: (),
        Status.GEREALISEERD: (),
        Status.GESTOPT: (),
    }

    titel = models.CharField(max_length=200, validators=[geen_persoonsgegevens])
    omschrijving = models.TextField(blank=True, validators=[geen_persoonsgegevens])
    wijk = models.ForeignKey(Wijk, on_delete=models.PROTECT, related_name="initiatieven")
    buurt = models.ForeignKey(
        Buurt, on_delete=models.PROTECT, null=True, blank=True, related_name="initiatieven"
    )
    locatie_omschrijving = models.CharField(
        "waar", max_length=200, blank=True, validators=[geen_persoonsgegevens]
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.AANGEVRAAGD)
    aangevraagd_op = models.DateField()

    # Personal data on purpose, kept apart: visible to staff only, never in the API, exports to
    # partners or the report; so not checked for personal data (README: Privacy).
    initiatiefnemer_naam = models.CharField("naam initiatiefnemer", max_length=200, blank=True)
    initiatiefnemer_email = models.EmailField("e-mail initiatiefnemer", blank=True)
    initiatiefnemer_telefoon = models.CharField(
        "telefoon initiatiefnemer", max_length=30, blank=True
    )
    geanonimiseerd_op = models.DateTimeField(null=True, blank=True, editable=False)

    gevraagde_ondersteuning = models.ManyToManyField(
        Ondersteuningsvorm, blank=True, related_name="gevraagd_door"
    )
    geboden_ondersteuning = models.ManyToManyField(
        Ondersteuningsvorm, blank=True, related_name="geboden_aan"
    )
    gevraagd_bedrag = models.DecimalField(
        "gevraagd bedrag (€)",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=grenzen.BEDRAG.validators(),
    )
    toegekend_bedrag = models.DecimalField(
        "toegekend bedrag (€)",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=grenzen.BEDRAG.validators(),
    )
    reden_hoger_bedrag = models.TextField(
        "reden hoger bedrag",
        blank=True,
        help_text="Verplicht als het toegekende bedrag hoger is dan het gevraagde.",
        validators=[geen_persoonsgegevens],
    )

    huishoudens_gevraagd = models.PositiveIntegerField(
        null=True, blank=True, validators=grenzen.HUISHOUDENS.validators()
    )
    huishoudens_voor = models.PositiveIntegerField(
        null=True, blank=True, validators=grenzen.HUISHOUDENS.validators()
    )
    huishoudens_tegen = models.PositiveIntegerField(
        null=True, blank=True, validators=grenzen.HUISHOUDENS.validators()
    )
    draagvlak_methode = models.CharField(max_length=20, choices=Methode, blank=True)
    draagvlak_gemeten_op = models.DateField(null=True, blank=True)

    besluit_op = models.DateField(null=True, blank=True)
    gerealiseerd_op = models.DateField(null=True, blank=True)
    resultaat = models.TextField(blank=True, validators=[geen_persoonsgegevens])
    prioriteiten = prioriteiten_veld("initiatieven")

    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    objects = BewonersinitiatiefQuerySet.as_manager()

    class Meta:
        ordering = ["-aangevraagd_op", "titel"]
        verbose_name = "bewonersinitiatief"
        verbose_name_plural = "bewonersinitiatieven"
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["toegekend", "in_uitvoering", "gerealiseerd"])
                | Q(
                    huishoudens_gevraagd__isnull=False,
                    huishoudens_voor__isnull=False,
                    huishoudens_voor__gt=F("huishoudens_gevraagd") / 2,
                ),
                name="initiatieven_bewonersinitiatief_toekenning_vraagt_meerderheid",
                violation_error_message=(
                    "Toekennen kan pas als een meerderheid van de gevraagde huishoudens vóór is "
                    "(draagvlak)."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="draagvlak_gemeten") | Q(huishoudens_gevraagd__isnull=False),
                name="initiatieven_bewonersinitiatief_draagvlak_gemeten_heeft_telling",
                violation_error_message="Vul het aantal gevraagde huishoudens in.",
            ),
            models.CheckConstraint(
                condition=Q(huishoudens_gevraagd__isnull=True) | Q(huishoudens_gevraagd__gte=1),
                name="initiatieven_bewonersinitiatief_gevraagd_minstens_een",
                violation_error_message="Er is minstens één huishouden gevraagd.",
            ),
            models.CheckConstraint(
                condition=Q(
                    huishoudens_gevraagd__gte=Coalesce("huishoudens_voor", 0)
                    + Coalesce("huishoudens_tegen", 0)
                )
                | Q(
                    huishoudens_gevraagd__isnull=True,
                    huishoudens_voor__isnull=True,
                    huishoudens_tegen__isnull=True,
                ),
                name="initiatieven_bewonersinitiatief_draagvlak_telt_op",
                violation_error_message=(
                    "Vóór en tegen samen zijn niet meer dan het aantal gevraagde huishoudens; "
                    "vul ook het aantal gevraagde huishoudens in."
                ),
            ),
            models.CheckConstraint(
                condition=Q(toegekend_bedrag__isnull=True)
                | Q(gevraagd_bedrag__isnull=False, toegekend_bedrag__lte=F("gevraagd_bedrag"))
                | ~Q(reden_hoger_bedrag=""),
                name="initiatieven_bewonersinitiatief_toegekend_niet_boven_gevraagd",
                violation_error_message=(
                    "Het toegekende bedrag is hoger dan het gevraagde: vul de reden in."
                ),
            ),
            models.CheckConstraint(
                condition=Q(gevraagd_bedrag__isnull=True) | Q(gevraagd_bedrag__gte=0),
                name="initiatieven_bewonersinitiatief_gevraagd_bedrag_positief",
                violation_error_message="Een bedrag is niet negatief.",
            ),
            models.CheckConstraint(
                condition=Q(toegekend_bedrag__isnull=True) | Q(toegekend_bedrag__gte=0),
                name="initiatieven_bewonersinitiatief_toegekend_bedrag_positief",
                violation_error_message="Een bedrag is niet negatief.",
            ),
            models.CheckConstraint(
                condition=Q(toegekend_bedrag__isnull=True)
                | Q(status__in=["toegekend", "in_uitvoering", "gerealiseerd", "gestopt"]),
                name="initiatieven_bewonersinitiatief_bedrag_alleen_na_toekenning",
                violation_error_message=(
                    "Een bedrag wordt pas toegekend als het initiatief is toegekend."
                ),
            ),
            *(
                grenzen.HUISHOUDENS.check(veld, f"initiatieven_bewonersinitiatief_{veld}_max")
                for veld in ("huishoudens_gevraagd", "huishoudens_voor", "huishoudens_tegen")
            ),
            *(
                grenzen.BEDRAG.check(veld, f"initiatieven_bewonersinitiatief_{veld}_max")
                for veld in ("gevraagd_bedrag", "toegekend_bedrag")
            ),
            periode_check(
                "aangevraagd_op",
                "besluit_op",
                "initiatieven_bewonersinitiatief_besluit_na_aanvraag",
                "Het besluit valt niet voor de aanvraag.",
            ),
            periode_check(
                "aangevraagd_op",
                "gerealiseerd_op",
                "initiatieven_bewonersinitiatief_realisatie_na_aanvraag",
                "De realisatie valt niet voor de aanvraag.",
            ),
        ]

    def __str__(self):
        return self.titel

    def save(self, *args, gewijzigd_door=None, toelichting="", **kwargs):
        """Saves, and when the status changed writes one row of the append-only history."""
        oud = getattr(self, "_status_uit_db", None)
        with transaction.atomic():
            super().save(*args, **kwargs)
            if oud != self.status:
                StatusWijziging.objects.create(
                    initiatief=self,
                    van_status=oud or "",
                    naar_status=self.status,
                    door=gewijzigd_door,
                    toelichting=toelichting,
                )
        self._status_uit_db = self.status

    def mag_bewerken(self, user):
        return rechten.mag_in_wijk_bewerken(user, self.wijk_id)

    def mag_contactgegevens_zien(self, user):
        """The initiatiefnemer's name, e-mail and phone: the coordinator and the wijk's team."""
        return rechten.mag_in_wijk_bewerken(user, self.wijk_id)

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._status_uit_db = instance.__dict__.get("status")
        return instance

    @property
    def heeft_meerderheid(self):
        g, v = self.huishoudens_gevraagd, self.huishoudens_voor
        return g is not None and v is not None and v * 2 > g

    @property
    def waarom_niet_toekennen(self):
        """The reason 'toekennen' is not offered, in words a staff member understands."""
        if self.huishoudens_gevraagd is None or self.huishoudens_voor is None:
            return "Het draagvlak is nog niet gemeten."
        if not self.heeft_meerderheid:
            return (
                f"Geen meerderheid: {self.huishoudens_voor} van de {self.huishoudens_gevraagd} "
                "gevraagde huishoudens is vóór."
            )
        return ""

    def volgende_statussen(self):
        return self.TRANSITIES[self.Status(self.status)]

    def prioriteit_jaren(self):
        """An initiative serves the priorities valid in the year it was asked for."""
        jaar = self.aangevraagd_op.year if self.aangevraagd_op else None
        return jaar, jaar

    def clean(self):
        check_buurt_in_wijk(self)
        datums_binnen_grenzen(
            self, "aangevraagd_op", "draagvlak_gemeten_op", "besluit_op", "gerealiseerd_op"
        )
        oud = getattr(self, "_status_uit_db", None)
        if oud and oud != self.status and self.status not in self.TRANSITIES[self.Status(oud)]:
            raise ValidationError(
                {
                    "status": f"Van '{self.Status(oud).label}' kan een initiatief niet naar "
                    f"'{self.Status(self.status).label}'."
                }
            )


class StatusWijziging(Geschiedenis):
    """Append-only history of an initiative's status: the app refuses updates and deletes, and
    database triggers (migration 0003) refuse updates, on PostgreSQL deletes too."""

    initiatief = models.ForeignKey(
        Bewonersinitiatief, on_delete=models.PROTECT, related_name="statuswijzigingen"
    )
    van_status = models.CharField(max_length=20, choices=Bewonersinitiatief.Status, blank=True)
    naar_status = models.CharField(max_length=20, choices=Bewonersinitiatief.Status)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    op = models.DateTimeField(auto_now_add=True)
    toelichting = models.TextField(blank=True, validators=[geen_persoonsgegevens])

    tekstveld = "toelichting"

    class Meta:
        ordering = ["op", "pk"]
        verbose_name = "statuswijziging"
        verbose_name_plural = "statuswijzigingen"

    def __str__(self):
        van = self.get_van_status_display() or "—"
        return f"{self.initiatief}: {van} → {self.get_naar_status_display()}"


bewaak_prioriteiten(Bewonersinitiatief)
from .voortgang import GeleverdeOndersteuning, Voortgang  # noqa: E402,F401
