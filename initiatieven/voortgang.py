"""After the decision: progress updates of a granted initiative (with money spent and an
optional photo) and the support actually delivered against the support granted.

Loaded at the end of initiatieven/models.py; uses string model references, never ``.models``.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery, Sum

from mba import grenzen, rechten
from mba.getallen import euro
from mba.validators import datum_binnen_grenzen, geen_persoonsgegevens

TOEGEKEND = ("toegekend", "in_uitvoering", "gerealiseerd")


def _vereis_toegekend(initiatief, wat):
    if initiatief.status not in TOEGEKEND:
        raise ValidationError(f"{wat} kan alleen bij een toegekend initiatief.")


class VoortgangQuerySet(models.QuerySet):
    def zichtbaar_voor(self, user):
        """Like the initiative: everyone with a role in the staff app reads it."""
        return self.all() if rechten.rollen(user) else self.none()


class Voortgang(models.Model):
    """A dated update on a granted initiative: what happened, what it cost, a photo."""

    initiatief = models.ForeignKey(
        "initiatieven.Bewonersinitiatief", on_delete=models.CASCADE, related_name="voortgang"
    )
    datum = models.DateField(validators=[datum_binnen_grenzen])
    tekst = models.TextField("wat is er gebeurd", validators=[geen_persoonsgegevens])
    besteed_bedrag = models.DecimalField(
        "besteed met deze stap (€)",
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=grenzen.BEDRAG.validators(),
    )
    reden_overschrijding = models.TextField(
        "reden overschrijding",
        blank=True,
        help_text="Verplicht als er samen meer is besteed dan toegekend.",
        validators=[geen_persoonsgegevens],
    )
    foto = models.ImageField(upload_to="initiatieven/voortgang/%Y/", blank=True)
    foto_alt = models.CharField(
        "wat staat er op de foto",
        max_length=200,
        blank=True,
        validators=[geen_persoonsgegevens],
    )
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)

    objects = VoortgangQuerySet.as_manager()

    class Meta:
        ordering = ["datum", "pk"]
        verbose_name = "voortgang"
        verbose_name_plural = "voortgang"
        constraints = [
            models.CheckConstraint(
                condition=Q(besteed_bedrag__gte=0),
                name="initiatieven_voortgang_besteed_niet_negatief",
                violation_error_message="Het bestede bedrag is niet negatief.",
            ),
            models.CheckConstraint(
                condition=~Q(foto="") | Q(foto_alt=""),
                name="initiatieven_voortgang_alt_bij_foto",
                violation_error_message="Een beschrijving hoort bij een foto.",
            ),
        ]

    def __str__(self):
        return f"{self.initiatief}: {self.datum:%d-%m-%Y}"

    def clean(self):
        ini = self.initiatief
        _vereis_toegekend(ini, "Voortgang vastleggen")
        if self.datum and ini.besluit_op and self.datum < ini.besluit_op:
            raise ValidationError(
                {"datum": f"De voortgang valt niet voor het besluit ({ini.besluit_op:%d-%m-%Y})."}
            )
        if self.foto and not self.foto_alt:
            raise ValidationError({"foto_alt": "Beschrijf wat er op de foto staat."})
        andere = Voortgang.objects.filter(initiatief=ini).exclude(pk=self.pk).aggregate(
            s=Sum("besteed_bedrag")
        )["s"] or Decimal("0")
        totaal = andere + (self.besteed_bedrag or 0)
        toegekend = ini.toegekend_bedrag or Decimal("0")
        if totaal > toegekend and not self.reden_overschrijding.strip():
            raise ValidationError(
                {
                    "reden_overschrijding": f"Samen is er {euro(totaal)} besteed, meer dan de "
                    f"toegekende {euro(toegekend)}: geef de reden."
                }
            )


class GeleverdeOndersteuning(models.Model):
    """Per granted form of support (geboden_ondersteuning): what was promised and what came."""

    class Geleverd(models.TextChoices):
        NOG_NIET = "nog_niet", "Nog niet"
        JA = "ja", "Ja"
        DEELS = "deels", "Deels"
        NEE = "nee", "Nee"

    initiatief = models.ForeignKey(
        "initiatieven.Bewonersinitiatief",
        on_delete=models.CASCADE,
        related_name="geleverde_ondersteuning",
    )
    vorm = models.ForeignKey(
        "initiatieven.Ondersteuningsvorm", on_delete=models.PROTECT, related_name="+"
    )
    toegezegd = models.CharField(
        "wat is toegezegd", max_length=200, validators=[geen_persoonsgegevens]
    )
    geleverd = models.CharField(max_length=10, choices=Geleverd, default=Geleverd.NOG_NIET)
    datum = models.DateField(
        "geleverd op", null=True, blank=True, validators=[datum_binnen_grenzen]
    )
    toelichting = models.TextField(blank=True, validators=[geen_persoonsgegevens])
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["vorm__volgorde", "vorm__naam"]
        verbose_name = "geleverde ondersteuning"
        verbose_name_plural = "geleverde ondersteuning"
        constraints = [
            models.UniqueConstraint(
                fields=["initiatief", "vorm"],
                name="initiatieven_geleverd_een_per_vorm",
                violation_error_message="Voor deze vorm is de levering al vastgelegd.",
            ),
            models.CheckConstraint(
                condition=Q(geleverd__in=["nog_niet", "nee"]) | Q(datum__isnull=False),
                name="initiatieven_geleverd_met_datum",
                violation_error_message="Geef de datum waarop het geleverd is.",
            ),
        ]

    def __str__(self):
        return f"{self.initiatief}: {self.vorm} ({self.get_geleverd_display()})"

    def clean(self):
        ini = self.initiatief
        _vereis_toegekend(ini, "Geleverde ondersteuning vastleggen")
        if self.vorm_id and not ini.geboden_ondersteuning.filter(pk=self.vorm_id).exists():
            raise ValidationError(
                {"vorm": "Deze vorm van ondersteuning is niet toegekend aan dit initiatief."}
            )
        if self.geleverd in (self.Geleverd.JA, self.Geleverd.DEELS) and not self.datum:
            raise ValidationError({"datum": "Geef de datum waarop het geleverd is."})
        if self.datum and ini.besluit_op and self.datum < ini.besluit_op:
            raise ValidationError({"datum": "De levering valt niet voor het besluit."})


def na_besluit_per_initiatief():
    """Annotations of a Bewonersinitiatief queryset, in the same query: ``_besteed`` (money
    spent, from the updates) and ``_geleverd`` (granted forms of support delivered fully or
    partly). The report's engine sums them (rapportage.kengetallen)."""
    besteed = Voortgang.objects.filter(initiatief=OuterRef("pk")).values("initiatief")
    geleverd = GeleverdeOndersteuning.objects.filter(
        initiatief=OuterRef("pk"),
        geleverd__in=(GeleverdeOndersteuning.Geleverd.JA, GeleverdeOndersteuning.Geleverd.DEELS),
    ).values("initiatief")
    return {
        "_besteed": Subquery(besteed.annotate(s=Sum("besteed_bedrag")).values("s")),
        "_geleverd": Subquery(geleverd.annotate(n=Count("pk")).values("n")),
    }
