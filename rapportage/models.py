import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone

from activiteiten.models import Activiteit
from initiatieven.models import Bewonersinitiatief
from mba import rechten
from mba.models import API_COLLECTIES, Verwijdering
from mba.validators import geen_persoonsgegevens
from wijken.models import FysiekProject, Prioriteit, Wijk, jaar_check


class VoorbeeldQuerySet(models.QuerySet):
    def gepubliceerd(self):
        """Examples that appear in a published annual report."""
        return self.filter(rapporten__status=Jaarrapportage.Status.GEPUBLICEERD).distinct()


class Voorbeeld(models.Model):
    """A story of the report ("Voorbeeld: …"), with its results and photos."""

    titel = models.CharField(max_length=200, validators=[geen_persoonsgegevens])
    jaar = models.PositiveSmallIntegerField()
    wijk = models.ForeignKey(
        Wijk,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="voorbeelden",
        help_text="Leeg voor een stedelijk voorbeeld.",
    )
    tekst = models.TextField(
        help_text="Lege regel = nieuwe alinea; '## ' = tussenkop; '- ' = opsommingsteken.",
        validators=[geen_persoonsgegevens],
    )
    resultaten = models.TextField(
        blank=True,
        help_text="De behaalde resultaten, één per regel.",
        validators=[geen_persoonsgegevens],
    )
    initiatief = models.ForeignKey(
        Bewonersinitiatief,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="voorbeelden",
    )
    activiteit = models.ForeignKey(
        Activiteit, on_delete=models.SET_NULL, null=True, blank=True, related_name="voorbeelden"
    )
    fysiek_project = models.ForeignKey(
        FysiekProject,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="voorbeelden",
    )
    gewijzigd_op = models.DateTimeField(auto_now=True)

    objects = VoorbeeldQuerySet.as_manager()

    class Meta:
        ordering = ["jaar", "wijk__volgorde", "pk"]
        verbose_name = "voorbeeld"
        verbose_name_plural = "voorbeelden"
        constraints = [
            models.UniqueConstraint(
                fields=["jaar", "wijk", "titel"],
                condition=Q(wijk__isnull=False),
                name="rapportage_voorbeeld_uniek_in_wijk",
            ),
            models.UniqueConstraint(
                fields=["jaar", "titel"],
                condition=Q(wijk__isnull=True),
                name="rapportage_voorbeeld_uniek_stedelijk",
            ),
            jaar_check("jaar", "rapportage_voorbeeld_jaar"),
        ]

    def __str__(self):
        return self.titel

    @property
    def resultaten_lijst(self):
        return [r.strip() for r in self.resultaten.splitlines() if r.strip()]

    def clean(self):
        for veld in ("initiatief", "activiteit", "fysiek_project"):
            gekoppeld = getattr(self, veld)
            if gekoppeld is not None and gekoppeld.wijk_id and gekoppeld.wijk_id != self.wijk_id:
                raise ValidationError({veld: "Dit ligt in een andere wijk dan het voorbeeld."})


class VoorbeeldFotoQuerySet(models.QuerySet):
    def zichtbaar_voor(self, user):
        """The photos a user may see, by the rights of the pages that show them: the coordinator
        all of them (the beheer shows every example); the stuurgroep those of an example chosen
        for a report, concept or published (the report shows those); anyone else none. The
        published report is not public (``rechten.mag_rapportage_lezen``), so neither are
        its photos: should it ever become public, this is the one place to open
        ``gepubliceerd()``."""
        if rechten.is_coordinator(user):
            return self.all()
        if rechten.mag_rapportage_lezen(user):
            return self.filter(voorbeeld__rapporten__isnull=False).distinct()
        return self.none()

    def gepubliceerd(self):
        """Photos of examples in a published report."""
        return self.filter(
            voorbeeld__rapporten__status=Jaarrapportage.Status.GEPUBLICEERD
        ).distinct()


class VoorbeeldFoto(models.Model):
    voorbeeld = models.ForeignKey(Voorbeeld, on_delete=models.CASCADE, related_name="fotos")
    bestand = models.ImageField(upload_to="voorbeelden/%Y/")
    bijschrift = models.CharField(max_length=200, blank=True, validators=[geen_persoonsgegevens])
    alt_tekst = models.CharField(
        "alternatieve tekst",
        max_length=200,
        help_text="Wat staat er op de foto (toegankelijkheid).",
        validators=[geen_persoonsgegevens],
    )
    volgorde = models.PositiveSmallIntegerField(default=0)

    objects = VoorbeeldFotoQuerySet.as_manager()

    class Meta:
        ordering = ["voorbeeld", "volgorde", "pk"]
        verbose_name = "foto"
        verbose_name_plural = "foto's"

    def __str__(self):
        return self.bijschrift or self.alt_tekst


class Jaarrapportage(models.Model):
    class Status(models.TextChoices):
        CONCEPT = "concept", "Concept"
        GEPUBLICEERD = "gepubliceerd", "Gepubliceerd"

    jaar = models.PositiveSmallIntegerField(unique=True)
    titel = models.CharField(max_length=200, validators=[geen_persoonsgegevens])
    voorwoord_titel = models.CharField(
        max_length=200, blank=True, validators=[geen_persoonsgegevens]
    )
    voorwoord = models.TextField(blank=True, validators=[geen_persoonsgegevens])
    ondertekening = models.CharField(max_length=200, default="Stuurgroep Mijn Buurt Assen")
    status = models.CharField(max_length=15, choices=Status, default=Status.CONCEPT)
    gepubliceerd_op = models.DateTimeField(null=True, blank=True, editable=False)
    gepubliceerde_html = models.TextField(
        blank=True, editable=False, help_text="De rapportage zoals zij is gepubliceerd."
    )
    gepubliceerde_pdf_html = models.TextField(blank=True, editable=False)
    pdf_hash = models.CharField(max_length=64, blank=True, editable=False)
    voorbeelden = models.ManyToManyField(
        Voorbeeld, through="RapportVoorbeeld", blank=True, related_name="rapporten"
    )
    deadline = models.DateField(
        null=True,
        blank=True,
        help_text=(
            "De datum waarop het rapport klaar moet zijn. In de vier weken ervoor staan de open "
            "punten in het dagelijkse overzicht van de coördinator."
        ),
    )
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-jaar"]
        verbose_name = "jaarrapportage"
        verbose_name_plural = "jaarrapportages"
        constraints = [
            jaar_check("jaar", "rapportage_jaarrapportage_jaar"),
            models.CheckConstraint(
                condition=Q(status="concept") | Q(gepubliceerd_op__isnull=False),
                name="rapportage_jaarrapportage_gepubliceerd_heeft_datum",
                violation_error_message="Een gepubliceerde rapportage heeft een publicatiedatum.",
            ),
            models.CheckConstraint(
                condition=Q(deadline__isnull=True) | Q(deadline__year__gte=F("jaar")),
                name="rapportage_jaarrapportage_deadline_na_jaar",
                violation_error_message="De deadline valt niet vóór het jaar van het rapport.",
            ),
        ]

    def __str__(self):
        return self.titel

    @property
    def gepubliceerd(self):
        return self.status == self.Status.GEPUBLICEERD

    def clean(self):
        # published in the database: its texts, chapters and examples can no longer change
        weiger_als_bevroren(self if self.pk else None)


def weiger_als_bevroren(rapportage):
    if (
        rapportage is not None
        and Jaarrapportage.objects.filter(
            pk=rapportage.pk, status=Jaarrapportage.Status.GEPUBLICEERD
        ).exists()
    ):
        raise ValidationError(
            "Deze jaarrapportage is gepubliceerd en kan niet meer worden gewijzigd."
        )


class Hoofdstuk(models.Model):
    """A narrative chapter written by people; the figures come from the data."""

    class Sleutel(models.TextChoices):
        IN_DE_WIJKEN = "in_de_wijken", "2. In de wijken (inleiding)"
        MIJN_BUURT_ASSEN = "mijn_buurt_assen", "3. Mijn Buurt Assen"
        DOORONTWIKKELING = "doorontwikkeling", "3.1 Doorontwikkeling"
        FYSIEK_SOCIALE_KOPPELING = "fysiek_sociale_koppeling", "3.2 Fysiek sociale koppeling"
        STEDELIJKE_ACTIVITEITEN = "stedelijke_activiteiten", "3.3 Stedelijke activiteiten"

    rapportage = models.ForeignKey(
        Jaarrapportage, on_delete=models.CASCADE, related_name="hoofdstukken"
    )
    sleutel = models.CharField(max_length=30, choices=Sleutel)
    titel = models.CharField(max_length=200, validators=[geen_persoonsgegevens])
    tekst = models.TextField(
        blank=True,
        help_text="Lege regel = nieuwe alinea; '## ' = tussenkop; '- ' = opsommingsteken.",
        validators=[geen_persoonsgegevens],
    )

    class Meta:
        ordering = ["rapportage", "sleutel"]
        verbose_name = "hoofdstuk"
        verbose_name_plural = "hoofdstukken"
        constraints = [
            models.UniqueConstraint(
                fields=["rapportage", "sleutel"], name="rapportage_hoofdstuk_een_per_sleutel"
            ),
        ]

    def __str__(self):
        return self.titel

    def clean(self):
        weiger_als_bevroren(self.rapportage if self.rapportage_id else None)


class RapportVoorbeeld(models.Model):
    """An example chosen for a year's report, in the coordinator's order."""

    rapportage = models.ForeignKey(Jaarrapportage, on_delete=models.CASCADE)
    voorbeeld = models.ForeignKey(Voorbeeld, on_delete=models.CASCADE)
    volgorde = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["rapportage", "volgorde", "pk"]
        verbose_name = "gekozen voorbeeld"
        verbose_name_plural = "gekozen voorbeelden"
        constraints = [
            models.UniqueConstraint(
                fields=["rapportage", "voorbeeld"], name="rapportage_rapportvoorbeeld_uniek"
            ),
        ]

    def __str__(self):
        return f"{self.rapportage}: {self.voorbeeld}"

    def clean(self):
        weiger_als_bevroren(self.rapportage if self.rapportage_id else None)


class Prioriteittoelichting(models.Model):
    """The team's short explanation of a priority in a year's report: what the work and the
    measurements mean, under the priority in its wijk chapter. Written where the report's
    chapter texts are (``views.bewerken``); frozen with the report."""

    rapportage = models.ForeignKey(
        Jaarrapportage, on_delete=models.CASCADE, related_name="prioriteittoelichtingen"
    )
    prioriteit = models.ForeignKey(
        Prioriteit, on_delete=models.CASCADE, related_name="rapporttoelichtingen"
    )
    tekst = models.TextField(
        help_text="Kort: wat het werk en de metingen dit jaar zeggen. Lege regel = nieuwe "
        "alinea; '- ' = opsommingsteken. Geen namen, adressen of telefoonnummers.",
        validators=[geen_persoonsgegevens],
    )

    class Meta:
        ordering = ["rapportage", "prioriteit__wijk__volgorde", "prioriteit__volgorde", "pk"]
        verbose_name = "toelichting bij een prioriteit"
        verbose_name_plural = "toelichtingen bij prioriteiten"
        constraints = [
            models.UniqueConstraint(
                fields=["rapportage", "prioriteit"],
                name="rapportage_prioriteittoelichting_een_per_jaar",
                violation_error_message="Deze prioriteit heeft in deze rapportage al een "
                "toelichting.",
            ),
        ]

    def __str__(self):
        return f"{self.rapportage}: {self.prioriteit}"

    def clean(self):
        weiger_als_bevroren(self.rapportage if self.rapportage_id else None)
        if self.rapportage_id and self.prioriteit_id:
            jaar = self.rapportage.jaar
            if not self.prioriteit.geldt_tussen(jaar, jaar):
                raise ValidationError(
                    {
                        "prioriteit": f"Deze prioriteit geldt niet in {jaar}: zij staat niet in "
                        "deze rapportage."
                    }
                )


class PdfOpdracht(models.Model):
    """One PDF render of a report's HTML. The HTML is stored with the job, so the task renders
    exactly what was asked for; the same HTML (same hash) is never rendered twice."""

    class Status(models.TextChoices):
        WACHTRIJ = "wachtrij", "In de wachtrij"
        BEZIG = "bezig", "Wordt gemaakt"
        KLAAR = "klaar", "Klaar"
        MISLUKT = "mislukt", "Mislukt"

    rapportage = models.ForeignKey(Jaarrapportage, on_delete=models.CASCADE, related_name="pdfs")
    html_hash = models.CharField(max_length=64)
    html = models.TextField()
    status = models.CharField(max_length=10, choices=Status, default=Status.WACHTRIJ)
    bestand = models.FileField(upload_to="rapportages/", blank=True)
    fout = models.TextField(blank=True)
    pogingen = models.PositiveSmallIntegerField(default=0)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    in_wachtrij_op = models.DateTimeField(
        null=True, blank=True, help_text="Wanneer de opdracht (opnieuw) in de wachtrij ging."
    )
    gestart_op = models.DateTimeField(null=True, blank=True)
    klaar_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-aangemaakt_op"]
        verbose_name = "PDF-opdracht"
        verbose_name_plural = "PDF-opdrachten"
        constraints = [
            models.UniqueConstraint(
                fields=["rapportage", "html_hash"], name="rapportage_pdfopdracht_een_per_inhoud"
            ),
            models.CheckConstraint(
                condition=~Q(status="klaar") | ~Q(bestand=""),
                name="rapportage_pdfopdracht_klaar_heeft_bestand",
                violation_error_message="Een klare PDF-opdracht heeft een bestand.",
            ),
        ]

    def __str__(self):
        return f"{self.rapportage} ({self.get_status_display()})"


# --- Leaving the API (issue 16) ---------------------------------------------------------------
# An example is in the API while a published report holds it, a report while it is published.
# One that leaves (a report back to concept, deleted, or an example taken out of a published
# report) leaves a Verwijdering behind, as a deleted record does (mba.models): a partner's
# incremental sync removes it. Coming in renews gewijzigd_op (rapportage.apps, meewijzigen).


def _uit_beeld(voorbeeld_ids, using):
    """A Verwijdering for each of these examples that is there but no longer in the API."""
    weg = (
        Voorbeeld.objects.using(using)
        .filter(pk__in=voorbeeld_ids)
        .exclude(pk__in=Voorbeeld.objects.using(using).gepubliceerd().values("pk"))
        .values_list("pk", flat=True)
    )
    Verwijdering.objects.using(using).bulk_create(
        Verwijdering(collectie=API_COLLECTIES["rapportage.Voorbeeld"], object_id=pk)
        for pk in sorted(weg)
    )


@receiver(pre_save, sender=Jaarrapportage)
def _rapport_voor_opslaan(sender, instance, raw=False, using=None, **kwargs):
    if raw or instance._state.adding or instance.gepubliceerd:
        return
    if sender.objects.using(using).filter(pk=instance.pk, status=sender.Status.GEPUBLICEERD):
        instance._voorbeelden_uit_beeld = list(
            instance.voorbeelden.using(using).values_list("pk", flat=True)
        )


@receiver(post_save, sender=Jaarrapportage)
def _rapport_na_opslaan(sender, instance, raw=False, using=None, **kwargs):
    voorbeelden = instance.__dict__.pop("_voorbeelden_uit_beeld", None)
    if voorbeelden is None:
        return
    Verwijdering.objects.using(using).create(
        collectie=API_COLLECTIES["rapportage.Jaarrapportage"], object_id=instance.pk
    )
    _uit_beeld(voorbeelden, using)


@receiver(pre_delete, sender=RapportVoorbeeld)
def _keuze_voor_verwijderen(sender, instance, using=None, **kwargs):
    instance._in_gepubliceerd_rapport = (
        Jaarrapportage.objects.using(using)
        .filter(pk=instance.rapportage_id, status=Jaarrapportage.Status.GEPUBLICEERD)
        .exists()
    )


@receiver(post_delete, sender=RapportVoorbeeld)
def _voorbeeld_uit_beeld(sender, instance, using=None, origin=None, **kwargs):
    # An example deleted itself leaves its own Verwijdering (mba.models).
    if isinstance(origin, Voorbeeld) or getattr(origin, "model", None) is Voorbeeld:
        return
    if instance.__dict__.pop("_in_gepubliceerd_rapport", False):
        _uit_beeld([instance.voorbeeld_id], using)


def _importpad(taak, naam):
    # the upload's own name stays in bestandsnaam; on disk only the job's id and the extension
    return f"import/{taak.pk}{'.xlsx' if naam.lower().endswith('.xlsx') else '.csv'}"


class Importtaak(models.Model):
    """One uploaded file on its way in (rapportage/invoer, docs/import.md): the dry run, then
    the import, each a Celery task that reports its progress here. The file is kept only
    between the two: it is deleted when the check finds errors, when the import ends, and when
    a checked file was not imported within a day (``opruimen``). It is never served: no record
    in ``mba.media`` holds it."""

    class Status(models.TextChoices):
        CONTROLEREN = "controleren", "Wordt gecontroleerd"
        FOUTEN = "fouten", "Fouten gevonden"
        GECONTROLEERD = "gecontroleerd", "Gecontroleerd: geen fouten"
        IMPORTEREN = "importeren", "Wordt geïmporteerd"
        KLAAR = "klaar", "Geïmporteerd"
        MISLUKT = "mislukt", "Mislukt"

    BEZIG = (Status.CONTROLEREN, Status.IMPORTEREN)
    BEWAARD_UREN = 24
    BEWAARD_DAGEN = 30

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="importtaken"
    )
    soort = models.CharField(max_length=30)
    bestandsnaam = models.CharField(max_length=255)
    grootte = models.PositiveBigIntegerField(help_text="In bytes.")
    bestand = models.FileField(upload_to=_importpad, blank=True)
    status = models.CharField(max_length=15, choices=Status, default=Status.CONTROLEREN)
    rijen = models.PositiveIntegerField(default=0, help_text="Rijen gelezen bij de controle.")
    verwerkt = models.PositiveIntegerField(default=0, help_text="Rijen tot nu toe (voortgang).")
    fouten = models.JSONField(default=list, blank=True, help_text="[rij, kolom, fout] per fout.")
    melding = models.TextField(blank=True, help_text="Een fout in het bestand als geheel.")
    geimporteerd = models.PositiveIntegerField(default=0)
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    klaar_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-aangemaakt_op"]
        verbose_name = "import"
        verbose_name_plural = "imports"

    def __str__(self):
        return f"{self.bestandsnaam} ({self.get_status_display()})"

    @property
    def bezig(self):
        return self.status in self.BEZIG

    @property
    def procent(self):
        totaal = self.rijen if self.status == self.Status.IMPORTEREN else 0
        if not totaal:
            return None
        return min(100, round(100 * self.verwerkt / totaal))

    def bestand_weg(self):
        if self.bestand:
            self.bestand.delete(save=False)

    @classmethod
    def opruimen(cls, nu=None):
        """Deletes the files of checked imports not imported within BEWAARD_UREN, and jobs
        older than BEWAARD_DAGEN with their list of errors (the audit trail keeps who imported
        what). Run at every upload."""
        nu = nu or timezone.now()
        oud = cls.objects.filter(
            aangemaakt_op__lt=nu - datetime.timedelta(hours=cls.BEWAARD_UREN)
        ).exclude(bestand="")
        for taak in oud:
            taak.bestand_weg()
            taak.save(update_fields=["bestand"])
        cls.objects.filter(
            aangemaakt_op__lt=nu - datetime.timedelta(days=cls.BEWAARD_DAGEN)
        ).exclude(status__in=cls.BEZIG).delete()
