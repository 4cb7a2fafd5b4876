from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models


class Organisatie(models.Model):
    class Soort(models.TextChoices):
        GEMEENTE = "gemeente", "Gemeente"
        WONINGCORPORATIE = "woningcorporatie", "Woningcorporatie"
        WELZIJN = "welzijn", "Welzijnsorganisatie"
        VEILIGHEID = "veiligheid", "Politie en handhaving"
        ONDERWIJS = "onderwijs", "Onderwijs"
        ZORG = "zorg", "Zorg"
        BEDRIJF = "bedrijf", "Bedrijf"
        MAATSCHAPPELIJK = "maatschappelijk", "Maatschappelijke organisatie"
        OVERIG = "overig", "Overig"

    naam = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    soort = models.CharField(max_length=20, choices=Soort, default=Soort.OVERIG)
    kernpartner = models.BooleanField(
        default=False, help_text="Gemeente Assen, Actium en Vaart Welzijn dragen het programma."
    )
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-kernpartner", "naam"]
        verbose_name = "organisatie"
        verbose_name_plural = "organisaties"

    def __str__(self):
        return self.naam


class Thema(models.Model):
    naam = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    volgorde = models.PositiveSmallIntegerField(default=0)
    actief = models.BooleanField(default=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["volgorde", "naam"]
        verbose_name = "thema"
        verbose_name_plural = "thema's"

    def __str__(self):
        return self.naam


class Medewerker(AbstractUser):
    """An MBA professional: employed by one organisation, member of the wijkteams of one or more
    wijken (``Wijk.teamleden``, kept in the wijken app because the floors import downward only)."""

    organisatie = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="medewerkers",
        help_text="De kernpartner waar deze medewerker in dienst is.",
    )
    functie = models.CharField(max_length=120, blank=True)

    objects = UserManager()

    class Meta:
        ordering = ["first_name", "last_name", "username"]
        verbose_name = "medewerker"
        verbose_name_plural = "medewerkers"

    def __str__(self):
        return self.get_full_name() or self.username
