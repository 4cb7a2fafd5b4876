from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mba import audit, rechten
from wijken.models import Prioriteit

from .forms import (
    HoofdstukForm,
    NieuweRapportageForm,
    PrioriteittoelichtingForm,
    RapportageForm,
    VoorbeeldKeuzeFormSet,
)
from .gereedheid import aantal_open, open_punten
from .models import (
    Hoofdstuk,
    Jaarrapportage,
    PdfOpdracht,
    Prioriteittoelichting,
    RapportVoorbeeld,
    Voorbeeld,
)
from .rapport import (
    JaarBestaatAl,
    OpenPuntenNietBevestigd,
    WachtrijOnbereikbaar,
    pdf_aanvragen,
    rapport_html,
    rapportage_publiceren,
    rapportage_starten,
)


def _get_rapportage_for_user(user, jaar):
    """Coordinator and stuurgroep read the report; for anyone else it is a 403."""
    rechten.vereis_rapportage(user)
    return get_object_or_404(Jaarrapportage, jaar=jaar)


def _vereis_coordinator(user):
    if not rechten.is_coordinator(user):
        raise PermissionDenied("Alleen de coördinator bewerkt en publiceert de jaarrapportage.")


def _overzicht(request, nieuw_form=None, status=200):
    rapportages = Jaarrapportage.objects.all()
    mag_bewerken = rechten.is_coordinator(request.user)
    if mag_bewerken and nieuw_form is None:
        laatste = max((r.jaar for r in rapportages), default=timezone.localdate().year - 1)
        nieuw_form = NieuweRapportageForm(initial={"jaar": laatste + 1})
    return render(
        request,
        "rapportage/overzicht.html",
        {
            "rapportages": rapportages,
            "mag_bewerken": mag_bewerken,
            "nieuw_form": nieuw_form if mag_bewerken else None,
        },
        status=status,
    )


@login_required
def overzicht(request):
    rechten.vereis_rapportage(request.user)
    return _overzicht(request)


@login_required
@require_POST
def starten(request):
    """The coordinator starts the report of a new year, with the structure of the last one."""
    _vereis_coordinator(request.user)
    form = NieuweRapportageForm(request.POST)
    if form.is_valid():
        jaar = form.cleaned_data["jaar"]
        try:
            rapportage = rapportage_starten(jaar, form.cleaned_data["teksten_overnemen"])
        except JaarBestaatAl:
            form.add_error("jaar", f"De jaarrapportage {jaar} bestaat al.")
        else:
            audit.vastleggen(request, audit.Actie.AANGEMAAKT, rapportage)
            messages.success(
                request,
                f"De jaarrapportage {jaar} is gestart met de hoofdstukken van het vorige jaar. "
                "Schrijf de teksten en kies de voorbeelden.",
            )
            return redirect("rapportage:bewerken", jaar=jaar)
    messages.error(request, "De nieuwe jaarrapportage is niet gestart: verbeter het jaar.")
    return _overzicht(request, form, status=400)


@login_required
def rapport(request, jaar):
    rapportage = _get_rapportage_for_user(request.user, jaar)
    html = rapport_html(rapportage)
    if not rapportage.gepubliceerd and rechten.is_coordinator(request.user):
        # the edit link is the only per-user part; the published page is served as stored
        html = html.replace(
            "<!--bewerken-->",
            f'<a href="/rapportage/{jaar}/bewerken/">Bewerken en publiceren</a>',
            1,
        )
    return _zonder_cache(HttpResponse(html))


def _zonder_cache(response):
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def pdf(request, jaar):
    rapportage = _get_rapportage_for_user(request.user, jaar)
    try:
        opdracht = pdf_aanvragen(rapportage)
    except WachtrijOnbereikbaar:
        response = render(
            request,
            "rapportage/pdf_status.html",
            {
                "rapportage": rapportage,
                "fout": "De PDF kan nu niet worden gemaakt: de wachtrij is niet bereikbaar. "
                "Probeer het over een paar minuten opnieuw; de HTML-versie werkt wel.",
            },
            status=503,
        )
        response["Retry-After"] = "120"
        return response
    if opdracht.status == PdfOpdracht.Status.KLAAR:
        audit.vastleggen(request, audit.Actie.GEDOWNLOAD, rapportage)
        return _zonder_cache(
            FileResponse(
                opdracht.bestand.open("rb"),
                as_attachment=True,
                filename=f"jaarrapportage-mijn-buurt-assen-{jaar}.pdf",
                content_type="application/pdf",
            )
        )
    return redirect("rapportage:pdf_status", jaar=jaar, opdracht_id=opdracht.pk)


@login_required
def pdf_status(request, jaar, opdracht_id):
    rapportage = _get_rapportage_for_user(request.user, jaar)
    opdracht = get_object_or_404(PdfOpdracht, pk=opdracht_id, rapportage=rapportage)
    return render(
        request,
        "rapportage/pdf_status.html",
        {"rapportage": rapportage, "opdracht": opdracht, "fout": opdracht.fout},
    )


@login_required
def bewerken(request, jaar):
    rapportage = _get_rapportage_for_user(request.user, jaar)
    _vereis_coordinator(request.user)
    if rapportage.gepubliceerd:
        raise PermissionDenied(
            "Deze jaarrapportage is gepubliceerd en kan niet meer worden gewijzigd."
        )
    hoofdstukken = {h.sleutel: h for h in rapportage.hoofdstukken.all()}
    for sleutel, label in Hoofdstuk.Sleutel.choices:
        hoofdstukken.setdefault(
            sleutel, Hoofdstuk(rapportage=rapportage, sleutel=sleutel, titel=label)
        )
    gekozen = {
        rv.voorbeeld_id: rv.volgorde
        for rv in RapportVoorbeeld.objects.filter(rapportage=rapportage)
    }
    voorbeelden = list(Voorbeeld.objects.filter(jaar=jaar).select_related("wijk"))
    voorbeelden.sort(
        key=lambda v: (
            v.pk not in gekozen,
            gekozen.get(v.pk, 0),
            v.wijk.volgorde if v.wijk else 99,
            v.pk,
        )
    )
    beginwaarden = [
        {"voorbeeld": v.pk, "opnemen": v.pk in gekozen, "volgorde": gekozen.get(v.pk, (i + 1) * 10)}
        for i, v in enumerate(voorbeelden)
    ]
    data = request.POST if request.method == "POST" else None
    form = RapportageForm(data, instance=rapportage)
    hoofdstuk_forms = [
        (hoofdstukken[s], HoofdstukForm(data, instance=hoofdstukken[s], prefix=s))
        for s, _ in Hoofdstuk.Sleutel.choices
    ]
    keuzes = VoorbeeldKeuzeFormSet(data, initial=beginwaarden, prefix="voorbeelden")
    toelichting_forms = _toelichting_forms(rapportage, data)
    if request.method == "POST":
        geldig = (
            form.is_valid()
            & keuzes.is_valid()
            & all([f.is_valid() for _, f in hoofdstuk_forms])
            & all([f.is_valid() for f in toelichting_forms])
        )
        bekend = {v.pk for v in voorbeelden}
        if geldig and all(k.cleaned_data["voorbeeld"] in bekend for k in keuzes):
            with transaction.atomic():
                form.save()
                for _, f in hoofdstuk_forms:
                    f.save()
                for f in toelichting_forms:
                    f.opslaan()
                RapportVoorbeeld.objects.filter(rapportage=rapportage).delete()
                RapportVoorbeeld.objects.bulk_create(
                    RapportVoorbeeld(
                        rapportage=rapportage,
                        voorbeeld_id=k.cleaned_data["voorbeeld"],
                        volgorde=k.cleaned_data["volgorde"],
                    )
                    for k in keuzes
                    if k.cleaned_data["opnemen"]
                )
            messages.success(request, "De jaarrapportage is opgeslagen.")
            return redirect("rapportage:bewerken", jaar=jaar)
        messages.error(request, "Niet opgeslagen: verbeter de gemarkeerde velden.")
    per_pk = {v.pk: v for v in voorbeelden}
    return render(
        request,
        "rapportage/bewerken.html",
        {
            "rapportage": rapportage,
            "form": form,
            "hoofdstuk_forms": hoofdstuk_forms,
            "keuzes": [
                (k, per_pk.get(k["voorbeeld"].value() and int(k["voorbeeld"].value())))
                for k in keuzes
            ],
            "keuzes_formset": keuzes,
            "toelichtingen": _per_wijk(toelichting_forms),
        },
    )


def _toelichting_forms(rapportage, data):
    """A form for the team's explanation of each priority of the year, in the report's order."""
    bestaand = {t.prioriteit_id: t for t in rapportage.prioriteittoelichtingen.all()}
    prioriteiten = (
        Prioriteit.objects.geldig_in(rapportage.jaar)
        .select_related("wijk")
        .order_by("wijk__volgorde", "volgorde", "pk")
    )
    return [
        PrioriteittoelichtingForm(
            data,
            instance=bestaand.get(p.pk)
            or Prioriteittoelichting(rapportage=rapportage, prioriteit=p),
            prefix=f"prioriteit-{p.pk}",
            prioriteit=p,
        )
        for p in prioriteiten
    ]


def _per_wijk(forms):
    """[(wijk, [form])], the wijken in order."""
    groepen = []
    for f in forms:
        wijk = f.prioriteit.wijk
        if not groepen or groepen[-1][0] != wijk:
            groepen.append((wijk, []))
        groepen[-1][1].append(f)
    return groepen


def _gereed(request, rapportage, status=200):
    punten = open_punten(rapportage)
    return render(
        request,
        "rapportage/gereed.html",
        {
            "rapportage": rapportage,
            "controles": punten,
            "aantal_open": aantal_open(punten),
            "mag_publiceren": rechten.is_coordinator(request.user) and not rapportage.gepubliceerd,
        },
        status=status,
    )


@login_required
def gereed(request, jaar):
    """What the year's report still lacks before the steering group gets it, each with a link
    to fix it; the coordinator publishes from here. The stuurgroep may read it too."""
    rapportage = _get_rapportage_for_user(request.user, jaar)
    return _zonder_cache(_gereed(request, rapportage))


def _bevestigd(request):
    """The number of open points the coordinator confirmed (0: none)."""
    try:
        return max(int(request.POST.get("open_punten_bevestigd") or 0), 0)
    except ValueError:
        return 0


@login_required
@require_POST
def publiceren(request, jaar):
    """Only the coordinator publishes; with open points, only after confirming their number
    (the rule is ``rapportage_publiceren``'s: the beheer and the API cannot skip it)."""
    rapportage = _get_rapportage_for_user(request.user, jaar)
    _vereis_coordinator(request.user)
    if rapportage.gepubliceerd:
        raise PermissionDenied("Deze jaarrapportage is al gepubliceerd.")
    try:
        rapportage_publiceren(rapportage, open_punten_bevestigd=_bevestigd(request))
    except OpenPuntenNietBevestigd as e:
        messages.error(request, f"Niet gepubliceerd. {e.message}")
        return _zonder_cache(_gereed(request, rapportage, status=400))
    except WachtrijOnbereikbaar:
        messages.warning(
            request,
            "De rapportage is gepubliceerd; de PDF wordt gemaakt zodra de wachtrij weer "
            "bereikbaar is.",
        )
    else:
        messages.success(request, f"De jaarrapportage {jaar} is gepubliceerd en bevroren.")
    return redirect("rapportage:rapport", jaar=jaar)
