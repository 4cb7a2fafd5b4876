"""Factories for the staff app's view tests: deterministic records in the personas' wijken."""

import datetime
import uuid

from activiteiten.models import Activiteit, Contactmoment, Signaalsoort
from initiatieven.models import Bewonersinitiatief, Ondersteuningsvorm
from wijken.models import FysiekProject

DATUM = datetime.date(2021, 5, 3)
INITIATIEFNEMER = ("Henk Bewonersma", "henk.bewonersma@example.org", "0612345678")


def signaal(naam="Eenzaamheid"):
    return Signaalsoort.objects.get_or_create(naam=naam, slug=naam.lower())[0]


def ondersteuning(slug="geld", naam="Geld"):
    return Ondersteuningsvorm.objects.get_or_create(slug=slug, defaults={"naam": naam})[0]


def contact(medewerker, wijk, datum=DATUM, **velden):
    velden.setdefault("kanaal", "aan_de_deur")
    velden.setdefault("aanleiding", "wijkronde")
    themas = velden.pop("themas", ())
    signalen = velden.pop("signalen", ())
    c = Contactmoment.objects.create(
        datum=datum,
        medewerker=medewerker,
        organisatie=medewerker.organisatie,
        wijk=wijk,
        **velden,
    )
    c.themas.set(themas)
    c.signalen.set(signalen)
    return c


def contacten(aantal, medewerker, wijk, **velden):
    return [contact(medewerker, wijk, **velden) for _ in range(aantal)]


def initiatief(wijk, titel="Speeltuin opknappen", status="aangevraagd", door=None, **velden):
    velden.setdefault("aangevraagd_op", datetime.date(2021, 3, 1))
    naam, email, telefoon = INITIATIEFNEMER
    velden.setdefault("initiatiefnemer_naam", naam)
    velden.setdefault("initiatiefnemer_email", email)
    velden.setdefault("initiatiefnemer_telefoon", telefoon)
    ini = Bewonersinitiatief(wijk=wijk, titel=titel, **velden)
    ini.save(gewijzigd_door=door)
    if status != "aangevraagd":
        ini.huishoudens_gevraagd = ini.huishoudens_gevraagd or 20
        ini.huishoudens_voor = ini.huishoudens_voor if ini.huishoudens_voor is not None else 15
        ini.status = "draagvlak_gemeten"
        ini.save(gewijzigd_door=door)
        if status != "draagvlak_gemeten":
            ini.status = status
            ini.save(gewijzigd_door=door)
    return ini


def activiteit(wijk, naam="Soep op de stoep", start=datetime.date(2021, 6, 1), **velden):
    return Activiteit.objects.create(naam=naam, wijk=wijk, start=start, **velden)


def project(wijk, eigenaar, naam="Sloop flats Thorbeckelaan", **velden):
    velden.setdefault("soort", "sloop")
    return FysiekProject.objects.create(naam=naam, wijk=wijk, eigenaar=eigenaar, **velden)


def formtoken():
    return str(uuid.uuid4())
