"""Shared fixtures: a small, fixed world of two wijken and the programme's personas."""

import datetime

import pytest
from django.contrib.auth.models import Group

from mba.models import Medewerker, Organisatie, Thema
from wijken.models import Buurt, Wijk


@pytest.fixture
def gemeente(db):
    return Organisatie.objects.create(
        naam="Gemeente Assen", slug="gemeente-assen", soort="gemeente", kernpartner=True
    )


@pytest.fixture
def actium(db):
    return Organisatie.objects.create(
        naam="Actium", slug="actium", soort="woningcorporatie", kernpartner=True
    )


@pytest.fixture
def vaart(db):
    return Organisatie.objects.create(
        naam="Vaart Welzijn", slug="vaart-welzijn", soort="welzijn", kernpartner=True
    )


@pytest.fixture
def wijk_a(db):
    return Wijk.objects.create(naam="Lariks", slug="lariks", volgorde=1, inzet="extra")


@pytest.fixture
def wijk_b(db):
    return Wijk.objects.create(naam="Peelo", slug="peelo", volgorde=8, inzet="basis")


@pytest.fixture
def buurt_a(wijk_a):
    return Buurt.objects.create(wijk=wijk_a, naam="Molukse wijk", slug="molukse-wijk")


@pytest.fixture
def buurt_b(wijk_b):
    return Buurt.objects.create(wijk=wijk_b, naam="Peelo-Noord", slug="peelo-noord")


@pytest.fixture
def thema(db):
    return Thema.objects.create(naam="Ontmoeten", slug="ontmoeten")


def maak_medewerker(username, rol, organisatie, wijken=()):
    user = Medewerker.objects.create_user(
        username=username, password="Een-lang-wachtwoord-2021", organisatie=organisatie
    )
    user.groups.add(Group.objects.get(name=rol))
    for wijk in wijken:
        wijk.teamleden.add(user)
    return user


@pytest.fixture
def coordinator(gemeente):
    user = maak_medewerker("coordinator", "coordinator", gemeente)
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def medewerker_a(actium, wijk_a):
    return maak_medewerker("medewerker-a", "medewerker", actium, [wijk_a])


@pytest.fixture
def medewerker_b(vaart, wijk_b):
    return maak_medewerker("medewerker-b", "medewerker", vaart, [wijk_b])


@pytest.fixture
def stuurgroep(gemeente):
    return maak_medewerker("stuurgroep", "stuurgroep", gemeente)


@pytest.fixture
def vandaag():
    return datetime.date(2021, 6, 15)


@pytest.fixture(autouse=True)
def snelle_wachtwoorden(settings):
    """Hashing with PBKDF2's many rounds is what keeps passwords safe, and it makes tests slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path_factory):
    """Uploads and the demo's photos go to a folder of the test run, never into the working
    tree's media/ (tests that need an empty folder of their own use the ``media`` fixture)."""
    settings.MEDIA_ROOT = tmp_path_factory.getbasetemp() / "media"


@pytest.fixture(autouse=True)
def _live_server_one_request_at_a_time(request, monkeypatch):
    """pytest-django's live server handles each request in a thread of its own, and with
    SQLite's in-memory test database every thread shares ONE connection: two requests at once
    (a page and its service worker, test_browser_offline.py) can read each other's rows. Here the
    live server's requests take turns; in production every thread has its own connection."""
    if "live_server" not in request.fixturenames:
        return
    import threading

    from django.core.handlers.wsgi import WSGIHandler

    beurt = threading.Lock()
    eigen = WSGIHandler.__call__

    def om_de_beurt(self, environ, start_response):
        with beurt:
            return eigen(self, environ, start_response)

    monkeypatch.setattr(WSGIHandler, "__call__", om_de_beurt)
