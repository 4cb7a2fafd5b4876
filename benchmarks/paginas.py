"""Benchmark: every staff page against the floor page, with its number of queries.

Measures, in one process, through Django's test ``Client`` logged in (the whole stack:
middleware, session, rights, queries, templates), on the demo with N synthetic contact moments:

- the floor: a logged-in page that does almost nothing (``base.html`` with one line; the
  benchmark's own view, beside the app's URLs);
- every staff page: home for each role (medewerker, coordinator, stuurgroep), the contact form
  (GET, and POST: a real save with one theme, one signal and a fresh one-time form token),
  the contact list, a contact, the initiatives and an initiative, the activities and an
  activity, the projects, the wijk page;
- the baseline of the save: a plain Django ``ModelForm`` of ``Contactmoment`` with the same
  fields, posted to the benchmark's own view and saved the plain way (``Model.save`` and
  ``save_m2m`` without the app's counting: ``Contactmoment.save``'s recount and the
  ``m2m_changed`` receiver that keeps the bit masks are bypassed), in one transaction.

Pages take turns run by run, so that a busy moment on the machine hits all of them alike; the
table gives medians, the ratio to the floor (the save: to the plain form save) and the queries
of one request (``CaptureQueriesContext``). The pages with figures keep them in the cache until
the data changes (``mba.wijzigingen``; on here, one process): a second set of runs without saves
in between gives them from the cache. Goals (issue 12): every page ≤ 5× the floor and ≤ 12
queries, constant as rows grow; the save ≤ 3× the plain save and ≤ 12 queries. Run it on two
sizes to see the query counts stay put::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mba_bench \\
        .venv/bin/python benchmarks/paginas.py --laden --rijen 1000000

``--laden`` migrates and runs ``manage.py demo --geen-gebruikers --volume N`` first (once is
enough: the demo adds only what is missing). The benchmark makes its own staff members (one of
each role, ``bench-*``) and removes the contact moments its POSTs saved.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mba.settings")

import django  # noqa: E402

django.setup()

from django import forms  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth.decorators import login_required  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, models, transaction  # noqa: E402
from django.db.models.signals import m2m_changed  # noqa: E402
from django.http import HttpResponse, HttpResponseRedirect  # noqa: E402
from django.shortcuts import render  # noqa: E402
from django.template import engines  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import include, path  # noqa: E402

from activiteiten import models as activiteiten_models  # noqa: E402
from activiteiten.forms import ContactmomentForm  # noqa: E402
from activiteiten.models import Activiteit, Contactmoment, Signaalsoort  # noqa: E402
from activiteiten.vraagstuk import CollectiefVraagstuk  # noqa: E402
from benchmarks.formulier import Formulier  # noqa: E402
from benchmarks.gemeen import maak_database, machine  # noqa: E402
from initiatieven.models import Bewonersinitiatief  # noqa: E402
from mba.models import Medewerker, Organisatie, Thema  # noqa: E402
from wijken.models import Prioriteit, Wijk  # noqa: E402

# --- the benchmark's own pages, beside the app's: the floor and the plain form save ------------

VLOER = """{% extends "base.html" %}{% block content %}<p>Vloer.</p>{% endblock %}"""


@login_required
def vloer(request):
    """A logged-in page that does almost nothing: the app's base template around one line."""
    return HttpResponse(engines["django"].from_string(VLOER).render({}, request))


class GewoonFormulier(forms.ModelForm):
    """Django's ModelForm of the same model and fields as the app's contact form, nothing
    more."""

    class Meta:
        model = Contactmoment
        fields = ContactmomentForm.Meta.fields


_BITMASKERS = (Contactmoment.themas.through, Contactmoment.signalen.through)


@login_required
def gewoon_opslaan(request):
    """A plain form save: validate, ``Model.save``, ``save_m2m``, redirect; without the app's
    counting (the override of ``Contactmoment.save`` and the links' ``m2m_changed`` receiver)."""
    form = GewoonFormulier(request.POST)
    if not form.is_valid():
        return render(request, "base.html", status=400)
    for sender in _BITMASKERS:
        m2m_changed.disconnect(activiteiten_models._links_gewijzigd, sender=sender)
    try:
        with transaction.atomic():
            contact = form.save(commit=False)
            contact.organisatie_id = request.user.organisatie_id
            contact.medewerker = request.user
            models.Model.save(contact)
            form.save_m2m()
    finally:
        for sender in _BITMASKERS:
            m2m_changed.connect(activiteiten_models._links_gewijzigd, sender=sender)
    return HttpResponseRedirect(f"/contactmomenten/{contact.pk}/")


urlpatterns = [
    path("benchmark/vloer/", vloer),
    path("benchmark/gewoon-opslaan/", gewoon_opslaan),
    path("", include("mba.urls")),
]


# --- the staff members and the records the pages show ---------------------------------------

BENCH = "bench-"
VLOER_NAAM = "floor: logged-in page that does almost nothing"


def medewerkers():
    """One staff member of each role, made when missing: a medewerker of Actium in the teams of
    two wijken (as the demo's), the coordinator, the stuurgroep."""
    uit = {}
    actium = Organisatie.objects.get(slug="actium")
    gemeente = Organisatie.objects.get(slug="gemeente-assen")
    for rol, org, wijken in (
        ("medewerker", actium, ["lariks", "noorderpark"]),
        ("coordinator", gemeente, []),
        ("stuurgroep", gemeente, []),
    ):
        user, _ = Medewerker.objects.get_or_create(
            username=f"{BENCH}{rol}", defaults={"organisatie": org, "first_name": rol}
        )
        user.is_staff = user.is_superuser = rol == "coordinator"
        user.set_unusable_password()
        user.save()
        user.groups.set([Group.objects.get(name=rol)])
        user.wijken.set(Wijk.objects.filter(slug__in=wijken))
        uit[rol] = user
    return uit


def meet(functies, runs, opwarmen=3):
    """Median milliseconds of each function, taking turns run by run."""
    for functie in functies:
        for _ in range(opwarmen):
            functie()
    tijden = [[] for _ in functies]
    for _ in range(runs):
        for functie, lijst in zip(functies, tijden, strict=True):
            begin = time.perf_counter()
            functie()
            lijst.append((time.perf_counter() - begin) * 1000)
    return [statistics.median(lijst) for lijst in tijden]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--laden", action="store_true", help="migrate and load the demo first")
    parser.add_argument("--rijen", type=int, default=1_000_000, help="contact moments (--laden)")
    parser.add_argument("--runs", type=int, default=30, help="measured runs per page")
    args = parser.parse_args()

    settings.DEBUG = False  # no query log, no template debugging: as in production
    settings.ROOT_URLCONF = __name__  # the app's URLs and the benchmark's two pages
    # One process: its LocMem cache is the one cache, as CACHE_URL makes it for several.
    settings.MBA_VERSIECACHE = True
    if args.laden:
        maak_database()
        begin = time.perf_counter()
        call_command("migrate", verbosity=0)
        call_command("demo", "--geen-gebruikers", "--volume", str(args.rijen))
        if connection.vendor == "postgresql":  # the planner's statistics, as autovacuum would
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        print(f"geladen in {time.perf_counter() - begin:.0f} s")

    users = medewerkers()
    clients = {}
    for rol, user in users.items():
        clients[rol] = Client()
        clients[rol].force_login(user)
    mw = clients["medewerker"]
    lariks = Wijk.objects.get(slug="lariks")
    contact = Contactmoment.objects.filter(wijk=lariks).order_by("-datum", "-pk").first()
    team = users["medewerker"].wijken.all()
    initiatief = Bewonersinitiatief.objects.filter(wijk__in=team).order_by("pk").first()
    activiteit = Activiteit.objects.filter(wijk__in=team).order_by("-start", "pk").first()
    vraagstuk = CollectiefVraagstuk.objects.filter(wijk__in=team).order_by("pk").first()
    # issue 13's pages: a priority of Lariks with indicators (the demo's), the readiness list
    prioriteit = (
        Prioriteit.objects.filter(wijk=lariks, indicatoren__isnull=False).order_by("pk").first()
        or Prioriteit.objects.filter(wijk=lariks).order_by("pk").first()
    )
    thema = Thema.objects.filter(actief=True).order_by("volgorde", "naam").first()
    signaal = Signaalsoort.objects.filter(actief=True).order_by("volgorde", "naam").first()
    al_bestaand = Contactmoment.objects.order_by("-pk").values_list("pk", flat=True).first()

    # What the contact form's page submits, with one theme and one signal ticked.
    html = mw.get("/contactmomenten/nieuw/").content.decode()
    velden = dict(Formulier(html).velden)
    velden.update(themas=[str(thema.pk)], signalen=[str(signaal.pk)])
    velden.pop("formtoken", None)

    def get(client, url):
        def roep():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return roep

    def post_formulier():
        response = mw.post("/contactmomenten/nieuw/", {**velden, "formtoken": str(uuid.uuid4())})
        assert response.status_code == 302, response.content[:2000]
        return response

    def post_gewoon():
        response = mw.post("/benchmark/gewoon-opslaan/", velden)
        assert response.status_code == 302, response.status_code
        return response

    paginas = {
        VLOER_NAAM: get(mw, "/benchmark/vloer/"),
        "home, medewerker (two wijken)": get(mw, "/"),
        "home, coordinator": get(clients["coordinator"], "/"),
        "home, stuurgroep": get(clients["stuurgroep"], "/"),
        "contact form, GET": get(mw, "/contactmomenten/nieuw/"),
        "contact list": get(mw, "/contactmomenten/"),
        "contact list, coordinator (all)": get(clients["coordinator"], "/contactmomenten/"),
        "contact moment": get(mw, f"/contactmomenten/{contact.pk}/"),
        "initiatives": get(mw, "/initiatieven/"),
        "initiative": get(mw, f"/initiatieven/{initiatief.pk}/"),
        "activities": get(mw, "/activiteiten/"),
        "activity": get(mw, f"/activiteiten/{activiteit.pk}/"),
        "projects": get(mw, "/projecten/"),
        "wijk page (Lariks)": get(mw, "/wijken/lariks/"),
        "priority page (Lariks)": get(mw, f"/wijken/lariks/prioriteiten/{prioriteit.pk}/"),
        "accept proposals (Lariks), coordinator": get(
            clients["coordinator"], "/rapportage/koppelen/lariks/"
        ),
        "readiness list 2021, coordinator": get(clients["coordinator"], "/rapportage/2021/gereed/"),
        "referrals inbox": get(mw, "/doorverwijzingen/"),
        "collective problems": get(mw, "/vraagstukken/"),
        **({"collective problem": get(mw, f"/vraagstukken/{vraagstuk.pk}/")} if vraagstuk else {}),
        "notifications": get(mw, "/meldingen/"),
        "import page, coordinator": get(clients["coordinator"], "/import/"),
        "contact form, POST (save, 1 theme, 1 signal)": post_formulier,
        "baseline: plain ModelForm save, same fields": post_gewoon,
    }

    # Queries of one request each (after one request to warm the caches, as in the runs).
    # The pages with figures (home, wijk page) keep them in the cache until the data changes
    # (mba.wijzigingen). In the runs above a save comes in every round, so they count their
    # figures again each round; a second set of runs, without saves, gives them from the cache.
    met_cijfers = [VLOER_NAAM, *(n for n in paginas if n.startswith(("home", "wijk page")))]

    # Queries of one request each, after one request to warm what is cached; for the pages with
    # figures as in the runs with saves (the first request after a contact saved through the
    # form, in a wijk of the medewerker's team) and as in those without.
    queries, uit_cache = {}, {}
    for naam, roep in paginas.items():
        roep()
        if naam in met_cijfers[1:]:
            with CaptureQueriesContext(connection) as ctx:
                roep()
            uit_cache[naam] = len(ctx.captured_queries)
            post_formulier()
        with CaptureQueriesContext(connection) as ctx:
            roep()
        queries[naam] = len(ctx.captured_queries)

    medianen = dict(zip(paginas, meet(list(paginas.values()), args.runs), strict=True))
    zonder_opslaan = dict(
        zip(met_cijfers, meet([paginas[n] for n in met_cijfers], args.runs), strict=True)
    )

    saved = Contactmoment.objects.filter(pk__gt=al_bestaand or 0, medewerker=users["medewerker"])
    weg = saved.count()
    saved.delete()

    totaal = Contactmoment.objects.count()
    gewoon_ms = medianen["baseline: plain ModelForm save, same fields"]
    print(
        f"\n{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC; {totaal:,} contact moments; "
        f"{machine()}; load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    print(f"median of {args.runs} interleaved runs after 3 warm-up runs ({weg} saves removed)\n")
    print("| page | median (ms) | ratio | queries |")
    print("| --- | ---: | ---: | ---: |")
    for naam, ms in medianen.items():
        if naam.startswith("contact form, POST"):
            ratio = f"{ms / gewoon_ms:.1f}× plain save"
        else:
            ratio = f"{ms / medianen[VLOER_NAAM]:.1f}×"
        if naam in met_cijfers[1:]:
            naam += ", figures counted (a save in every round)"
        print(f"| {naam} | {ms:.1f} | {ratio} | {queries[naam.split(', figures')[0]]} |")
    print(f"\nwithout saves in between: {args.runs} more interleaved runs\n")
    print("| page | median (ms) | ratio | queries |")
    print("| --- | ---: | ---: | ---: |")
    for naam, ms in zonder_opslaan.items():
        ratio = ms / zonder_opslaan[VLOER_NAAM]
        n = uit_cache.get(naam, queries[naam])
        extra = ", figures from the cache" if naam != VLOER_NAAM else ""
        print(f"| {naam}{extra} | {ms:.1f} | {ratio:.1f}× | {n} |")


if __name__ == "__main__":
    main()
