import datetime
from fractions import Fraction

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from mba import grenzen, rechten
from mba.models import Organisatie, Thema
from mba.validators import geen_persoonsgegevens, geen_persoonsgegevens_behalve_adres

JAAR_MIN, JAAR_MAX = 2000, 2100


def jaar_check(field, name):
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": JAAR_MIN, f"{field}__lte": JAAR_MAX}),
        name=name,
        violation_error_message=f"Het jaar moet tussen {JAAR_MIN} en {JAAR_MAX} liggen.",
    )


class WijkQuerySet(models.QuerySet):
    def bewerkbaar_voor(self, user):
        """The wijken in which the user may create and change initiatives, activities and
        projects (mba.rechten)."""
        return rechten.in_bewerkbare_wijken(self, user, veld="pk")


class Wijk(models.Model):
    class Inzet(models.TextChoices):
        BASIS = "basis", "Basisinzet"
        EXTRA = "extra", "Extra inzet"

    naam = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    volgorde = models.PositiveSmallIntegerField(
        unique=True, help_text="Volgorde in de jaarrapportage (2.1 t/m 2.9)."
    )
    inzet = models.CharField(max_length=10, choices=Inzet, default=Inzet.BASIS)
    aandeel_kwetsbare_huishoudens = models.DecimalField(
        "aandeel kwetsbare huishoudens (%)",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
    )
    kwetsbare_huishoudens = models.CharField(
        "aandeel kwetsbare huishoudens in woorden",
        max_length=120,
        blank=True,
        validators=[geen_persoonsgegevens],
        help_text="Zoals de rapportage het zegt, bijvoorbeeld 'ruim de helft'; leeg als het "
        "niet bekend is. Een percentage hoort in het veld hierboven.",
    )
    teamleden = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="wijken",
        help_text="De medewerkers van het MBA-team van deze wijk.",
    )
    gewijzigd_op = models.DateTimeField(auto_now=True)

    objects = WijkQuerySet.as_manager()

    class Meta:
        ordering = ["volgorde"]
        verbose_name = "wijk"
        verbose_name_plural = "wijken"
        constraints = [
            models.CheckConstraint(
                condition=Q(aandeel_kwetsbare_huishoudens__isnull=True)
                | Q(aandeel_kwetsbare_huishoudens__gte=0, aandeel_kwetsbare_huishoudens__lte=100),
                name="wijken_wijk_aandeel_percentage",
                violation_error_message="Het aandeel kwetsbare huishoudens ligt tussen 0 en 100%.",
            ),
        ]

    def __str__(self):
        return self.naam

    def mag_bewerken(self, user):
        """May the user change records in this wijk (its page's buttons)?"""
        return rechten.mag_in_wijk_bewerken(user, self.pk)


class Buurt(models.Model):
    wijk = models.ForeignKey(Wijk, on_delete=models.PROTECT, related_name="buurten")
    naam = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["wijk__volgorde", "naam"]
        verbose_name = "buurt"
        verbose_name_plural = "buurten"
        constraints = [
            models.UniqueConstraint(fields=["wijk", "slug"], name="wijken_buurt_uniek_per_wijk"),
        ]

    def __str__(self):
        return self.naam


def check_buurt_in_wijk(obj):
    """A record's buurt must lie in its wijk (a rule across two tables, so checked in clean())."""
    if obj.buurt_id and obj.wijk_id and obj.buurt.wijk_id != obj.wijk_id:
        raise ValidationError({"buurt": f"De buurt {obj.buurt} ligt niet in de wijk {obj.wijk}."})


def periode_check(start, eind, name, message):
    return models.CheckConstraint(
        condition=Q(**{f"{start}__isnull": True})
        | Q(**{f"{eind}__isnull": True})
        | Q(**{f"{eind}__gte": F(start)}),
        name=name,
        violation_error_message=message,
    )


class Locatie(models.Model):
    class Soort(models.TextChoices):
        BIC = "bic", "BIC (Buurt Informatie Centrum)"
        WIJKCENTRUM = "wijkcentrum", "Wijkcentrum"
        BUURTHUIS = "buurthuis", "Buurthuis"
        SPEELTUIN = "speeltuin", "Speeltuin of speelplek"
        ONTMOETINGSPLEK = "ontmoetingsplek", "Ontmoetingsplek"
        ANDERS = "anders", "Anders"

    naam = models.CharField(max_length=120, validators=[geen_persoonsgegevens])
    soort = models.CharField(max_length=20, choices=Soort)
    wijk = models.ForeignKey(Wijk, on_delete=models.PROTECT, related_name="locaties")
    buurt = models.ForeignKey(
        Buurt, on_delete=models.PROTECT, null=True, blank=True, related_name="locaties"
    )
    adres = models.CharField(
        max_length=200,
        blank=True,
        help_text="Adres van het gebouw of de plek (geen woonadres).",
        validators=[geen_persoonsgegevens_behalve_adres],
    )
    geopend_op = models.DateField(null=True, blank=True)
    gesloten_op = models.DateField(null=True, blank=True)
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["wijk__volgorde", "naam"]
        verbose_name = "locatie"
        verbose_name_plural = "locaties"
        constraints = [
            models.UniqueConstraint(fields=["wijk", "naam"], name="wijken_locatie_uniek_per_wijk"),
            periode_check(
                "geopend_op",
                "gesloten_op",
                "wijken_locatie_sluiting_na_opening",
                "Een locatie kan niet sluiten voordat ze geopend is.",
            ),
        ]

    def __str__(self):
        return self.naam

    def clean(self):
        check_buurt_in_wijk(self)

    def is_open_op(self, datum):
        return (self.geopend_op is None or self.geopend_op <= datum) and (
            self.gesloten_op is None or datum <= self.gesloten_op
        )


class PrioriteitQuerySet(models.QuerySet):
    def geldig_in(self, jaar):
        """Priorities valid in ``jaar``: from ``geldig_van`` up to and including ``geldig_tot``
        (none: still valid)."""
        return self.filter(
            Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=jaar), geldig_van__lte=jaar
        )


class Prioriteit(models.Model):
    wijk = models.ForeignKey(Wijk, on_delete=models.PROTECT, related_name="prioriteiten")
    titel = models.CharField(max_length=160, validators=[geen_persoonsgegevens])
    toelichting = models.TextField(blank=True, validators=[geen_persoonsgegevens])
    beoogd_effect = models.TextField(blank=True, validators=[geen_persoonsgegevens])
    volgorde = models.PositiveSmallIntegerField(default=0)
    geldig_van = models.PositiveSmallIntegerField(
        help_text="Eerste jaar waarin de prioriteit geldt."
    )
    geldig_tot = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Laatste jaar; leeg = nog geldig."
    )
    themas = models.ManyToManyField(Thema, blank=True, related_name="prioriteiten")
    gewijzigd_op = models.DateTimeField(auto_now=True)

    objects = PrioriteitQuerySet.as_manager()

    class Meta:
        ordering = ["wijk__volgorde", "volgorde", "pk"]
        verbose_name = "prioriteit"
        verbose_name_plural = "prioriteiten"
        constraints = [
            models.UniqueConstraint(
                fields=["wijk", "titel", "geldig_van"], name="wijken_prioriteit_uniek"
            ),
            jaar_check("geldig_van", "wijken_prioriteit_geldig_van_jaar"),
            periode_check(
                "geldig_van",
                "geldig_tot",
                "wijken_prioriteit_periode",
                "Het laatste jaar ligt niet voor het eerste jaar.",
            ),
        ]

    def __str__(self):
        return f"{self.wijk}: {self.titel}"

    def mag_bewerken(self, user):
        """May the user change this priority's indicators and measurements: the coordinator and
        the wijk's team (mba.rechten)."""
        return rechten.mag_in_wijk_bewerken(user, self.wijk_id)

    def geldt_tussen(self, van, tot):
        """Is the priority valid in some year from ``van`` to ``tot`` (None: open)?"""
        return (tot is None or self.geldig_van <= tot) and (
            van is None or self.geldig_tot is None or self.geldig_tot >= van
        )


def _jaren_tekst(van, tot):
    if van is not None and van == tot:
        return str(van)
    if van is None and tot is None:
        return "de looptijd"
    return f"{van or '…'}–{tot or '…'}"


def check_prioriteiten(record, prioriteiten):
    """The rule for linking work to priorities: a contact moment, activity, initiative or
    project is linked only to priorities of its own wijk that are valid on its date (in a year
    of its period: ``record.prioriteit_jaren()``). Raises a ValidationError on
    ``prioriteiten`` with a Dutch message per wrong priority. Held by the forms, the beheer and
    (as a last guard for every other path) the m2m_changed receiver ``bewaak_prioriteiten``."""
    fouten = []
    van, tot = record.prioriteit_jaren()
    for p in prioriteiten:
        if record.wijk_id is None:
            fouten.append(
                f"'{p.titel}' hoort bij een wijk; een stedelijk record hoort bij geen prioriteit."
            )
        elif p.wijk_id != record.wijk_id:
            fouten.append(f"'{p.titel}' is een prioriteit van een andere wijk.")
        elif not p.geldt_tussen(van, tot):
            fouten.append(f"'{p.titel}' geldt niet in {_jaren_tekst(van, tot)}.")
    if fouten:
        raise ValidationError({"prioriteiten": fouten})


def bewaak_prioriteiten(model):
    """Connects the guard of ``check_prioriteiten`` to ``model.prioriteiten``: every add() and
    set(), from either side (``prioriteit.contactmomenten.add(...)`` too), is checked before
    the links are written; a wrong link raises ValidationError and writes nothing."""

    def bewaak(sender, instance, action, reverse, model: type, pk_set, using, **kwargs):
        if action != "pre_add" or not pk_set:
            return
        if not reverse:
            check_prioriteiten(instance, model.objects.using(using).filter(pk__in=pk_set))
        else:
            for record in model.objects.using(using).filter(pk__in=pk_set):
                check_prioriteiten(record, [instance])

    models.signals.m2m_changed.connect(
        bewaak, sender=model.prioriteiten.through, weak=False, dispatch_uid=f"prio-{model}"
    )


def prioriteiten_veld(related_name):
    return models.ManyToManyField(
        Prioriteit,
        blank=True,
        related_name=related_name,
        help_text="De prioriteiten van de wijk waaraan dit werk bijdraagt (niet verplicht).",
    )


# The verdict of an indicator, and the rule it follows as readers see it (the priority page,
# the report). One rule, written out once: Indicator.oordeel follows these sentences exactly.
OORDEEL_REGEL = (
    "Het oordeel kijkt naar de laatste meting op of na de datum van de nulmeting. "
    "Doel bereikt: die meting haalt de streefwaarde (bij 'hoger is beter' is ze gelijk aan of "
    "hoger dan de streefwaarde, bij 'lager is beter' gelijk aan of lager). "
    "Op koers: het doel is nog niet bereikt, maar de meting ligt op of voor de rechte lijn van "
    "de nulmeting (op haar datum) naar de streefwaarde (op de streefdatum), gelezen op de datum "
    "van de meting. "
    "Achter: de meting ligt achter die lijn, of de streefdatum is voorbij zonder dat het doel "
    "is bereikt. "
    "Onbekend: er is geen nulmeting met datum, geen streefwaarde met datum, of nog geen meting "
    "op of na de nulmeting; metingen van voor de nulmeting tellen niet mee."
)


class Oordeel(models.TextChoices):
    OP_KOERS = "op_koers", "Op koers"
    ACHTER = "achter", "Achter"
    DOEL_BEREIKT = "doel_bereikt", "Doel bereikt"
    ONBEKEND = "onbekend", "Onbekend"


class IndicatorQuerySet(models.QuerySet):
    def bewerkbaar_voor(self, user):
        """The indicators the user may change: those of the priorities of their teams' wijken
        (mba.rechten)."""
        return rechten.in_bewerkbare_wijken(self, user, veld="prioriteit__wijk")


class Indicator(models.Model):
    """How a priority's effect is measured: what is measured, in which unit, from a baseline
    (nulmeting, with its date) towards a target (with its date), which direction is better, and
    where the numbers come from; with its measurements over time and a verdict (``oordeel``)."""

    Oordeel = Oordeel
    OORDEEL_REGEL = OORDEEL_REGEL

    class Richting(models.TextChoices):
        HOGER = "hoger", "Hoger is beter"
        LAGER = "lager", "Lager is beter"

    class Bronsoort(models.TextChoices):
        ENQUETE = "enquete", "Enquête"
        TELLING = "telling", "Telling"
        REGISTRATIE = "registratie", "Registratie"
        WAARNEMING = "waarneming", "Waarneming"
        ANDERS = "anders", "Anders"

    prioriteit = models.ForeignKey(Prioriteit, on_delete=models.CASCADE, related_name="indicatoren")
    naam = models.CharField(
        "wat er gemeten wordt",
        max_length=200,
        validators=[geen_persoonsgegevens],
        help_text="Bijvoorbeeld 'Kinderen die dagelijks in de speeltuin spelen'.",
    )
    eenheid = models.CharField(
        max_length=60,
        blank=True,
        validators=[geen_persoonsgegevens],
        help_text="Bijvoorbeeld 'kinderen per dag', '%' of 'rapportcijfer'.",
    )
    richting = models.CharField(max_length=10, choices=Richting, default=Richting.HOGER)
    nulmeting = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=grenzen.INDICATORWAARDE.validators(),
        help_text="De beginwaarde waarmee de metingen worden vergeleken.",
    )
    nulmeting_datum = models.DateField("datum van de nulmeting", null=True, blank=True)
    streefwaarde = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=grenzen.INDICATORWAARDE.validators(),
        help_text="De waarde die de prioriteit wil bereiken.",
    )
    streefdatum = models.DateField(
        null=True, blank=True, help_text="Wanneer de streefwaarde bereikt moet zijn."
    )
    bronsoort = models.CharField(
        "soort bron",
        max_length=20,
        choices=Bronsoort,
        blank=True,
        help_text="Hoe er gemeten wordt: enquête, telling, registratie, …",
    )
    bron = models.CharField(
        max_length=200,
        blank=True,
        help_text="Waar de meting vandaan komt.",
        validators=[geen_persoonsgegevens],
    )
    gewijzigd_op = models.DateTimeField(auto_now=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["prioriteit", "pk"]
        verbose_name = "indicator"
        verbose_name_plural = "indicatoren"
        constraints = [
            models.UniqueConstraint(
                fields=["prioriteit", "naam"],
                name="wijken_indicator_uniek",
                violation_error_message="Deze prioriteit heeft al een indicator met deze naam.",
            ),
            models.CheckConstraint(
                condition=Q(nulmeting_datum__isnull=True)
                | Q(streefdatum__isnull=True)
                | Q(streefdatum__gt=F("nulmeting_datum")),
                name="wijken_indicator_streefdatum_na_nulmeting",
                violation_error_message="De streefdatum ligt na de datum van de nulmeting.",
            ),
            models.CheckConstraint(
                condition=Q(nulmeting__isnull=True)
                | Q(streefwaarde__isnull=True)
                | Q(richting="hoger", streefwaarde__gte=F("nulmeting"))
                | Q(richting="lager", streefwaarde__lte=F("nulmeting")),
                name="wijken_indicator_streefwaarde_in_richting",
                violation_error_message="De streefwaarde ligt niet in de goede richting: bij "
                "'hoger is beter' is ze minstens de nulmeting, bij 'lager is beter' hoogstens.",
            ),
            grenzen.INDICATORWAARDE.check("nulmeting", "wijken_indicator_nulmeting_grens"),
            grenzen.INDICATORWAARDE.check("streefwaarde", "wijken_indicator_streefwaarde_grens"),
        ]

    def __str__(self):
        return self.naam

    def clean(self):
        # A value without its date cannot be put on the line the verdict reads. Not a database
        # constraint: values kept from before the dates (migration 0005) may lack a year.
        fouten = {}
        if self.nulmeting is not None and self.nulmeting_datum is None:
            fouten["nulmeting_datum"] = "Vul de datum van de nulmeting in."
        if self.streefwaarde is not None and self.streefdatum is None:
            fouten["streefdatum"] = "Vul de streefdatum in: wanneer moet het doel bereikt zijn?"
        if fouten:
            raise ValidationError(fouten)

    def mag_bewerken(self, user):
        return rechten.mag_in_wijk_bewerken(user, self.prioriteit.wijk_id)

    @property
    def nulmeting_jaar(self):
        return self.nulmeting_datum.year if self.nulmeting_datum else None

    @property
    def streefjaar(self):
        return self.streefdatum.year if self.streefdatum else None

    def laatste_meting(self):
        metingen = sorted(self.metingen.all(), key=lambda m: m.datum)
        return metingen[-1] if metingen else None

    def ontwikkeling(self, metingen):
        """(verschil, trend) of the latest of ``metingen`` (this indicator's measurements up to
        some date, in date order): the latest value minus the one before it, or, with only one
        measurement, minus the nulmeting when that was taken before it (or on no date given).
        The trend is "beter", "slechter" or "gelijk" given the ``richting``; (None, None) when
        there is nothing to compare with."""
        laatste = metingen[-1] if metingen else None
        referentie = None
        if len(metingen) > 1:
            referentie = metingen[-2].waarde
        elif laatste is not None and self.nulmeting is not None:
            if self.nulmeting_datum is None or self.nulmeting_datum < laatste.datum:
                referentie = self.nulmeting
        if laatste is None or referentie is None:
            return None, None
        verschil = laatste.waarde - referentie
        if verschil == 0:
            return verschil, "gelijk"
        beter = (verschil > 0) == (self.richting == self.Richting.HOGER)
        return verschil, "beter" if beter else "slechter"

    def doel_bereikt(self, waarde):
        if self.streefwaarde is None or waarde is None:
            return None
        if self.richting == self.Richting.HOGER:
            return waarde >= self.streefwaarde
        return waarde <= self.streefwaarde

    def verwacht_op(self, datum):
        """The value on the straight line from the nulmeting (on its date) to the streefwaarde
        (on the streefdatum) at ``datum``, exact (a Fraction); the streefwaarde after the
        streefdatum. None without both ends."""
        if None in (self.nulmeting, self.nulmeting_datum, self.streefwaarde, self.streefdatum):
            return None
        if datum >= self.streefdatum:
            return Fraction(self.streefwaarde)
        verstreken = Fraction((datum - self.nulmeting_datum).days)
        looptijd = (self.streefdatum - self.nulmeting_datum).days
        begin, doel = Fraction(self.nulmeting), Fraction(self.streefwaarde)
        return begin + (doel - begin) * verstreken / looptijd

    def oordeel(self, metingen=None):
        """The verdict (``Oordeel``) by ``OORDEEL_REGEL``, over ``metingen`` (this indicator's
        measurements up to some date, any order; all of them when not given)."""
        if metingen is None:
            metingen = list(self.metingen.all())
        if None in (self.nulmeting, self.nulmeting_datum, self.streefwaarde, self.streefdatum):
            return Oordeel.ONBEKEND
        geldig = [m for m in metingen if m.datum >= self.nulmeting_datum]
        if not geldig:
            return Oordeel.ONBEKEND
        laatste = max(geldig, key=lambda m: m.datum)
        if self.doel_bereikt(laatste.waarde):
            return Oordeel.DOEL_BEREIKT
        if laatste.datum >= self.streefdatum:
            return Oordeel.ACHTER
        verwacht, waarde = self.verwacht_op(laatste.datum), Fraction(laatste.waarde)
        voor = waarde >= verwacht if self.richting == self.Richting.HOGER else waarde <= verwacht
        return Oordeel.OP_KOERS if voor else Oordeel.ACHTER


DATUM_MIN, DATUM_MAX = datetime.date(JAAR_MIN, 1, 1), datetime.date(JAAR_MAX, 12, 31)


class Meting(models.Model):
    """One measurement of an indicator: a value on a date, where it comes from and a remark."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="metingen")
    datum = models.DateField(help_text="De dag waarop (of waarover) gemeten is.")
    waarde = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        validators=grenzen.INDICATORWAARDE.validators(),
        help_text="In de eenheid van de indicator.",
    )
    bron = models.CharField(
        max_length=200,
        blank=True,
        validators=[geen_persoonsgegevens],
        help_text="Waar deze meting vandaan komt, als dat een andere bron is dan die van de "
        "indicator.",
    )
    toelichting = models.CharField(
        "opmerking", max_length=300, blank=True, validators=[geen_persoonsgegevens]
    )
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator", "datum"]
        verbose_name = "meting"
        verbose_name_plural = "metingen"
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "datum"],
                name="wijken_meting_een_per_dag",
                violation_error_message="Deze indicator heeft op die datum al een meting.",
            ),
            models.CheckConstraint(
                condition=Q(datum__gte=DATUM_MIN, datum__lte=DATUM_MAX),
                name="wijken_meting_datum",
                violation_error_message=f"De datum ligt tussen {JAAR_MIN} en {JAAR_MAX}.",
            ),
            grenzen.INDICATORWAARDE.check("waarde", "wijken_meting_waarde_grens"),
        ]

    def __str__(self):
        return f"{self.indicator} {self.datum:%d-%m-%Y}: {self.waarde}"

    @property
    def jaar(self):
        """The year of the measurement (what readers of yearly figures group by)."""
        return self.datum.year

    def mag_bewerken(self, user):
        return self.indicator.mag_bewerken(user)


class Wijkprofiel(models.Model):
    wijk = models.ForeignKey(Wijk, on_delete=models.PROTECT, related_name="profielen")
    jaar = models.PositiveSmallIntegerField()
    tekst = models.TextField(
        help_text="Lege regel = nieuwe alinea; '## ' = tussenkop; '- ' = opsommingsteken.",
        validators=[geen_persoonsgegevens],
    )
    werkzaamheden = models.TextField(
        blank=True,
        help_text="De werkzaamheden die dit jaar zijn uitgevoerd, één per regel.",
        validators=[geen_persoonsgegevens],
    )
    prioriteiten_toelichting = models.TextField(
        blank=True,
        help_text="Tekst na de prioriteiten in de jaarrapportage.",
        validators=[geen_persoonsgegevens],
    )
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["jaar", "wijk__volgorde"]
        verbose_name = "wijkprofiel"
        verbose_name_plural = "wijkprofielen"
        constraints = [
            models.UniqueConstraint(
                fields=["wijk", "jaar"], name="wijken_wijkprofiel_een_per_jaar"
            ),
            jaar_check("jaar", "wijken_wijkprofiel_jaar"),
        ]

    def __str__(self):
        return f"{self.wijk} {self.jaar}"

    @property
    def werkzaamheden_lijst(self):
        return [r.strip() for r in self.werkzaamheden.splitlines() if r.strip()]


class FysiekProjectQuerySet(models.QuerySet):
    def bewerkbaar_voor(self, user):
        """The projects the user may change: those in the wijken of their teams (mba.rechten)."""
        return rechten.in_bewerkbare_wijken(self, user)

    def afgerond_in(self, start, eind):
        """Projects whose period ends in [start, eind): their homes count in that period."""
        return self.filter(eind__gte=start, eind__lt=eind)

    def actief_in(self, start, eind):
        """Projects running at some time in [start, eind): started before ``eind`` and not
        ended before ``start``; a project without a start or an end is open on that side."""
        return self.filter(
            Q(start__isnull=True) | Q(start__lt=eind), Q(eind__isnull=True) | Q(eind__gte=start)
        )


class FysiekProject(models.Model):
    class Soort(models.TextChoices):
        SLOOP = "sloop", "Sloop"
        NIEUWBOUW = "nieuwbouw", "Nieuwbouw"
        GROOT_ONDERHOUD = "groot_onderhoud", "Groot onderhoud"
        OPENBARE_RUIMTE = "openbare_ruimte", "Openbare ruimte"
        ENERGIETRANSITIE = "energietransitie", "Energietransitie"

    class Status(models.TextChoices):
        VOORBEREIDING = "voorbereiding", "In voorbereiding"
        UITVOERING = "uitvoering", "In uitvoering"
        AFGEROND = "afgerond", "Afgerond"

    naam = models.CharField(max_length=200, validators=[geen_persoonsgegevens])
    soort = models.CharField(max_length=20, choices=Soort)
    status = models.CharField(max_length=20, choices=Status, default=Status.VOORBEREIDING)
    wijk = models.ForeignKey(Wijk, on_delete=models.PROTECT, related_name="projecten")
    buurt = models.ForeignKey(
        Buurt, on_delete=models.PROTECT, null=True, blank=True, related_name="projecten"
    )
    eigenaar = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="projecten", help_text="Opdrachtgever."
    )
    aannemer = models.CharField(max_length=200, blank=True, validators=[geen_persoonsgegevens])
    omschrijving = models.TextField(blank=True, validators=[geen_persoonsgegevens])
    start = models.DateField(null=True, blank=True)
    eind = models.DateField(
        null=True,
        blank=True,
        help_text="Einde of oplevering. Gesloopte en opgeleverde woningen tellen in dit jaar.",
    )
    woningen_gesloopt = models.PositiveIntegerField(
        default=0, validators=grenzen.WONINGEN.validators()
    )
    woningen_opgeleverd = models.PositiveIntegerField(
        default=0, validators=grenzen.WONINGEN.validators()
    )
    woningen_gepland = models.PositiveIntegerField(
        default=0, validators=grenzen.WONINGEN.validators()
    )
    prioriteiten = prioriteiten_veld("projecten")
    gewijzigd_op = models.DateTimeField(auto_now=True)

    objects = FysiekProjectQuerySet.as_manager()

    class Meta:
        ordering = ["wijk__volgorde", "naam"]
        verbose_name = "fysiek project"
        verbose_name_plural = "fysieke projecten"
        constraints = [
            models.UniqueConstraint(fields=["wijk", "naam"], name="wijken_fysiekproject_uniek"),
            periode_check(
                "start",
                "eind",
                "wijken_fysiekproject_eind_na_start",
                "De einddatum ligt niet voor de startdatum.",
            ),
            models.CheckConstraint(
                condition=~Q(status="afgerond") | Q(eind__isnull=False),
                name="wijken_fysiekproject_afgerond_heeft_eind",
                violation_error_message="Een afgerond project heeft een einddatum.",
            ),
            *(
                grenzen.WONINGEN.check(veld, f"wijken_fysiekproject_{veld}_max")
                for veld in ("woningen_gesloopt", "woningen_opgeleverd", "woningen_gepland")
            ),
        ]

    def __str__(self):
        return self.naam

    def mag_bewerken(self, user):
        return rechten.mag_in_wijk_bewerken(user, self.wijk_id)

    def prioriteit_jaren(self):
        return (self.start.year if self.start else None, self.eind.year if self.eind else None)

    def clean(self):
        check_buurt_in_wijk(self)


bewaak_prioriteiten(FysiekProject)
