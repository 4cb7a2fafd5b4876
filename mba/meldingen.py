"""Notifications (meldingen): at once with ``meld()``, and the daily digest (docs/notifications.md).

The core holds the machinery, the apps hold what is worth telling (``mba`` imports no domain app):

- ``registreer_soort(code, naam, standaard_kanaal)``: a kind of notification. Every person chooses
  per kind where it reaches them (``Kanaal``: in the app, by e-mail, both or not at all) on
  /meldingen/voorkeuren/; without a choice the kind's default holds.
- ``registreer_bron(code, functie)``: a source of the daily digest, also a kind.
  ``functie(user, dag)`` returns a list of ``Item(tekst, url)``: what that person should look at
  that day. Apps register both from their ``AppConfig.ready()`` (like ``mba.bewaren``).
- ``meld(ontvangers, soort, tekst, url)``: tells these people now: a ``Melding`` row for who
  reads in the app, an e-mail for who chose e-mail, sent after the transaction commits.
- ``overzicht_versturen(dag)``: the digest of the day, once per person (``OverzichtVerzonden``).

A text says what happened and links to it; never a resident's personal data or a note
(``geen_persoonsgegevens``); the url is a path inside MBA.

This module must not import ``.models`` (models.py imports it at its end).
"""

import dataclasses
import logging

from celery import shared_task
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone

from .validators import geen_persoonsgegevens

log = logging.getLogger(__name__)

TEKST_MAX = 200


class Kanaal(models.TextChoices):
    APP = "app", "In de app"
    EMAIL = "email", "Per e-mail"
    BEIDE = "beide", "In de app en per e-mail"
    GEEN = "geen", "Niet"


IN_APP = frozenset({Kanaal.APP, Kanaal.BEIDE})
PER_MAIL = frozenset({Kanaal.EMAIL, Kanaal.BEIDE})


@dataclasses.dataclass(frozen=True)
class Soort:
    code: str
    naam: str  # Dutch, on the preferences page
    standaard_kanaal: str


@dataclasses.dataclass(frozen=True)
class Item:
    """One line of the digest: what to look at, and where."""

    tekst: str
    url: str


SOORTEN = {}  # code -> Soort, in the order of registration
BRONNEN = {}  # code -> functie(user, dag) -> [Item]


def registreer_soort(code, naam, standaard_kanaal=Kanaal.APP):
    SOORTEN[code] = Soort(code, naam, Kanaal(standaard_kanaal))
    return SOORTEN[code]


def registreer_bron(code, functie, naam=None, standaard_kanaal=Kanaal.EMAIL):
    """A source of the daily digest; also a kind (``naam`` and default channel when it is new)."""
    if code not in SOORTEN:
        registreer_soort(code, naam or code, standaard_kanaal)
    BRONNEN[code] = functie


def url_binnen_mba(url):
    if not url.startswith("/") or url.startswith("//"):
        raise ValidationError("Een melding verwijst naar een pagina binnen MBA (begint met /).")


# --- models --------------------------------------------------------------------------------------


class MeldingQuerySet(models.QuerySet):
    def van(self, user):
        return self.filter(ontvanger=user)

    def ongelezen(self):
        return self.filter(gelezen_op__isnull=True)


class Melding(models.Model):
    """A notification in the app for one person: what happened and a link, nothing more."""

    ontvanger = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meldingen"
    )
    soort = models.CharField(max_length=40)
    tekst = models.CharField(max_length=TEKST_MAX, validators=[geen_persoonsgegevens])
    url = models.CharField(max_length=300, validators=[url_binnen_mba])
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    gelezen_op = models.DateTimeField(null=True, blank=True)

    objects = MeldingQuerySet.as_manager()

    class Meta:
        app_label = "mba"
        ordering = ["-aangemaakt_op", "-pk"]
        verbose_name = "melding"
        verbose_name_plural = "meldingen"
        indexes = [
            # The bell: the unread of one person, on every page.
            models.Index(
                fields=["ontvanger"],
                condition=Q(gelezen_op__isnull=True),
                name="melding_ongelezen_idx",
            ),
            models.Index(fields=["ontvanger", "-aangemaakt_op"], name="melding_lijst_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(url__startswith="/") & ~Q(url__startswith="//"),
                name="mba_melding_url_binnen_mba",
                violation_error_message="Een melding verwijst naar een pagina binnen MBA.",
            ),
        ]

    def __str__(self):
        return self.tekst


BEL_HOOGSTENS = 99  # the bell shows "99+" beyond this


class _Aantal(models.Subquery):
    """The number of rows of a subquery that reads at most a limited number of them."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _rijen)"
    output_field = models.IntegerField()


def ongelezen_van(ontvanger):
    """The number of unread notifications of ``ontvanger`` (a user, or ``OuterRef("pk")`` in
    the user's own query: ``mba.auth``), reading at most ``BEL_HOOGSTENS + 1`` rows of the
    partial index of the unread; never a count over all of them."""
    return _Aantal(
        Melding.objects.filter(ontvanger=ontvanger, gelezen_op__isnull=True)
        .order_by()
        .values("pk")[: BEL_HOOGSTENS + 1]
    )


class MeldingVoorkeur(models.Model):
    """Where one kind of notification reaches one person; without a row the kind's default."""

    medewerker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meldingvoorkeuren"
    )
    soort = models.CharField(max_length=40)
    kanaal = models.CharField(max_length=10, choices=Kanaal)

    class Meta:
        app_label = "mba"
        verbose_name = "meldingvoorkeur"
        verbose_name_plural = "meldingvoorkeuren"
        constraints = [
            models.UniqueConstraint(
                fields=["medewerker", "soort"], name="mba_meldingvoorkeur_een_per_soort"
            ),
            models.CheckConstraint(
                condition=Q(kanaal__in=Kanaal.values),
                name="mba_meldingvoorkeur_kanaal_bekend",
                violation_error_message="Kies in de app, per e-mail, beide of niet.",
            ),
        ]

    def __str__(self):
        return f"{self.soort}: {self.get_kanaal_display()}"


class OverzichtVerzonden(models.Model):
    """The digest of one day reached one person: written in the transaction that makes its
    in-app rows and sends its mail, so a second run that day sends nothing."""

    ontvanger = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    dag = models.DateField()
    verzonden_op = models.DateTimeField(default=timezone.now)
    aantal = models.PositiveIntegerField(default=0)

    class Meta:
        app_label = "mba"
        verbose_name = "verzonden overzicht"
        verbose_name_plural = "verzonden overzichten"
        constraints = [
            models.UniqueConstraint(fields=["ontvanger", "dag"], name="mba_overzicht_een_per_dag"),
        ]

    def __str__(self):
        return f"overzicht van {self.dag:%d-%m-%Y}"


# --- preferences ---------------------------------------------------------------------------------


def kanalen_van(user_ids, soort):
    """{user_id: kanaal} for one kind, in one query."""
    standaard = SOORTEN[soort].standaard_kanaal
    gekozen = dict(
        MeldingVoorkeur.objects.filter(medewerker_id__in=user_ids, soort=soort).values_list(
            "medewerker_id", "kanaal"
        )
    )
    return {pk: gekozen.get(pk, standaard) for pk in user_ids}


def voorkeuren_van(user):
    """{soort: kanaal} of every kind for one person, in one query."""
    gekozen = dict(MeldingVoorkeur.objects.filter(medewerker=user).values_list("soort", "kanaal"))
    return {code: gekozen.get(code, s.standaard_kanaal) for code, s in SOORTEN.items()}


# --- at once -------------------------------------------------------------------------------------


def _controleer(soort, tekst, url):
    if soort not in SOORTEN:
        raise ValueError(f"Unknown kind of notification: {soort!r} (registreer_soort first).")
    if len(tekst) > TEKST_MAX:
        raise ValidationError(f"Een melding is hoogstens {TEKST_MAX} tekens.")
    geen_persoonsgegevens(tekst)
    url_binnen_mba(url)


def meld(ontvangers, soort, tekst, url):
    """Tells ``ontvangers`` (users) now, each by their choice for ``soort``. Returns the in-app
    rows made. The rows are part of the caller's transaction; the mails leave after it commits
    (never for a change that was rolled back)."""
    _controleer(soort, tekst, url)
    mensen = {u.pk: u for u in ontvangers if u is not None and u.is_active}
    kanalen = kanalen_van(list(mensen), soort)
    nu = timezone.now()
    rijen = Melding.objects.bulk_create(
        Melding(ontvanger_id=pk, soort=soort, tekst=tekst, url=url, aangemaakt_op=nu)
        for pk, kanaal in kanalen.items()
        if kanaal in IN_APP
    )
    adressen = sorted(
        mensen[pk].email
        for pk, kanaal in kanalen.items()
        if kanaal in PER_MAIL and mensen[pk].email
    )
    if adressen:
        transaction.on_commit(lambda: _mail_verzenden(adressen, tekst, url))
    return rijen


def absolute_url(url):
    return settings.MBA_BASIS_URL.rstrip("/") + url


def _mail_verzenden(adressen, tekst, url):
    """Through Celery when a broker is configured (eager without one); when the broker cannot
    take it, in this process: the mail is worth more than the wait. A mail that cannot be sent
    never fails the request that made the change (it committed already): it is logged, and the
    notification stays in the app for who reads it there."""
    try:
        melding_mailen.delay(adressen, tekst, url)
        return
    except Exception:  # the broker is down (kombu's errors differ per transport), or eager SMTP
        if settings.CELERY_TASK_ALWAYS_EAGER:
            log.exception("Notification mail not sent")
            return
        log.warning("Broker unreachable, sending the notification mail in-process.")
    try:
        _mail(adressen, tekst, url)
    except Exception:
        log.exception("Notification mail not sent")


def _mail(adressen, tekst, url):
    onderwerp = f"MBA: {tekst}"[:120]
    inhoud = f"{tekst}\n\nBekijk het in Mijn Buurt Assen: {absolute_url(url)}\n\n"
    inhoud += VOETTEKST.format(absolute_url("/meldingen/voorkeuren/"))
    # One mail per person: the addresses of colleagues are not shown to each other.
    for adres in adressen:
        send_mail(onderwerp, inhoud, None, [adres])


VOETTEKST = (
    "U krijgt dit bericht omdat u dit zo hebt ingesteld in Mijn Buurt Assen. "
    "Wijzigen kan op {}."  # filled in with the preferences page
)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def melding_mailen(adressen, tekst, url):
    _mail(adressen, tekst, url)


# --- the daily digest ----------------------------------------------------------------------------


def items_voor(user, dag):
    """{soort: [Item]} of every source, for one person on one day (only sources with items)."""
    uit = {}
    for code, functie in BRONNEN.items():
        items = []
        for item in functie(user, dag):
            try:
                _controleer(code, item.tekst, item.url)
            except ValidationError:
                # never mailed; logged without the text (it may hold what it should not)
                log.error("Digest item of source %s refused by the personal-data check", code)
                continue
            items.append(item)
        if items:
            uit[code] = items
    return uit


def overzicht_mailtekst(user, dag, items):
    regels = [f"Goedemorgen {user.first_name or user.username},", ""]
    regels.append(f"Dit vraagt vandaag ({dag:%d-%m-%Y}) uw aandacht in Mijn Buurt Assen:")
    for code, lijst in items.items():
        regels += ["", SOORTEN[code].naam]
        regels += [f"- {i.tekst}\n  {absolute_url(i.url)}" for i in lijst]
    regels += ["", VOETTEKST.format(absolute_url("/meldingen/voorkeuren/"))]
    return "\n".join(regels)


def overzicht_voor(user, dag):
    """Sends one person's digest of ``dag``, at most once: True when it was sent now.

    The day's ``OverzichtVerzonden`` row, the in-app rows and the mail are one transaction: a
    mail that fails rolls the row back (a rerun sends it once), a second run finds the row (sends
    nothing). Two runs at the same moment meet at the row's unique constraint."""
    if OverzichtVerzonden.objects.filter(ontvanger=user, dag=dag).exists():
        return False
    items = items_voor(user, dag)
    kanalen = voorkeuren_van(user)
    in_app = {c: lijst for c, lijst in items.items() if kanalen[c] in IN_APP}
    per_mail = {c: lijst for c, lijst in items.items() if kanalen[c] in PER_MAIL}
    if not user.email:
        per_mail = {}
    if not in_app and not per_mail:
        return False
    try:
        with transaction.atomic():
            OverzichtVerzonden.objects.create(
                ontvanger=user, dag=dag, aantal=sum(len(v) for v in items.values())
            )
            nu = timezone.now()
            Melding.objects.bulk_create(
                Melding(ontvanger=user, soort=c, tekst=i.tekst, url=i.url, aangemaakt_op=nu)
                for c, lijst in in_app.items()
                for i in lijst
            )
            if per_mail:
                send_mail(
                    f"MBA: je overzicht van {dag:%d-%m-%Y}",
                    overzicht_mailtekst(user, dag, per_mail),
                    None,
                    [user.email],
                )
    except IntegrityError:
        return False  # another run sent it a moment ago
    return True


def overzicht_versturen(dag=None):
    """The digest of ``dag`` (today in Amsterdam) for every active person; returns how many were
    sent now. A person whose mail fails is skipped and logged, the others still get theirs; the
    failure is raised at the end so that the task retries and the cron job reports it."""
    from django.contrib.auth import get_user_model

    dag = dag or timezone.localdate()
    al = OverzichtVerzonden.objects.filter(dag=dag).values("ontvanger_id")
    mensen = get_user_model().objects.filter(is_active=True).exclude(pk__in=al).order_by("pk")
    verzonden, fout = 0, None
    for user in mensen:
        try:
            verzonden += overzicht_voor(user, dag)
        except OSError as e:  # smtplib's errors are OSErrors
            log.exception("Digest for user %s not sent", user.pk)
            fout = e
    if fout is not None:
        raise fout
    return verzonden


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=300, max_retries=6)
def overzicht_task(dag=None):
    """The daily digest (beat at 07:30 Europe/Amsterdam). Safe to run twice; a retry sends only
    who did not get theirs."""
    import datetime

    return overzicht_versturen(datetime.date.fromisoformat(dag) if dag else None)


# --- the core's own kind -------------------------------------------------------------------------

ALGEMEEN = registreer_soort("algemeen", "Algemene berichten", Kanaal.APP)
