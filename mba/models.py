import datetime
import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

MASKER_BITS = 63  # a signed 64-bit integer (BigIntegerField) holds bits 0-62


def vrije_bit(model):
    """The lowest bit that no row of ``model`` holds yet. Themes and kinds of signal each have a
    fixed bit, so a contact moment can keep which of them it has as one integer
    (``Contactmoment.themas_bits``) and the figures count them without joining the links."""
    bezet = set(model.objects.values_list("bit", flat=True))
    vrij = next((b for b in range(MASKER_BITS) if b not in bezet), None)
    if vrij is None:
        raise ValidationError(
            f"Er kunnen hoogstens {MASKER_BITS} {model._meta.verbose_name_plural} zijn; "
            "verwijder er een die niet meer gebruikt wordt."
        )
    return vrij


def bit_veld():
    return models.PositiveSmallIntegerField(
        unique=True,
        editable=False,
        blank=True,  # given on the first save()
        help_text="Vaste plaats in de samenvatting van een contactmoment (0-62).",
    )


def bit_check(naam):
    return models.CheckConstraint(
        condition=models.Q(bit__lt=MASKER_BITS),
        name=naam,
        violation_error_message=f"Een bit ligt tussen 0 en {MASKER_BITS - 1}.",
    )


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
    bit = bit_veld()
    gewijzigd_op = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["volgorde", "naam"]
        verbose_name = "thema"
        verbose_name_plural = "thema's"
        constraints = [bit_check("mba_thema_bit_in_masker")]

    def __str__(self):
        return self.naam

    def save(self, **kwargs):
        if self.bit is None:
            self.bit = vrije_bit(Thema)
        super().save(**kwargs)

    @property
    def masker(self):
        return 1 << self.bit


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


# --- the scopes of an API key (README: API, Scopes) ---------------------------------------------
#
# One scope per collection of the API (its path under /api/v1/), plus the statistics. The
# contact moments, the records about residents, have scopes per sensitive field: without them a
# row has no buurt and no referral, and its dates are per month. Signals of a special category
# (``Signaalsoort.bijzonder``: health, money, psychological complaints) are in no scope: a
# partner gets them only as counts in the statistics.

STATISTIEKEN = "statistieken"
CONTACT_BUURT = "contactmomenten:buurt"
CONTACT_DOORVERWIJZING = "contactmomenten:doorverwijzing"
CONTACT_WEEK = "contactmomenten:week"
CONTACT_DAG = "contactmomenten:dag"

COLLECTIE_SCOPES = {
    "wijken": "Wijken",
    "buurten": "Buurten",
    "locaties": "Locaties",
    "themas": "Thema's",
    "organisaties": "Organisaties",
    "prioriteiten": "Prioriteiten met indicatoren en metingen",
    "fysieke-projecten": "Fysieke projecten",
    "bewonersinitiatieven": "Bewonersinitiatieven (zonder contactgegevens)",
    "activiteiten": "Activiteiten",
    "contactmomenten": "Contactmomenten: datum per maand, zonder buurt, doorverwijzing en "
    "bijzondere signalen",
    "voorbeelden": "Voorbeelden uit gepubliceerde jaarrapportages",
    "jaarrapportages": "Gepubliceerde jaarrapportages en hun PDF",
    "verwijderingen": "Verwijderde records (van de collecties van de sleutel)",
}
VELD_SCOPES = {
    CONTACT_BUURT: "Contactmomenten: de buurt",
    CONTACT_DOORVERWIJZING: "Contactmomenten: de organisatie waarnaar is doorverwezen",
    CONTACT_WEEK: "Contactmomenten: datums per week (maandag) in plaats van per maand",
    CONTACT_DAG: "Contactmomenten: datums op de dag, en sorteren op datum",
}
SCOPES = {STATISTIEKEN: "Kengetallen (aantallen onder 5 als '< 5')"}
SCOPES.update(COLLECTIE_SCOPES)
SCOPES.update(VELD_SCOPES)
# What the one scope "alles" of before 11.6 gave, and so what existing keys got (migration
# mba/0010): everything, except the special-category signals, which no scope gives.
ALLE_SCOPES = list(SCOPES)


def standaard_scopes():
    """A new key reads the statistics only; the coordinator adds what a partner needs."""
    return [STATISTIEKEN]


def scopes_valideren(waarde):
    if not isinstance(waarde, list) or not all(isinstance(s, str) for s in waarde):
        raise ValidationError("Geef de scopes als een lijst van namen.", code="scopes")
    onbekend = [s for s in waarde if s not in SCOPES]
    if onbekend:
        raise ValidationError(
            "Onbekende scope: %(onbekend)s. Kies uit: %(keuze)s.",
            code="scopes",
            params={"onbekend": ", ".join(onbekend), "keuze": ", ".join(SCOPES)},
        )
    if not waarde:
        raise ValidationError("Geef de sleutel ten minste één scope.", code="scopes")
    if len(set(waarde)) != len(waarde):
        raise ValidationError("Noem elke scope één keer.", code="scopes")
    velden = [s for s in waarde if s in VELD_SCOPES]
    if velden and "contactmomenten" not in waarde:
        raise ValidationError(
            "%(velden)s horen bij de scope contactmomenten: geef die ook.",
            code="scopes",
            params={"velden": ", ".join(velden)},
        )


class ApiSleutelQuerySet(models.QuerySet):
    def actief(self):
        return self.filter(ingetrokken_op__isnull=True)


class ApiSleutel(models.Model):
    """A partner organisation's key to the REST API.

    Only a SHA-256 hash of the key is stored. The key itself is 32 random bytes
    (``secrets.token_urlsafe(32)``, 256 bits): nobody can guess it or find it from its hash, so a
    slow password hasher (PBKDF2, which exists to protect short human passwords) adds nothing here
    and would cost tens of milliseconds on every API call. A fast hash keeps authentication one
    indexed lookup. The plain key is shown once, when it is made.
    """

    organisatie = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        related_name="api_sleutels",
        help_text="De partnerorganisatie die deze sleutel gebruikt.",
    )
    naam = models.CharField(
        max_length=120, help_text="Waarvoor de sleutel is, bijvoorbeeld 'datawarehouse Actium'."
    )
    prefix = models.CharField(
        max_length=12,
        unique=True,
        editable=False,
        help_text="Het begin van de sleutel, om hem te herkennen.",
    )
    sleutel_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(
        default=standaard_scopes,
        validators=[scopes_valideren],
        help_text="Wat de sleutel mag lezen: per collectie, en bij contactmomenten per gevoelig "
        "veld en de precisie van datums (README: API, Scopes). Een nieuwe sleutel krijgt alleen "
        "de statistieken.",
    )
    aangemaakt_op = models.DateTimeField(auto_now_add=True)
    ingetrokken_op = models.DateTimeField(null=True, blank=True, editable=False)
    laatst_gebruikt_op = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiSleutelQuerySet.as_manager()

    class Meta:
        ordering = ["organisatie__naam", "-aangemaakt_op"]
        verbose_name = "API-sleutel"
        verbose_name_plural = "API-sleutels"

    def __str__(self):
        return f"{self.organisatie}: {self.naam} ({self.prefix}…)"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The key as it now is (revoked, other scopes) goes into the cache, not a delete: a call
        # that read the key just before and caches it afterwards uses ``cache.add``, which
        # cannot overwrite this.
        cache.set(self.cache_sleutel(self.sleutel_hash), self, self.CACHE_SECONDEN)

    @property
    def actief(self):
        return self.ingetrokken_op is None

    @staticmethod
    def hash(sleutel):
        return hashlib.sha256(sleutel.encode()).hexdigest()

    def heeft(self, scope):
        return scope in self.scopes

    @property
    def scopes_tekst(self):
        return ", ".join(self.scopes)

    @classmethod
    def maak(cls, organisatie, naam, scopes=None):
        """Makes a key and returns ``(ApiSleutel, plain key)``; only its hash is kept. Without
        ``scopes`` it reads the statistics only."""
        obj = cls(
            organisatie=organisatie,
            naam=naam,
            scopes=standaard_scopes() if scopes is None else scopes,
        )
        sleutel = obj.nieuwe_sleutel()
        obj.full_clean()
        obj.save()
        return obj, sleutel

    def nieuwe_sleutel(self):
        """Sets a new random key (prefix and hash) on this unsaved key and returns it."""
        while True:
            sleutel = "mba_" + secrets.token_urlsafe(32)
            if not ApiSleutel.objects.filter(prefix=sleutel[:12]).exists():
                break
        self.prefix = sleutel[:12]
        self.sleutel_hash = self.hash(sleutel)
        return sleutel

    def intrekken(self):
        if self.ingetrokken_op is None:
            self.ingetrokken_op = timezone.now()
        self.save(update_fields=["ingetrokken_op"])

    # With a cache shared by all processes (``MBA_SLEUTELS_IN_CACHE``, set by CACHE_URL),
    # authentication reads a key from it for this long; without one, keys are not cached.
    CACHE_SECONDEN = 30

    @staticmethod
    def cache_sleutel(sleutel_hash):
        return f"api_sleutel_{sleutel_hash}"


class Inschrijfcode(models.Model):
    """A one-time code with which a staff member links an authenticator app (two-factor
    authentication) at their first login, or after losing their phone.

    In production (``MBA_INSCHRIJFCODE``, on when DEBUG is off) the password alone does not
    enrol a second factor: whoever learned a password could otherwise link their own app and
    own the account for good. The coordinator makes a code in the beheer (or with ``manage.py
    inschrijfcode``) and hands it over in person or by phone; it works once, for
    ``INSCHRIJFCODE_GELDIG_UREN`` hours, and only for that account. Only a hash is kept.
    """

    medewerker = models.ForeignKey(
        "Medewerker", on_delete=models.CASCADE, related_name="inschrijfcodes"
    )
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    aangemaakt_door = models.ForeignKey(
        "Medewerker", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(default=timezone.now, editable=False)
    geldig_tot = models.DateTimeField(editable=False)
    gebruikt_op = models.DateTimeField(null=True, blank=True, editable=False)

    # No 0, O, 1, I or L: a code read out over the phone is typed right the first time.
    TEKENS = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    LENGTE = 12  # 31**12: about 59 bits

    class Meta:
        ordering = ["-aangemaakt_op"]
        verbose_name = "inschrijfcode"
        verbose_name_plural = "inschrijfcodes"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(geldig_tot__gt=models.F("aangemaakt_op")),
                name="mba_inschrijfcode_geldig_na_aanmaak",
            ),
        ]

    def __str__(self):
        return f"Inschrijfcode voor {self.medewerker} (geldig tot {self.geldig_tot:%d-%m-%Y %H:%M})"

    @staticmethod
    def hash(code):
        schoon = "".join(code.upper().split()).replace("-", "")
        return hashlib.sha256(schoon.encode()).hexdigest()

    @classmethod
    def maak(cls, medewerker, door=None):
        """A new code for ``medewerker`` (earlier unused codes stop working); returns
        ``(Inschrijfcode, code)``. The code is shown once."""
        from django.conf import settings

        nu = timezone.now()
        cls.objects.filter(medewerker=medewerker, gebruikt_op__isnull=True).update(gebruikt_op=nu)
        code = "".join(secrets.choice(cls.TEKENS) for _ in range(cls.LENGTE))
        obj = cls.objects.create(
            medewerker=medewerker,
            code_hash=cls.hash(code),
            aangemaakt_door=door,
            aangemaakt_op=nu,
            geldig_tot=nu + datetime.timedelta(hours=settings.INSCHRIJFCODE_GELDIG_UREN),
        )
        return obj, "-".join(code[i : i + 4] for i in range(0, cls.LENGTE, 4))

    @classmethod
    def gebruik(cls, medewerker, code):
        """Uses the code, once: True when it was this account's, unused and not expired. One
        UPDATE, so two requests with the same code cannot both succeed."""
        nu = timezone.now()
        return (
            cls.objects.filter(
                medewerker=medewerker,
                code_hash=cls.hash(code),
                gebruikt_op__isnull=True,
                geldig_tot__gt=nu,
            ).update(gebruikt_op=nu)
            == 1
        )


class ApiAanroep(models.Model):
    """One call to the API made with a key: who asked what, and what they got."""

    sleutel = models.ForeignKey(ApiSleutel, on_delete=models.PROTECT, related_name="aanroepen")
    moment = models.DateTimeField(auto_now_add=True, db_index=True)
    methode = models.CharField(max_length=10)
    pad = models.CharField(max_length=500, help_text="Pad en zoekparameters van de aanroep.")
    status = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["-moment", "-pk"]
        verbose_name = "API-aanroep"
        verbose_name_plural = "API-aanroepen"

    def __str__(self):
        return f"{self.moment:%d-%m-%Y %H:%M:%S} {self.methode} {self.pad} → {self.status}"


class Export(models.Model):
    """Every CSV or XLSX export from a list: who, when, which list, with which filters, how many
    rows, and whether personal data was in it. Kept for accountability (AVG)."""

    class Formaat(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel (XLSX)"

    medewerker = models.ForeignKey(
        Medewerker, on_delete=models.PROTECT, related_name="exports", editable=False
    )
    op = models.DateTimeField(auto_now_add=True)
    lijst = models.CharField(max_length=40, editable=False)
    formaat = models.CharField(max_length=4, choices=Formaat, editable=False)
    filters = models.JSONField(default=dict, blank=True, editable=False)
    aantal_rijen = models.PositiveIntegerField(editable=False)
    met_persoonsgegevens = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["-op", "-pk"]
        verbose_name = "export"
        verbose_name_plural = "exports"

    def __str__(self):
        return f"{self.lijst} ({self.formaat}) door {self.medewerker} op {self.op:%d-%m-%Y %H:%M}"


class Formulierinzending(models.Model):
    """The one-time token of a submitted form: a second submit of the same form (a double tap,
    the back button) finds its token here and does not create a second record."""

    token = models.UUIDField(unique=True, editable=False)
    medewerker = models.ForeignKey(
        Medewerker, on_delete=models.CASCADE, related_name="+", editable=False
    )
    op = models.DateTimeField(auto_now_add=True)
    url = models.CharField(max_length=300, blank=True, editable=False)

    class Meta:
        verbose_name = "formulierinzending"
        verbose_name_plural = "formulierinzendingen"

    def __str__(self):
        return str(self.token)


class AuditregelQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError("Auditregels kunnen niet worden gewijzigd.")

    def delete(self):
        raise ValidationError(
            "Auditregels kunnen niet worden verwijderd; de bewaartermijn ruimt ze op."
        )

    def _opruimen(self):
        """Deletes these rows: only for the retention job (mba.bewaren), which logs the count.
        On PostgreSQL the database refuses a delete unless this transaction says it is the
        retention job (SET LOCAL mba.bewaartermijn = 'aan')."""
        from django.db import connections, transaction

        with transaction.atomic(using=self.db):
            connection = connections[self.db]
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL mba.bewaartermijn = 'aan'")
            verwijderd = models.QuerySet.delete(self)
            if connection.vendor == "postgresql":
                # SET LOCAL lasts until the outermost transaction ends, not this savepoint: end
                # the permission here, so that a caller's transaction (ATOMIC_REQUESTS, a test)
                # cannot delete audit rows after it. (On an error the rollback undoes the SET.)
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL mba.bewaartermijn = ''")
            return verwijderd


class Auditregel(models.Model):
    """Who saw, changed, exported or downloaded what, or was refused: one row per access to
    records with personal data, per failed login and per refused request. Append-only: the app
    refuses updates and deletes, the database refuses updates (and deletes on PostgreSQL), and
    only the retention job removes rows older than AUDIT_BEWAARTERMIJN_MAANDEN. The rows hold on
    to whom they name: a medewerker, organisation or API key with audit rows cannot be deleted
    (deactivate the account, revoke the key) until the retention job has removed those rows."""

    class Actie(models.TextChoices):
        BEKEKEN = "bekeken", "Bekeken"
        AANGEMAAKT = "aangemaakt", "Aangemaakt"
        GEWIJZIGD = "gewijzigd", "Gewijzigd"
        VERWIJDERD = "verwijderd", "Verwijderd"
        GEEXPORTEERD = "geexporteerd", "Geëxporteerd"
        GEDOWNLOAD = "gedownload", "Gedownload"
        INLOGGEN_MISLUKT = "inloggen_mislukt", "Inloggen mislukt"
        GEWEIGERD = "geweigerd", "Geweigerd"

    class Herkomst(models.TextChoices):
        PAGINA = "pagina", "Pagina"
        EXPORT = "export", "Export"
        API = "api", "API-sleutel"
        BEHEER = "beheer", "Beheer (admin)"
        INLOGGEN = "inloggen", "Inloggen"

    class Resultaat(models.TextChoices):
        TOEGESTAAN = "toegestaan", "Toegestaan"
        GEWEIGERD = "geweigerd", "Geweigerd"

    tijdstip = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    actie = models.CharField(max_length=20, choices=Actie, editable=False)
    objecttype = models.CharField(
        max_length=60,
        blank=True,
        editable=False,
        help_text="Het soort record, bijvoorbeeld activiteiten.contactmoment.",
    )
    object_id = models.CharField(max_length=40, blank=True, editable=False)
    aantal = models.PositiveIntegerField(
        default=1, editable=False, help_text="Aantal records (bij een lijst of export)."
    )
    actor = models.ForeignKey(
        Medewerker,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    actor_naam = models.CharField(
        max_length=150,
        blank=True,
        editable=False,
        help_text="Gebruikersnaam zoals ingevoerd of op het moment zelf.",
    )
    organisatie = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    herkomst = models.CharField(max_length=10, choices=Herkomst, editable=False)
    api_sleutel = models.ForeignKey(
        ApiSleutel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    pad = models.CharField(max_length=300, blank=True, editable=False)
    resultaat = models.CharField(
        max_length=10, choices=Resultaat, default=Resultaat.TOEGESTAAN, editable=False
    )
    doel = models.CharField(
        max_length=200,
        blank=True,
        editable=False,
        help_text="Het doel, waar de pagina erom vraagt.",
    )
    ip_adres = models.GenericIPAddressField(null=True, blank=True, editable=False)

    objects = AuditregelQuerySet.as_manager()

    class Meta:
        ordering = ["-tijdstip", "-pk"]
        verbose_name = "auditregel"
        verbose_name_plural = "auditregels"
        indexes = [
            models.Index(fields=["objecttype", "object_id"], name="auditregel_object_idx"),
            models.Index(fields=["actor", "tijdstip"], name="auditregel_actor_idx"),
        ]

    def __str__(self):
        wie = self.actor_naam or (self.api_sleutel and str(self.api_sleutel)) or "onbekend"
        wat = f"{self.objecttype} {self.object_id}".strip()
        return f"{self.tijdstip:%d-%m-%Y %H:%M:%S} {wie}: {self.get_actie_display()} {wat}"

    def save(self, **kwargs):
        if not self._state.adding:
            raise ValidationError("Auditregels kunnen niet worden gewijzigd.")
        super().save(**kwargs)

    def delete(self, **kwargs):
        raise ValidationError(
            "Auditregels kunnen niet worden verwijderd; de bewaartermijn ruimt ze op."
        )


class Weigeringsreeks(models.Model):
    """Refused requests from one source (address, kind of path, key if any), counted while the
    series is open. The audit trail itself stays append-only: the first refusal of a series is
    an audit row of its own at once; the ones after it only raise ``aantal`` here; when the
    series closes (``AUDIT_WEIGERING_VENSTER_MINUTEN`` after its start), one audit row holds
    their count and this row is deleted (``mba.audit.reeksen_afsluiten``). Bookkeeping, not
    audit: never shown, and gone within minutes."""

    bron = models.CharField(max_length=64, unique=True, editable=False)
    begonnen_op = models.DateTimeField(editable=False)
    laatste_op = models.DateTimeField(editable=False)
    aantal = models.PositiveIntegerField(
        default=0, editable=False, help_text="Weigeringen na de eerste, nog niet in de audit."
    )
    actie = models.CharField(max_length=20, choices=Auditregel.Actie, editable=False)
    herkomst = models.CharField(max_length=10, choices=Auditregel.Herkomst, editable=False)
    pad = models.CharField(max_length=300, blank=True, editable=False)
    ip_adres = models.GenericIPAddressField(null=True, blank=True, editable=False)
    api_sleutel = models.ForeignKey(
        ApiSleutel, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "weigeringsreeks"
        verbose_name_plural = "weigeringsreeksen"
        indexes = [models.Index(fields=["begonnen_op"], name="weigeringsreeks_begin_idx")]

    def __str__(self):
        return f"{self.bron}: {self.aantal}"


class Verwijderlog(models.Model):
    """One line per kind of data the retention job removed or anonymised in a run: what kind,
    how many, when, up to which date. Never the contents."""

    class Soort(models.TextChoices):
        INITIATIEFNEMER = "initiatiefnemer", "Contactgegevens initiatiefnemer geanonimiseerd"
        NOTITIE = "notitie", "Notitie bij contactmoment verwijderd"
        AUDIT = "audit", "Auditregels verwijderd"
        API_AANROEP = "api_aanroep", "API-aanroepen verwijderd"
        EXPORT = "export", "Exportregistraties verwijderd"
        VERWIJDERING = "verwijdering", "Verwijderingen voor de API opgeruimd"

    tijdstip = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    soort = models.CharField(max_length=20, choices=Soort, editable=False)
    aantal = models.PositiveIntegerField(editable=False)
    grens = models.DateField(
        editable=False, help_text="Wat van voor deze datum was, viel onder de bewaartermijn."
    )
    bron = models.CharField(
        max_length=40, blank=True, editable=False, help_text="Celery beat of het commando."
    )

    class Meta:
        ordering = ["-tijdstip", "-pk"]
        verbose_name = "verwijderlog"
        verbose_name_plural = "verwijderlog"

    def __str__(self):
        return f"{self.tijdstip:%d-%m-%Y %H:%M} {self.get_soort_display()}: {self.aantal}"


class Verwijdering(models.Model):
    """A record that left the partner API: deleted (in the admin, or by a cascade). Partners
    that sync with ``gewijzigd_sinds`` read these at /api/v1/verwijderingen/ to delete their
    copy. Only the collection and the id: nothing of the contents."""

    collectie = models.CharField(
        max_length=40, editable=False, help_text="De collectie van de API, bv. contactmomenten."
    )
    object_id = models.PositiveBigIntegerField(editable=False, help_text="Het id van het record.")
    verwijderd_op = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["verwijderd_op", "pk"]
        verbose_name = "verwijdering"
        verbose_name_plural = "verwijderingen"
        indexes = [
            models.Index(fields=["verwijderd_op", "id"], name="verwijdering_moment_idx"),
        ]

    def __str__(self):
        return f"{self.collectie} {self.object_id} verwijderd op {self.verwijderd_op:%d-%m-%Y}"


# The partner API's collections, by model: a deleted record leaves a Verwijdering behind
# (mba.tests.test_api_verwijderingen holds this list equal to the API's router).
API_COLLECTIES = {
    "wijken.Wijk": "wijken",
    "wijken.Buurt": "buurten",
    "wijken.Locatie": "locaties",
    "mba.Thema": "themas",
    "mba.Organisatie": "organisaties",
    "wijken.Prioriteit": "prioriteiten",
    "wijken.FysiekProject": "fysieke-projecten",
    "initiatieven.Bewonersinitiatief": "bewonersinitiatieven",
    "activiteiten.Activiteit": "activiteiten",
    "activiteiten.Contactmoment": "contactmomenten",
    "rapportage.Voorbeeld": "voorbeelden",
    "rapportage.Jaarrapportage": "jaarrapportages",
}


def _verwijdering_vastleggen(sender, instance, using, **kwargs):
    Verwijdering.objects.using(using).create(
        collectie=API_COLLECTIES[sender._meta.label], object_id=instance.pk
    )


for _label in API_COLLECTIES:
    models.signals.post_delete.connect(
        _verwijdering_vastleggen, sender=_label, dispatch_uid=f"verwijdering-{_label}"
    )


from .meldingen import Melding, MeldingVoorkeur, OverzichtVerzonden  # noqa: E402,F401
