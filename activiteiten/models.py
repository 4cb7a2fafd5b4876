import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models import BigIntegerField, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce
from django.db.models.signals import m2m_changed, post_delete, pre_delete
from django.dispatch import receiver
from django.utils import timezone

from initiatieven.models import Bewonersinitiatief
from mba import grenzen, rechten
from mba.models import Organisatie, Thema, bit_check, bit_veld, vrije_bit
from mba.validators import datums_binnen_grenzen, geen_persoonsgegevens
from wijken.models import (
    Buurt,
    FysiekProject,
    Locatie,
    Prioriteit,
    Wijk,
    bewaak_prioriteiten,
    check_buurt_in_wijk,
    check_prioriteiten,
    periode_check,
    prioriteiten_veld,
)

from . import tellingen


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
    bijzonder = models.BooleanField(
        default=False,
        help_text="Een bijzonder persoonsgegeven (AVG art. 9), zoals gezondheid, geldzorgen of "
        "psychische klachten: partners krijgen het nooit per contactmoment, alleen als aantal "
        "in de statistieken.",
    )
    bit = bit_veld()

    class Meta:
        ordering = ["volgorde", "naam"]
        verbose_name = "signaalsoort"
        verbose_name_plural = "signaalsoorten"
        constraints = [bit_check("activiteiten_signaalsoort_bit_in_masker")]

    def __str__(self):
        return self.naam

    def save(self, **kwargs):
        if self.bit is None:
            self.bit = vrije_bit(Signaalsoort)
        super().save(**kwargs)

    @property
    def masker(self):
        return 1 << self.bit


class ActiviteitQuerySet(models.QuerySet):
    def bewerkbaar_voor(self, user):
        """The activities the user may change: those in the wijken of their teams and the
        city-wide ones, which belong to the whole programme (mba.rechten)."""
        wijken = rechten.team_wijken_of_alle(user)
        if wijken is None:
            return self
        if not rechten.mag_stedelijk_bewerken(user):
            return self.none()
        return self.filter(Q(wijk__isnull=True) | Q(wijk__in=wijken))

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

    naam = models.CharField(max_length=200, validators=[geen_persoonsgegevens])
    omschrijving = models.TextField(blank=True, validators=[geen_persoonsgegevens])
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
    locatie_omschrijving = models.CharField(
        "plaats", max_length=200, blank=True, validators=[geen_persoonsgegevens]
    )
    start = models.DateField()
    eind = models.DateField(null=True, blank=True, help_text="Leeg bij een activiteit van één dag.")
    status = models.CharField(max_length=10, choices=Status, default=Status.GEPLAND)
    organisatoren = models.ManyToManyField(Organisatie, blank=True, related_name="activiteiten")
    organisatoren_omschrijving = models.CharField(
        "overige organisatoren",
        max_length=200,
        blank=True,
        help_text="Bijvoorbeeld 'een groep moeders uit de wijk'.",
        validators=[geen_persoonsgegevens],
    )
    deelnemers = models.PositiveIntegerField(
        null=True, blank=True, validators=grenzen.DEELNEMERS.validators()
    )
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
    prioriteiten = prioriteiten_veld("activiteiten")
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
            grenzen.DEELNEMERS.check("deelnemers", "activiteiten_activiteit_deelnemers_max"),
        ]

    def __str__(self):
        return self.naam

    def mag_bewerken(self, user):
        if self.wijk_id is None:
            return rechten.mag_stedelijk_bewerken(user)
        return rechten.mag_in_wijk_bewerken(user, self.wijk_id)

    @property
    def stedelijk(self):
        return self.wijk_id is None

    def prioriteit_jaren(self):
        if self.start is None:
            return None, None
        return self.start.year, (self.eind or self.start).year

    def clean(self):
        check_buurt_in_wijk(self)
        datums_binnen_grenzen(self, "start", "eind")
        if self.locatie_id and self.wijk_id and self.locatie.wijk_id != self.wijk_id:
            raise ValidationError({"locatie": f"{self.locatie} ligt niet in {self.wijk}."})


class Kerncijfer(models.Model):
    """A key figure of an activity as a number: "140 kerstbomen", "circa 1.000 bezoekers"."""

    activiteit = models.ForeignKey(Activiteit, on_delete=models.CASCADE, related_name="kerncijfers")
    aantal = models.PositiveIntegerField(validators=grenzen.KERNCIJFER.validators())
    omschrijving = models.CharField(max_length=200, validators=[geen_persoonsgegevens])
    circa = models.BooleanField(default=False, help_text="Een schatting (circa, ruim).")
    volgorde = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["activiteit", "volgorde", "pk"]
        verbose_name = "kerncijfer"
        verbose_name_plural = "kerncijfers"
        constraints = [grenzen.KERNCIJFER.check("aantal", "activiteiten_kerncijfer_aantal_max")]

    def __str__(self):
        return f"{'circa ' if self.circa else ''}{self.aantal} {self.omschrijving}"


class ContactmomentQuerySet(models.QuerySet):
    def zichtbaar_voor(self, user):
        """The contact moments the user may see, and change; the others do not exist for them.
        The coordinator: all. A medewerker: those in the wijken of their teams (of every
        organisation: a wijkteam works as one team) and their own wherever logged. Any other
        role: none."""
        if rechten.is_coordinator(user):
            return self
        if rechten.MEDEWERKER in rechten.rollen(user):
            return self.filter(Q(wijk__in=rechten.team_wijk_ids(user)) | Q(medewerker=user))
        return self.none()

    def bewerkbaar_voor(self, user):
        return self.zichtbaar_voor(user)

    def vereis_toegang(self, user, pk=None):
        """The contact-moment pages (and API) exist only for the coordinator and medewerkers:
        for anyone else a 404 that the audit trail records as a refusal."""
        rechten.vereis_rol(user)
        if not rechten.mag_contactmomenten_zien(user):
            raise rechten.NietZichtbaar(
                "Geen contactmomenten voor deze rol.", model=self.model, pk=pk
            )

    def in_periode(self, start, eind):
        return self.filter(datum__gte=start, datum__lt=eind)

    def in_jaar(self, jaar):
        return self.in_periode(*jaar_grenzen(jaar))

    def voor_wijk(self, wijk):
        return self.filter(wijk=wijk)

    def open_vervolg(self):
        return self.filter(vervolg_nodig=True, vervolg_afgerond_op__isnull=True)

    # The monthly counts (Contacttelling) follow every write through this queryset.

    def update(self, **kwargs):
        if tellingen.telvelden().isdisjoint(kwargs):
            return super().update(**kwargs)
        with transaction.atomic(using=self.db, savepoint=False):
            pks = list(self.values_list("pk", flat=True))
            if not pks:
                return 0
            voor = tellingen.cellen_van(Contactmoment.objects.using(self.db).filter(pk__in=pks))
            aantal = super().update(**kwargs)
            na = tellingen.cellen_van(Contactmoment.objects.using(self.db).filter(pk__in=pks))
            tellingen.bijwerken(voor | na, using=self.db)
        return aantal

    def bulk_create(self, objs, *args, **kwargs):
        with transaction.atomic(using=self.db, savepoint=False):
            objs = super().bulk_create(objs, *args, **kwargs)
            tellingen.bijwerken(
                {tellingen.cel(o.datum, o.wijk_id, o.buurt_id) for o in objs}, using=self.db
            )
        return objs

    def samenvatting_bijwerken(self):
        """Recomputes ``themas_bits`` and ``signalen_bits`` of these rows from their links, in
        one UPDATE. The relation managers keep them up to date by themselves (see
        ``_links_gewijzigd``); this is for links written around them (``bulk_create`` on the
        through table, raw SQL), and so it also recounts the cells of these rows (the counts
        read the links)."""
        with transaction.atomic(using=self.db, savepoint=False):
            tellingen.bijwerken(tellingen.cellen_van(self), using=self.db)
            return self._samenvatting()

    def _samenvatting(self):
        return self.update(
            **{
                kolom: Coalesce(
                    Subquery(
                        link.objects.filter(contactmoment=OuterRef("pk"))
                        .values("contactmoment")
                        .annotate(m=Sum(Cast(Value(1), BigIntegerField()).bitleftshift(F(bit))))
                        .values("m")
                    ),
                    Value(0),
                    output_field=BigIntegerField(),
                )
                for kolom, link, bit in (
                    ("themas_bits", Contactmoment.themas.through, "thema__bit"),
                    ("signalen_bits", Contactmoment.signalen.through, "signaalsoort__bit"),
                )
            }
        )


MINSTENS_EEN_BEWONER = "Een contactmoment bereikt minstens één bewoner."
PROJECTKANAAL_ZONDER_PROJECT = (
    "Kies het fysieke project waarbij dit contact plaatsvond: bij kanaal 'Bij een fysiek "
    "project' hoort een project. Was er geen project, kies dan een ander kanaal."
)


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
    prioriteiten = prioriteiten_veld("contactmomenten")
    doorverwezen_naar = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="doorverwijzingen",
        help_text="Een doorverwijzing vraagt altijd om een vervolg.",
    )
    bewoners_bereikt = models.PositiveIntegerField(
        default=1, validators=grenzen.BEWONERS_PER_CONTACT.validators()
    )
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
        help_text="Fysiek-sociale koppeling: het project waarover of waarbij dit contact was, "
        "via welk kanaal ook. Verplicht bij kanaal 'Bij een fysiek project'.",
    )
    activiteit = models.ForeignKey(
        Activiteit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contactmomenten",
    )
    # Which themes and kinds of signal the contact has, one bit each (Thema.bit,
    # Signaalsoort.bit): the figures count them in the same scan as everything else, without
    # joining the links. Kept by the relation managers (the m2m_changed receiver below), never
    # written by save() of a loaded row, repaired by samenvatting_bijwerken().
    themas_bits = models.BigIntegerField(default=0, editable=False)
    signalen_bits = models.BigIntegerField(default=0, editable=False)
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
            # The API's sync order (gewijzigd_op, id): a page after a position is one index
            # range, also when one UPDATE gave thousands of rows the same moment (mba.api).
            models.Index(fields=["gewijzigd_op", "id"], name="contactmoment_gewijzigd_id_idx"),
            # The retention job's nightly search for old notes that are still there (few):
            # without it, it reads every old contact moment (mba.bewaren).
            models.Index(
                fields=["datum"], condition=~Q(notitie=""), name="contactmoment_met_notitie_idx"
            ),
            # The open follow-ups of a team on the home page (few): without it, counting them
            # reads every contact moment of the team's wijken.
            models.Index(
                fields=["wijk", "medewerker"],
                condition=Q(vervolg_nodig=True, vervolg_afgerond_op__isnull=True),
                name="contactmoment_open_vervolg_idx",
            ),
            # The readiness list's contacts about a physical project that name none (few;
            # rapportage.gereedheid): without it, the report read every contact of its year.
            models.Index(
                fields=["datum"],
                condition=Q(fysiek_project__isnull=True)
                & (Q(kanaal="project") | Q(aanleiding="fysiek_project")),
                name="contactmoment_zonder_proj_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(bewoners_bereikt__gte=1),
                name="activiteiten_contactmoment_minstens_een_bewoner",
                violation_error_message=MINSTENS_EEN_BEWONER,
            ),
            grenzen.BEWONERS_PER_CONTACT.check(
                "bewoners_bereikt", "activiteiten_contactmoment_bewoners_bereikt_max"
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
            # The channel says where the contact took place; at a physical project it names
            # that project, so "linked to a project" always includes this channel.
            models.CheckConstraint(
                condition=~Q(kanaal="project") | Q(fysiek_project__isnull=False),
                name="activiteiten_contactmoment_projectkanaal_noemt_project",
                violation_error_message=PROJECTKANAAL_ZONDER_PROJECT,
            ),
        ]

    def __str__(self):
        return f"{self.datum:%d-%m-%Y} {self.wijk} ({self.get_kanaal_display()})"

    def save(self, **kwargs):
        using = kwargs.get("using") or router.db_for_write(Contactmoment, instance=self)
        with transaction.atomic(using=using, savepoint=False):
            self._bewaar(**kwargs)
            tellingen.bijwerken({getattr(self, "_cel_uit_db", None), self._cel()}, using=using)
        self._cel_uit_db = self._cel()

    def maak_met_links(self, themas=(), signalen=(), prioriteiten=()):
        """Saves a NEW contact moment with its themes and signals at once: the bit masks in its
        INSERT, the links of each table in one INSERT, and one recount of its cell after all.
        (``save()`` and then ``themas.set()`` and ``signalen.set()`` write the same: the relation
        managers each read the links first and then UPDATE the mask, five queries a table.)
        The priorities are checked here (``check_prioriteiten``, no query: the form passes the
        records it has) and written with one INSERT only when there are any."""
        check_prioriteiten(self, prioriteiten)
        if self.pk is not None:
            raise ValueError("maak_met_links() maakt een nieuw contactmoment; dit heeft al een id.")
        using = router.db_for_write(Contactmoment, instance=self)
        with transaction.atomic(using=using, savepoint=False):
            self._bewaar(bits=(_masker(themas), _masker(signalen)))
            for link, veld, gekozen in (
                (Contactmoment.themas.through, "thema", themas),
                (Contactmoment.signalen.through, "signaalsoort", signalen),
                (Contactmoment.prioriteiten.through, "prioriteit", prioriteiten),
            ):
                if gekozen:
                    link.objects.using(using).bulk_create(
                        [link(contactmoment_id=self.pk, **{f"{veld}_id": o.pk}) for o in gekozen]
                    )
            tellingen.bijwerken({self._cel()}, using=using)
        self._cel_uit_db = self._cel()

    def prioriteit_jaren(self):
        jaar = self.datum.year if self.datum else None
        return jaar, jaar

    def mag_bewerken(self, user):
        if rechten.is_coordinator(user):
            return True
        if rechten.MEDEWERKER not in rechten.rollen(user):
            return False
        return self.wijk_id in rechten.team_wijk_ids(user) or self.medewerker_id == user.pk

    def _bewaar(self, bits=(0, 0), **kwargs):
        if self.pk is None:  # a new row: the masks of the links written with it (maak_met_links),
            # else none yet (also a copy made with pk = None)
            self.themas_bits, self.signalen_bits = bits
        elif (
            not self._state.adding
            and kwargs.get("update_fields") is None
            and not kwargs.get("force_insert")
        ):
            # a loaded row may hold summaries that changed since it was read: only the links
            # write them
            kwargs["update_fields"] = [
                f.attname
                for f in self._meta.concrete_fields
                if not f.primary_key and f.attname not in SAMENVATTING_KOLOMMEN
            ]
        super().save(**kwargs)

    def _cel(self):
        d = self.__dict__
        if d.get("datum") is None or d.get("wijk_id") is None or "buurt_id" not in d:
            return None
        datum = self.datum
        if isinstance(datum, str):
            datum = datetime.date.fromisoformat(datum)
        return tellingen.cel(datum, self.wijk_id, self.buurt_id)

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._cel_uit_db = instance._cel()
        return instance

    # The check constraints whose rule clean() or the field's validators hold already, with
    # the same message: validate_constraints() does not ask the database for them once more (a
    # SELECT each, on every save through a form). The database keeps them for writes around the
    # model; the others, which Python does not check, go as Django does them.
    IN_PYTHON = frozenset(
        {
            "activiteiten_contactmoment_minstens_een_bewoner",  # clean()
            "activiteiten_contactmoment_bewoners_bereikt_max",  # the field's validators
            "activiteiten_contactmoment_doorverwijzing_vraagt_vervolg",  # clean() sets vervolg
            "activiteiten_contactmoment_projectkanaal_noemt_project",  # clean()
        }
    )

    def validate_constraints(self, exclude=None):
        using = router.db_for_write(Contactmoment, instance=self)
        fouten = {}
        for constraint in Contactmoment._meta.constraints:
            if constraint.name in self.IN_PYTHON:
                continue
            try:
                constraint.validate(Contactmoment, self, exclude=exclude, using=using)
            except ValidationError as e:
                fouten = e.update_error_dict(fouten)
        if fouten:
            raise ValidationError(fouten)

    def clean(self):
        if self.doorverwezen_naar_id:  # a referral always asks for a follow-up
            self.vervolg_nodig = True
        fouten = {}
        for regel in (
            check_buurt_in_wijk,
            _datums,
            _minstens_een_bewoner,
            _project_en_activiteit,
            _prioriteiten_blijven,
        ):
            try:
                regel(self)
            except ValidationError as e:
                fouten = e.update_error_dict(fouten)
        if fouten:
            raise ValidationError(fouten)


def _datums(contact):
    datums_binnen_grenzen(contact, "datum", "vervolg_afgerond_op")


def _prioriteiten_blijven(contact):
    """A contact moved to another wijk or year keeps only priorities that hold there. Asked of
    the database only when the wijk or year changed and no form chose the priorities anew (a
    form with the field checks its own choice: wijken.forms.MetPrioriteiten)."""
    oud, nu = getattr(contact, "_cel_uit_db", None), contact._cel()
    if not contact.pk or oud is None or nu is None or contact.__dict__.get("_prioriteiten_gekozen"):
        return
    if (oud[0].year, oud[1]) != (nu[0].year, nu[1]):
        check_prioriteiten(contact, contact.prioriteiten.all())


def _minstens_een_bewoner(contact):
    if isinstance(contact.bewoners_bereikt, int) and contact.bewoners_bereikt < 1:
        raise ValidationError({"bewoners_bereikt": MINSTENS_EEN_BEWONER})


def _project_en_activiteit(contact):
    if contact.kanaal == contact.Kanaal.PROJECT and not contact.fysiek_project_id:
        raise ValidationError({"fysiek_project": PROJECTKANAAL_ZONDER_PROJECT})
    if (
        contact.fysiek_project_id
        and contact.wijk_id
        and contact.fysiek_project.wijk_id != contact.wijk_id
    ):
        raise ValidationError({"fysiek_project": "Dit project ligt in een andere wijk."})
    if (
        contact.activiteit_id
        and contact.wijk_id
        and contact.activiteit.wijk_id
        and contact.activiteit.wijk_id != contact.wijk_id
    ):
        raise ValidationError({"activiteit": "Deze activiteit is in een andere wijk."})


# --- the summaries of themes and signals on Contactmoment -----------------------------------


def _masker(themas_of_signalen):
    """The bit mask of these themes or kinds of signal (``Thema.bit``, ``Signaalsoort.bit``)."""
    masker = 0
    for o in themas_of_signalen:
        masker |= 1 << o.bit
    return masker


SAMENVATTING_KOLOMMEN = ("themas_bits", "signalen_bits")
_SAMENVATTING = {
    Contactmoment.themas.through: ("themas", "themas_bits"),
    Contactmoment.signalen.through: ("signalen", "signalen_bits"),
}


def _met_bit(kolom, masker):
    return Contactmoment.objects.alias(_bit=F(kolom).bitand(masker)).filter(_bit__gt=0)


@receiver(m2m_changed, sender=Contactmoment.themas.through)
@receiver(m2m_changed, sender=Contactmoment.signalen.through)
def _links_gewijzigd(sender, instance, action, reverse, pk_set, using, **kwargs):
    """Keeps ``themas_bits`` / ``signalen_bits`` equal to the links after every add(), remove(),
    set() and clear(), from either side, and recounts the cells of the contacts whose links
    changed (the counts read the link tables)."""
    veld, kolom = _SAMENVATTING[sender]
    if action == "pre_clear" and reverse:  # thema.contactmomenten.clear(): which contacts
        instance._cellen_voor_clear = tellingen.cellen_van(
            Contactmoment.objects.using(using).filter(**{veld: instance})
        )
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    nu = timezone.now()  # a changed theme or signal is a change of the contact (API sync)
    if not reverse:  # contactmoment.themas.add(...): recount from its links
        masker = 0
        for bit in getattr(instance, veld).values_list("bit", flat=True):
            masker |= 1 << bit
        Contactmoment.objects.filter(pk=instance.pk).update(**{kolom: masker, "gewijzigd_op": nu})
        setattr(instance, kolom, masker)
        tellingen.bijwerken({instance._cel()}, using=using)
    elif action == "post_add":  # thema.contactmomenten.add(...)
        Contactmoment.objects.filter(pk__in=pk_set).update(
            **{kolom: F(kolom).bitor(instance.masker), "gewijzigd_op": nu}
        )
    elif action == "post_remove":
        Contactmoment.objects.filter(pk__in=pk_set).update(
            **{kolom: F(kolom).bitand(~instance.masker), "gewijzigd_op": nu}
        )
    else:  # thema.contactmomenten.clear()
        _met_bit(kolom, instance.masker).update(
            **{kolom: F(kolom).bitand(~instance.masker), "gewijzigd_op": nu}
        )
        tellingen.bijwerken(instance.__dict__.pop("_cellen_voor_clear", set()), using=using)
    if reverse and action != "post_clear":
        tellingen.bijwerken(
            tellingen.cellen_van(Contactmoment.objects.using(using).filter(pk__in=pk_set)),
            using=using,
        )


bewaak_prioriteiten(Contactmoment)
bewaak_prioriteiten(Activiteit)


@receiver(m2m_changed, sender=Contactmoment.prioriteiten.through)
def _prioriteiten_gewijzigd(sender, instance, action, reverse, pk_set, using, **kwargs):
    """The counts per priority read the link table: a change of a contact's priorities
    recounts its cell (from either side) and is a change of the contact (API sync)."""
    if action == "pre_clear" and reverse:
        instance._cellen_voor_clear = tellingen.cellen_van(instance.contactmomenten.using(using))
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    nu = timezone.now()
    if not reverse:
        Contactmoment.objects.filter(pk=instance.pk).update(gewijzigd_op=nu)
        tellingen.bijwerken({instance._cel()}, using=using)
    elif action == "post_clear":
        tellingen.bijwerken(instance.__dict__.pop("_cellen_voor_clear", set()), using=using)
    else:
        contacten = Contactmoment.objects.using(using).filter(pk__in=pk_set)
        contacten.update(gewijzigd_op=nu)
        tellingen.bijwerken(tellingen.cellen_van(contacten), using=using)


@receiver(pre_delete, sender=Prioriteit)
def _prioriteit_weg(sender, instance, using, **kwargs):
    """Deleting a priority deletes its links without m2m_changed: the cells of its contacts are
    recounted once the links are gone."""
    instance._cellen_van_links = tellingen.cellen_van(instance.contactmomenten.using(using))


@receiver(post_delete, sender=Prioriteit)
def _prioriteit_verwijderd(sender, instance, using, **kwargs):
    tellingen.bijwerken(instance.__dict__.pop("_cellen_van_links", set()), using=using)


@receiver(post_delete, sender=Contactmoment)
def _contact_weg(sender, instance, using, **kwargs):
    """A deleted contact moment leaves its month's counts (also in a queryset's delete)."""
    tellingen.bijwerken({instance._cel()}, using=using)


@receiver(pre_delete, sender=Thema)
@receiver(pre_delete, sender=Signaalsoort)
def _lijstitem_weg(sender, instance, using, **kwargs):
    """Deleting a theme deletes its links without m2m_changed: its bit goes too, so a later theme
    that gets the bit starts from zero, and the cells of its contacts are recounted once the
    links are gone (``_lijstitem_verwijderd``)."""
    kolom = "themas_bits" if sender is Thema else "signalen_bits"
    veld = "themas" if sender is Thema else "signalen"
    instance._cellen_van_links = tellingen.cellen_van(
        Contactmoment.objects.using(using).filter(**{veld: instance})
    )
    _met_bit(kolom, instance.masker).update(**{kolom: F(kolom).bitand(~instance.masker)})


@receiver(post_delete, sender=Thema)
@receiver(post_delete, sender=Signaalsoort)
def _lijstitem_verwijderd(sender, instance, using, **kwargs):
    tellingen.bijwerken(instance.__dict__.pop("_cellen_van_links", set()), using=using)


class Contacttelling(models.Model):
    """One count of the contact moments of one month in one wijk and buurt: ``dimensie``
    names what is counted (a declaration of ``activiteiten.tellingen.TELLINGEN``), ``waarde``
    the value it is counted per ("" for one number). What the figures read instead of scanning
    a year of contact moments. Kept equal to the contact moments by the model layer (see
    activiteiten.tellingen); never edited by hand."""

    maand = models.DateField(help_text="De eerste dag van de maand.")
    wijk = models.ForeignKey(Wijk, on_delete=models.CASCADE, related_name="+")
    buurt = models.ForeignKey(
        Buurt, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    dimensie = models.CharField(max_length=40, help_text="Wat er geteld is (een telling).")
    waarde = models.CharField(
        max_length=40, blank=True, help_text="De waarde waarnaar geteld is; leeg: één getal."
    )
    # A cell's "bereikt" is at most 500 x its contact moments: see mba.grenzen.
    aantal = models.BigIntegerField()

    class Meta:
        verbose_name = "contacttelling"
        verbose_name_plural = "contacttellingen"
        indexes = [models.Index(fields=["maand", "wijk"], name="contacttelling_maand_idx")]

    def __str__(self):
        return f"{self.maand:%m-%Y} {self.wijk_id}/{self.buurt_id} {self.dimensie} {self.waarde}"


from .doorverwijzing import Doorverwijzing, DoorverwijzingWijziging  # noqa: E402,F401
from .vraagstuk import (  # noqa: E402,F401
    AfgewezenVoorstel,
    CollectiefVraagstuk,
    VraagstukStatusWijziging,
)
