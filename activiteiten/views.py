import itertools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from initiatieven.models import Bewonersinitiatief
from mba import audit, rechten
from mba.forms import eenmalig, sla_eenmalig_op
from mba.lijsten import api_kolommen, lijst
from mba.models import Medewerker, Organisatie, Thema
from mba.wijzigingen import PROGRAMMA, bewaard
from wijken.models import Buurt, FysiekProject, Locatie, Wijk

from . import tellingen
from .api import met_slugs
from .doorverwijzing import uit_contactmoment
from .filters import ActiviteitLijstFilter, ContactmomentLijstFilter
from .forms import ActiviteitForm, ContactmomentForm, KerncijferFormSet, standaardwaarden
from .models import Activiteit, Contactmoment, Signaalsoort
from .serializers import CONTACTMOMENT_KOLOMMEN, ActiviteitSerializer, ContactmomentSerializer

# --- contact moments --------------------------------------------------------------------------


def _contactmomenten(user):
    return (
        Contactmoment.objects.zichtbaar_voor(user)
        .select_related("wijk", "buurt", "organisatie", "medewerker", "doorverwezen_naar")
        .prefetch_related("themas", "signalen")
    )


def _haal_contactmoment(user, pk):
    """The contact moment if the user may see it, else 404. Another team's contact moment is
    a 404 too, and a refusal in the audit trail (``rechten.NietZichtbaar``)."""
    Contactmoment.objects.vereis_toegang(user, pk)
    try:
        return _contactmomenten(user).get(pk=pk)
    except Contactmoment.DoesNotExist:
        if Contactmoment.objects.filter(pk=pk).exists():
            raise rechten.NietZichtbaar(
                "Dit contactmoment bestaat niet of u mag het niet zien.", model=Contactmoment, pk=pk
            ) from None
        raise Http404("Dit contactmoment bestaat niet of u mag het niet zien.") from None


@login_required
@eenmalig("activiteiten:contactmomenten", "Dit contactmoment was al opgeslagen.")
def contactmoment_nieuw(request):
    rechten.vereis_rol(request.user)
    if not rechten.mag_contactmoment_loggen(request.user):
        raise PermissionDenied("Uw rol legt geen contactmomenten vast.")
    data = request.POST or None
    # the defaults (my last channel, my team's wijk) only for the form shown, not for a save
    initial = {} if data else standaardwaarden(request.user, rechten.team_wijk_ids(request.user))
    form = ContactmomentForm(data, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():

        def opslaan():
            contact = form.save()  # with its themes and signals: one recount (maak_met_links)
            uit_contactmoment(contact, request.user)  # the referral as a record of its own
            audit.vastleggen(request, audit.Actie.AANGEMAAKT, contact)
            return contact

        contact = sla_eenmalig_op(  # one transaction: the contact, the audit row, the token
            request.user,
            form.cleaned_data["formtoken"],
            opslaan,
            lambda c: reverse("activiteiten:contactmoment", args=[c.pk]),
        )
        tekst = f"Contactmoment van {contact.datum:%-d-%-m-%Y} in {contact.wijk} is opgeslagen."
        if contact.vervolg_nodig:
            tekst += " Het vervolg staat op uw startpagina."
        messages.success(request, tekst)
        if "nog_een" in request.POST:
            return redirect("activiteiten:contactmoment_nieuw")
        return redirect("activiteiten:contactmoment", contact.pk)
    return render(request, "activiteiten/contactmoment_form.html", {"form": form, "nieuw": True})


@login_required
def contactmoment(request, pk):
    contact = _haal_contactmoment(request.user, pk)
    response = render(
        request,
        "activiteiten/contactmoment.html",
        {"contact": contact, "mag_bewerken": contact.mag_bewerken(request.user)},
    )
    audit.vastleggen(request, audit.Actie.BEKEKEN, contact)
    return response


@login_required
def contactmoment_bewerken(request, pk):
    contact = _haal_contactmoment(request.user, pk)
    rechten.vereis_bewerken(request.user, contact)
    form = ContactmomentForm(request.POST or None, instance=contact, user=request.user)
    if request.method == "POST" and form.is_valid():
        with tellingen.samen():  # one transaction, and each touched cell recounted once
            form.save()
            uit_contactmoment(contact, request.user)
            audit.vastleggen(request, audit.Actie.GEWIJZIGD, contact)
        messages.success(request, "De wijzigingen zijn opgeslagen.")
        return redirect("activiteiten:contactmoment", contact.pk)
    response = render(
        request,
        "activiteiten/contactmoment_form.html",
        {"form": form, "nieuw": False, "contact": contact},
    )
    audit.vastleggen(request, audit.Actie.BEKEKEN, contact)
    return response


@login_required
@require_POST
def vervolg_afronden(request, pk):
    contact = _haal_contactmoment(request.user, pk)
    rechten.vereis_bewerken(request.user, contact)
    if not contact.vervolg_nodig:
        raise Http404("Dit contactmoment heeft geen vervolg.")
    if contact.vervolg_afgerond_op is None:
        with transaction.atomic():
            contact.vervolg_afgerond_op = max(timezone.localdate(), contact.datum)
            contact.save(update_fields=["vervolg_afgerond_op", "gewijzigd_op"])
            audit.vastleggen(request, audit.Actie.GEWIJZIGD, contact)
        messages.success(request, f"Het vervolg van {contact} is afgerond.")
    volgende = request.POST.get("volgende", "")
    if volgende.startswith("/") and not volgende.startswith("//"):
        return redirect(volgende)
    return redirect("activiteiten:contactmoment", contact.pk)


def contactmoment_export(user):
    """The API's row of a contact moment (``ContactmomentSerializer``, read as the API reads it,
    with every signal), readable, plus the personal data for who may export it."""
    persoonsgegevens = rechten.mag_persoonsgegevens_exporteren(user)

    def export(qs):
        kolommen, leesbaar = api_kolommen(
            ContactmomentSerializer(),
            _namen,
            zonder=("datum_precisie",),  # always "dag"
        )
        extra = ("medewerker_id", "notitie") if persoonsgegevens else ()
        if persoonsgegevens:
            kolommen += ["medewerker", "notitie"]
        waarden = qs.select_related(None).prefetch_related(None)
        waarden = waarden.values(*CONTACTMOMENT_KOLOMMEN, *extra).iterator(chunk_size=2000)

        def rijen():
            tz = timezone.get_current_timezone()
            medewerkers = {m.pk: str(m) for m in Medewerker.objects.all()} if extra else {}
            for blok in itertools.batched(waarden, 2000):
                for r in met_slugs(list(blok)):
                    rij = leesbaar(ContactmomentSerializer.rij(r, tz))
                    if persoonsgegevens:
                        rij += [medewerkers.get(r["medewerker_id"], ""), r["notitie"]]
                    yield rij

        return kolommen, rijen(), persoonsgegevens

    return export


def _activiteitnamen():
    """{API field: {slug or id: name}} for the readable cells of the activities' export."""
    return {
        "wijk": {None: "Stedelijk", **dict(Wijk.objects.values_list("slug", "naam"))},
        "buurt": dict(Buurt.objects.values_list("id", "naam")),
        "locatie": {loc.pk: str(loc) for loc in Locatie.objects.all()},
        "organisatoren": dict(Organisatie.objects.values_list("slug", "naam")),
        "themas": dict(Thema.objects.values_list("slug", "naam")),
        "kerncijfers": lambda cijfers: [f"{k['aantal']} {k['omschrijving']}" for k in cijfers],
        "initiatief": dict(Bewonersinitiatief.objects.values_list("id", "titel")),
        "fysiek_project": dict(FysiekProject.objects.values_list("id", "naam")),
    }


def _namen():
    """{API field: {slug or id: name}} for the export's readable cells."""
    organisaties = dict(Organisatie.objects.values_list("slug", "naam"))
    return {
        "wijk": dict(Wijk.objects.values_list("slug", "naam")),
        "buurt": dict(Buurt.objects.values_list("id", "naam")),
        "organisatie": organisaties,
        "doorverwezen_naar": organisaties,
        "themas": dict(Thema.objects.values_list("slug", "naam")),
        "signalen": dict(Signaalsoort.objects.values_list("slug", "naam")),
        "fysiek_project": dict(FysiekProject.objects.values_list("id", "naam")),
        "activiteit": dict(Activiteit.objects.values_list("id", "naam")),
    }


# What a row of the contact list shows; the names come from memory (``_rijnamen``).
LIJST_KOLOMMEN = (
    "datum",
    "wijk_id",
    "buurt_id",
    "kanaal",
    "organisatie_id",
    "themas_bits",
    "signalen_bits",
    "vervolg_nodig",
    "vervolg_afgerond_op",
    "doorverwezen_naar_id",
)


def _rijnamen(rijen):
    """The link (``pad``) and the names a row of the contact list shows (``wijk_naam``,
    ``buurt_naam``, ``organisatie_naam``, ``doorverwezen_naam``, ``thema_namen``,
    ``signaal_namen``), from lists
    read once per change of the programme: the page's query joins nothing (the planner took
    longer over the four joins than the database over the rows) and reads no links. Themes and
    signals come from the bit masks the model keeps equal to the links (docs/adr/0002)."""
    namen = namen_per_rij()
    wijken, buurten, organisaties = namen["wijken"], namen["buurten"], namen["organisaties"]
    # A contact's page is below the list (activiteiten/urls.py): one reverse() for the page
    # instead of one per row (a third of the rows' rendering).
    lijst = reverse("activiteiten:contactmomenten")
    for c in rijen:
        c.pad = f"{lijst}{c.pk}/"
        c.wijk_naam = wijken[c.wijk_id]
        c.buurt_naam = buurten.get(c.buurt_id, "")
        c.organisatie_naam = organisaties[c.organisatie_id]
        c.doorverwezen_naam = organisaties.get(c.doorverwezen_naar_id, "")
        c.thema_namen = [n for bit, n in namen["themas"] if c.themas_bits >> bit & 1]
        c.signaal_namen = [n for bit, n in namen["signalen"] if c.signalen_bits >> bit & 1]


def namen_per_rij():
    """The names of wijken, buurten and organisations by id, and of themes and signals by bit,
    read once per change of the programme (the lists' rows and the wijk page's timeline)."""
    return bewaard("namen-per-rij", _namen_per_rij, [PROGRAMMA])


def _namen_per_rij():
    return {
        "wijken": dict(Wijk.objects.values_list("id", "naam")),
        "buurten": dict(Buurt.objects.values_list("id", "naam")),
        "organisaties": dict(Organisatie.objects.values_list("id", "naam")),
        "themas": list(Thema.objects.order_by("volgorde", "naam").values_list("bit", "naam")),
        "signalen": list(
            Signaalsoort.objects.order_by("volgorde", "naam").values_list("bit", "naam")
        ),
    }


@login_required
def contactmomenten(request):
    Contactmoment.objects.vereis_toegang(request.user)
    filterset = ContactmomentLijstFilter(
        request.GET,
        # what a row shows; the export reads its own columns
        queryset=Contactmoment.objects.zichtbaar_voor(request.user).only(*LIJST_KOLOMMEN),
        request=request,
    )
    return lijst(
        request,
        filterset,
        "activiteiten/contactmomenten.html",
        {"mag_loggen": rechten.mag_contactmoment_loggen(request.user)},
        export=contactmoment_export(request.user),
        lijstnaam="contactmomenten",
        auditeren=True,
        bij_rijen=_rijnamen,
    )


# --- activities -------------------------------------------------------------------------------


def _activiteiten():
    return Activiteit.objects.select_related("wijk", "buurt", "locatie").prefetch_related(
        "themas", "organisatoren"
    )


def _activiteitrijnamen(rijen):
    """The names a row of the activities list shows (``wijk_naam``, ``buurt_naam``), as
    ``_rijnamen`` does for contacts: the page's query joins nothing."""
    namen = namen_per_rij()
    for a in rijen:
        a.wijk_naam = namen["wijken"].get(a.wijk_id, "")
        a.buurt_naam = namen["buurten"].get(a.buurt_id, "")


@login_required
def activiteiten(request):
    rechten.vereis_rol(request.user)
    filterset = ActiviteitLijstFilter(
        request.GET,
        # what a row shows; the export reads the rest
        queryset=Activiteit.objects.only(
            "naam", "start", "eind", "wijk_id", "buurt_id", "status", "deelnemers"
        ),
        request=request,
    )

    def export(qs):
        # The API's row of an activity (ActiviteitSerializer), readable.
        kolommen, leesbaar = api_kolommen(ActiviteitSerializer(), _activiteitnamen)
        qs = qs.defer(None).select_related("wijk", "buurt", "locatie")
        qs = qs.prefetch_related("themas", "organisatoren", "kerncijfers")
        rijen = (leesbaar(ActiviteitSerializer(a).data) for a in qs.iterator(chunk_size=2000))
        return kolommen, rijen, False

    return lijst(
        request,
        filterset,
        "activiteiten/activiteiten.html",
        {"mag_aanmaken": rechten.mag_aanmaken(request.user)},
        export=export,
        lijstnaam="activiteiten",
        bij_rijen=_activiteitrijnamen,
    )


@login_required
def activiteit(request, pk):
    rechten.vereis_rol(request.user)
    act = get_object_or_404(
        _activiteiten()
        .select_related("initiatief", "fysiek_project")
        .prefetch_related("kerncijfers"),
        pk=pk,
    )
    contacten = None
    if rechten.mag_contactmomenten_zien(request.user):
        contacten = list(
            act.contactmomenten.zichtbaar_voor(request.user)
            .select_related("wijk", "organisatie")
            .prefetch_related(Prefetch("signalen"))[:50]
        )
        if contacten:
            audit.vastleggen(
                request, audit.Actie.BEKEKEN, objecttype=audit.CONTACTMOMENT, aantal=len(contacten)
            )
    return render(
        request,
        "activiteiten/activiteit.html",
        {
            "activiteit": act,
            "contacten": contacten,
            "aantal_contacten": act.contactmomenten.count(),
            "mag_bewerken": act.mag_bewerken(request.user),
        },
    )


def _activiteit_form(request, act):
    user = request.user
    form = ActiviteitForm(
        request.POST or None,
        instance=act,
        wijken=Wijk.objects.bewerkbaar_voor(user),
        stedelijk_toegestaan=rechten.mag_stedelijk_bewerken(user),
    )
    formset = KerncijferFormSet(request.POST or None, instance=act, prefix="kerncijfers")
    if request.method == "POST" and form.is_valid() and formset.is_valid():

        def opslaan():
            obj = form.save()
            formset.instance = obj
            formset.save()
            return obj

        if act.pk is None:
            obj = sla_eenmalig_op(
                user,
                form.cleaned_data["formtoken"],
                opslaan,
                lambda a: reverse("activiteiten:activiteit", args=[a.pk]),
            )
        else:
            with transaction.atomic():
                obj = opslaan()
        messages.success(request, f"De activiteit '{obj}' is opgeslagen.")
        return redirect("activiteiten:activiteit", obj.pk)
    return render(
        request,
        "activiteiten/activiteit_form.html",
        {"form": form, "formset": formset, "activiteit": act},
    )


@login_required
@eenmalig("activiteiten:activiteiten", "Deze activiteit was al opgeslagen.")
def activiteit_nieuw(request):
    rechten.vereis_aanmaken(request.user)
    act = Activiteit()
    initiatief = request.GET.get("initiatief")
    if initiatief and initiatief.isdigit():
        act.initiatief_id = int(initiatief)
    return _activiteit_form(request, act)


@login_required
def activiteit_bewerken(request, pk):
    rechten.vereis_rol(request.user)
    act = get_object_or_404(Activiteit, pk=pk)
    rechten.vereis_bewerken(request.user, act)
    return _activiteit_form(request, act)
