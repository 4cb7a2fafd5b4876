"""The notifications of the person logged in: the list, marking read, and where they reach them
(mba.meldingen). Only one's own: another person's notification does not exist (404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from .meldingen import SOORTEN, Kanaal, Melding, MeldingVoorkeur, voorkeuren_van

PER_PAGINA = 50


@login_required
def meldingen(request):
    qs = Melding.objects.van(request.user).only(
        "soort", "tekst", "url", "aangemaakt_op", "gelezen_op"
    )
    pagina = Paginator(qs, PER_PAGINA).get_page(request.GET.get("pagina"))
    namen = {code: s.naam for code, s in SOORTEN.items()}
    for m in pagina:
        m.soortnaam = namen.get(m.soort, "")
    return render(request, "mba/meldingen.html", {"pagina": pagina})


@login_required
@require_POST
def gelezen(request, pk):
    aantal = (
        Melding.objects.van(request.user)
        .filter(pk=pk)
        .ongelezen()
        .update(gelezen_op=timezone.now())
    )
    if not aantal and not Melding.objects.van(request.user).filter(pk=pk).exists():
        raise Http404("Deze melding bestaat niet.")
    return redirect("meldingen")


@login_required
@require_POST
def alles_gelezen(request):
    aantal = Melding.objects.van(request.user).ongelezen().update(gelezen_op=timezone.now())
    if aantal:
        messages.success(request, f"{aantal} meldingen gemarkeerd als gelezen.")
    return redirect("meldingen")


@login_required
def voorkeuren(request):
    huidig = voorkeuren_van(request.user)
    fouten = {}
    if request.method == "POST":
        gekozen = {}
        for code in SOORTEN:
            waarde = request.POST.get(code, huidig[code])
            if waarde not in Kanaal.values:
                fouten[code] = "Kies in de app, per e-mail, beide of niet."
            gekozen[code] = waarde
        if not fouten:
            with transaction.atomic():
                for code, kanaal in gekozen.items():
                    MeldingVoorkeur.objects.update_or_create(
                        medewerker=request.user, soort=code, defaults={"kanaal": kanaal}
                    )
            messages.success(request, "Je voorkeuren voor meldingen zijn opgeslagen.")
            return redirect("meldingen-voorkeuren")
        huidig = gekozen
    rijen = [
        {
            "code": code,
            "naam": s.naam,
            "kanaal": huidig[code],
            "standaard": Kanaal(s.standaard_kanaal).label,
            "fout": fouten.get(code),
        }
        for code, s in SOORTEN.items()
    ]
    status = 400 if fouten else 200
    return render(
        request,
        "mba/meldingvoorkeuren.html",
        {"rijen": rijen, "kanalen": Kanaal.choices},
        status=status,
    )
