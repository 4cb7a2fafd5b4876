import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from initiatieven.models import Bewonersinitiatief
from mba.models import Organisatie, Thema
from mba.validators import geen_persoonsgegevens
from wijken.models import Buurt, FysiekProject, Locatie, Wijk, check_buurt_in_wijk, periode_check


def jaar_grenzen(jaar):
    """[1 January, 1 January next year): a date range, which can use an index (``__year`` on
    SQLite cannot)."""
    return datetime.date(jaar, 1, 1), datetime.date(jaar + 1, 1, 1)


class Signaalsoort(models.Model):
    """What a contact brought to light: eenzaamheid, geldzorgen, overlast, onveilig gevoel …"""

    naam = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    volgorde = models.PositiveSmallIntegerField(default=0)
    actief = models.BooleanField(default=True)

    class Meta:
        ordering = ["volgorde", "naam"]
        verbose_name = "signaalsoort"
        verbose_name_plural = "signaalsoorten"

    def __str__(self):
        return self.naam


class ActiviteitQuerySet(models.QuerySet):
    def in_periode(self, start, eind):
        return self.filter(start__gte=start, start__lt=eind)

    def in_jaar(self, jaar):
        return self.in_periode(*jaar_grenzen(jaar))

    def stedelijk(self):
        return self.filter(wijk__isnull=True)


class Activiteit(models.Model):
    class Status(models.TextChoices):
        GEPLAND = "gepland", "Gepland"
        GEHOUDEN = "gehouden", "Gehouden"
        AFGELAST = "afgelast", "Afgelast"

    naam = models.CharField(max_length=200)
    omschrijving = models.TextField(blank=True)
    wijk = models.ForeignKey(
        Wijk,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activiteiten",
        help_text="Leeg voor een stedelijke activiteit.",
    )
    buurt = models.ForeignKey(
        Buurt, on_delete=models.PROTECT, null=True, blank=True, related_name="activiteiten"
    )
    locatie = models.ForeignKey(
        Locatie, on_delete=models.PROTECT, null=True, blank=True, related_name="activiteiten"
    )
    locatie_omschrijving = models.CharField("plaats", max_length=200, blank=True)
    start = models.DateField()
    eind = models.DateField(null=True, blank=True, help_text="Leeg bij een activiteit van één dag.")
    status = models.CharField(max_length=10, choices=Status, default=Status.GEPLAND)
    organisatoren = models.ManyToManyField(Organisatie, blank=True, related_name="activiteiten")
    organisatoren_omschrijving = models.CharField(
        "overige organisatoren",
        max_length=200,
        blank=True,
        help_text="Bijvoorbeeld 'een groep moeders uit de wijk'.",
    )
    deelnemers = models.PositiveIntegerField(null=True, blank=True)
    initiatief = models.ForeignKey(
        Bewonersinitiatief,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activiteiten",
    )
    fysiek_project = models.ForeignKey(
        FysiekProject,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activiteiten",
    )
    themas = models.ManyToManyField(Thema, blank=True, related_name="activiteiten")
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    objects = ActiviteitQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "naam"]
        verbose_name = "activiteit"
        verbose_name_plural = "activiteiten"
        indexes = [models.Index(fields=["start"], name="activiteit_start_idx")]
        constraints = [
            periode_check(
                "start",
                "eind",
                "activiteiten_activiteit_eind_na_start",
                "De einddatum ligt niet voor de startdatum.",
            ),
            models.CheckConstraint(
                condition=Q(buurt__isnull=True) | Q(wijk__isnull=False),
                name="activiteiten_activiteit_buurt_vraagt_wijk",
                violation_error_message="Kies ook de wijk van de buurt.",
            ),
        ]

    def __str__(self):
        return self.naam

    @property
    def stedelijk(self):
        return self.wijk_id is None

    def clean(self):
        check_buurt_in_wijk(self)
        if self.locatie_id and self.wijk_id and self.locatie.wijk_id != self.wijk_id:
            raise ValidationError({"locatie": f"{self.locatie} ligt niet in {self.wijk}."})


class Kerncijfer(models.Model):
    """A key figure of an activity as a number: "140 kerstbomen", "circa 1.000 bezoekers"."""

    activiteit = models.ForeignKey(Activiteit, on_delete=models.CASCADE, related_name="kerncijfers")
    aantal = models.PositiveIntegerField()
    omschrijving = models.CharField(max_length=200)
    circa = models.BooleanField(default=False, help_text="Een schatting (circa, ruim).")
    volgorde = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["activiteit", "volgorde", "pk"]
        verbose_name = "kerncijfer"
        verbose_name_plural = "kerncijfers"

    def __str__(self):
        return f"{'circa ' if self.circa else ''}{self.aantal} {self.omschrijving}"


class ContactmomentQuerySet(models.QuerySet):
    def in_periode(self, start, eind):
        return self.filter(datum__gte=start, datum__lt=eind)

    def in_jaar(self, jaar):
        return self.in_periode(*jaar_grenzen(jaar))

    def voor_wijk(self, wijk):
        return self.filter(wijk=wijk)

    def open_vervolg(self):
        return self.filter(vervolg_nodig=True, vervolg_afgerond_op__isnull=True)


class Contactmoment(models.Model):
    """A moment of contact between MBA staff and residents. It holds no field for a resident's
    name, address, phone or BSN, and its note refuses them."""

    class Kanaal(models.TextChoices):
        AAN_DE_DEUR = "aan_de_deur", "Aan de deur"
        BIC = "bic", "In het BIC"
        STRAAT = "straat", "Op straat"
        TELEFOON = "telefoon", "Telefonisch"
        DIGITAAL = "digitaal", "Digitaal (app, mail)"
        ACTIVITEIT = "activiteit", "Tijdens een activiteit"
        PROJECT = "project", "Bij een fysiek project"
        ANDERS = "anders", "Anders"

    class Aanleiding(models.TextChoices):
        WIJKRONDE = "wijkronde", "Eigen ronde of huisbezoek"
        VRAAG_BEWONER = "vraag_bewoner", "Vraag of melding van een bewoner"
        SIGNAAL_PARTNER = "signaal_partner", "Signaal van een partner"
        ACTIVITEIT = "activiteit", "Activiteit"
        FYSIEK_PROJECT = "fysiek_project", "Fysiek project"
        INITIATIEF = "initiatief", "Bewonersinitiatief"
        ANDERS = "anders", "Anders"

    class Soort(models.TextChoices):
        INDIVIDUEEL = "individueel", "Individueel"
        COLLECTIEF = "collectief", "Collectief"

    datum = models.DateField()
    medewerker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contactmomenten",
    )
    organisatie = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        related_name="contactmomenten",
        help_text="De organisatie van de medewerker op het moment van het contact.",
    )
    wijk = models.ForeignKey(Wijk, on_delete=models.PROTECT, related_name="contactmomenten")
    buurt = models.ForeignKey(
        Buurt, on_delete=models.PROTECT, null=True, blank=True, related_name="contactmomenten"
    )
    kanaal = models.CharField(max_length=20, choices=Kanaal)
    aanleiding = models.CharField(max_length=20, choices=Aanleiding)
    soort = models.CharField(max_length=12, choices=Soort, default=Soort.INDIVIDUEEL)
    themas = models.ManyToManyField(Thema, blank=True, related_name="contactmomenten")
    signalen = models.ManyToManyField(Signaalsoort, blank=True, related_name="contactmomenten")
    doorverwezen_naar = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="doorverwijzingen",
        help_text="Een doorverwijzing vraagt altijd om een vervolg.",
    )
    bewoners_bereikt = models.PositiveIntegerField(default=1)
    vervolg_nodig = models.BooleanField(default=False)
    vervolg_afgerond_op = models.DateField(null=True, blank=True)
    notitie = models.TextField(
        blank=True,
        validators=[geen_persoonsgegevens],
        help_text="Geen namen, adressen, telefoonnummers of BSN van bewoners.",
    )
    fysiek_project = models.ForeignKey(
        FysiekProject,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contactmomenten",
        help_text="Fysiek-sociale koppeling: het project waarbij dit contact ontstond.",
    )
    activiteit = models.ForeignKey(
        Activiteit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contactmomenten",
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    objects = ContactmomentQuerySet.as_manager()

    class Meta:
        ordering = ["-datum", "-pk"]
        verbose_name = "contactmoment"
        verbose_name_plural = "contactmomenten"
        indexes = [
            models.Index(fields=["datum"], name="contactmoment_datum_idx"),
            models.Index(fields=["wijk", "datum"], name="contactmoment_wijk_datum_idx"),
            models.Index(fields=["gewijzigd_op"], name="contactmoment_gewijzigd_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(bewoners_bereikt__gte=1),
                name="activiteiten_contactmoment_minstens_een_bewoner",
                violation_error_message="Een contactmoment bereikt minstens één bewoner.",
            ),
            models.CheckConstraint(
                condition=Q(doorverwezen_naar__isnull=True) | Q(vervolg_nodig=True),
                name="activiteiten_contactmoment_doorverwijzing_vraagt_vervolg",
                violation_error_message="Een doorverwijzing vraagt om een vervolg.",
            ),
            models.CheckConstraint(
                condition=Q(vervolg_afgerond_op__isnull=True) | Q(vervolg_nodig=True),
                name="activiteiten_contactmoment_afronding_vraagt_vervolg",
                violation_error_message="Alleen een vervolg kan worden afgerond.",
            ),
            models.CheckConstraint(
                condition=Q(vervolg_afgerond_op__isnull=True)
                | Q(vervolg_afgerond_op__gte=F("datum")),
                name="activiteiten_contactmoment_afronding_na_contact",
                violation_error_message="Het vervolg is niet afgerond voor het contact zelf.",
            ),
        ]

    def __str__(self):
        return f"{self.datum:%d-%m-%Y} {self.wijk} ({self.get_kanaal_display()})"

    def clean(self):
        check_buurt_in_wijk(self)
        if self.doorverwezen_naar_id:
            self.vervolg_nodig = True
        if self.fysiek_project_id and self.wijk_id and self.fysiek_project.wijk_id != self.wijk_id:
            raise ValidationError({"fysiek_project": "Dit project ligt in een andere wijk."})
        if (
            self.activiteit_id
            and self.wijk_id
            and self.activiteit.wijk_id
            and self.activiteit.wijk_id != self.wijk_id
        ):
            raise ValidationError({"activiteit": "Deze activiteit is in een andere wijk."})
