"""/api/v1/contactmomenten/: the non-personal fields, the filters, and cursor paging."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from activiteiten.models import Contactmoment

pytestmark = pytest.mark.django_db

URL = "/api/v1/contactmomenten/"


def ids(response):
    assert response.status_code == 200, response.content
    return [r["id"] for r in response.json()["resultaten"]]


def test_it_shows_a_contact_moment_without_note_or_staff_member(api, wereld):
    cm = Contactmoment.objects.filter(wijk__slug="lariks").order_by("pk").first()
    data = api.get(f"{URL}{cm.pk}/").json()
    assert data == {
        "id": cm.pk,
        "datum": cm.datum.isoformat(),
        "datum_precisie": "dag",
        "wijk": "lariks",
        "buurt": cm.buurt_id,
        "kanaal": "aan_de_deur",
        "aanleiding": "wijkronde",
        "soort": "individueel",
        "themas": ["ontmoeten", "veiligheid"],
        "signalen": ["eenzaamheid"],
        "organisatie": "actium",
        "doorverwezen_naar": "vaart-welzijn",
        "bewoners_bereikt": 1,
        "vervolg_nodig": True,
        "vervolg_afgerond_op": None,
        "fysiek_project": cm.fysiek_project_id,
        "activiteit": cm.activiteit_id,
        "gewijzigd_op": timezone.localtime(cm.gewijzigd_op).isoformat(),
    }


def test_a_renamed_theme_or_a_new_one_shows_at_once(api, wereld):
    from mba.models import Organisatie, Thema

    cm = Contactmoment.objects.filter(wijk__slug="lariks").order_by("pk").first()
    assert api.get(f"{URL}{cm.pk}/").json()["themas"] == ["ontmoeten", "veiligheid"]
    Thema.objects.filter(slug="veiligheid").update(slug="zz-veiligheid")  # around the model
    nieuw = Thema.objects.create(naam="Armoede", slug="armoede")
    cm.themas.add(nieuw)
    Organisatie.objects.filter(slug="actium").first().save()  # any save of a list empties it
    data = api.get(f"{URL}{cm.pk}/").json()
    assert data["themas"] == ["armoede", "ontmoeten", "zz-veiligheid"]


def test_the_list_has_the_same_rows_as_the_detail(api, wereld):
    lijst = api.get(URL).json()["resultaten"]
    assert len(lijst) == 3
    for rij in lijst:
        assert api.get(f"{URL}{rij['id']}/").json() == rij


@pytest.mark.parametrize(
    "query, verwacht",
    [
        ("wijk=lariks", "lariks"),
        ("wijk=peelo", "peelo"),
        ("jaar=2021", "lariks"),
        ("jaar=2020", "peelo"),
        ("datum_van=2021-01-01&datum_tot=2021-12-31", "lariks"),
        ("datum_tot=2020-12-31", "peelo"),
        ("thema=veiligheid", "lariks"),
        ("organisatie=actium", "lariks"),
        ("organisatie=vaart-welzijn", "peelo"),
        ("doorverwezen_naar=actium", "peelo"),
        ("thema=ontmoeten&wijk=peelo", "peelo"),
    ],
)
def test_it_filters(api, wereld, query, verwacht):
    alle = {
        w: set(Contactmoment.objects.filter(wijk__slug=w).values_list("pk", flat=True))
        for w in ("lariks", "peelo")
    }
    assert set(ids(api.get(f"{URL}?{query}"))) == alle[verwacht]


def test_it_filters_on_buurt_signal_channel_follow_up_project_and_activity(api, wereld):
    cm = Contactmoment.objects.filter(wijk__slug="peelo").get()
    assert ids(api.get(f"{URL}?buurt={cm.buurt_id}")) == [cm.pk]
    assert ids(api.get(f"{URL}?fysiek_project={cm.fysiek_project_id}")) == [cm.pk]
    assert ids(api.get(f"{URL}?activiteit={cm.activiteit_id}")) == [cm.pk]
    assert len(ids(api.get(f"{URL}?signaal=eenzaamheid"))) == 3
    assert ids(api.get(f"{URL}?kanaal=bic")) == []
    assert ids(api.get(f"{URL}?soort=collectief")) == []
    Contactmoment.objects.filter(pk=cm.pk).update(vervolg_afgerond_op=cm.datum)
    assert ids(api.get(f"{URL}?vervolg_afgerond=true")) == [cm.pk]
    assert cm.pk not in ids(api.get(f"{URL}?vervolg_afgerond=false"))
    assert len(ids(api.get(f"{URL}?vervolg_nodig=true"))) == 3


def test_gewijzigd_sinds_gives_only_what_changed(api, wereld):
    oud = timezone.now() - datetime.timedelta(days=30)
    Contactmoment.objects.update(gewijzigd_op=oud)
    nieuw = Contactmoment.objects.order_by("pk").last()
    nieuw.bewoners_bereikt = 3
    nieuw.save()
    sinds = (oud + datetime.timedelta(days=1)).isoformat()
    response = api.get(URL, {"gewijzigd_sinds": sinds, "sortering": "gewijzigd_op"})
    assert ids(response) == [nieuw.pk]
    assert len(ids(api.get(URL, {"gewijzigd_sinds": "2000-01-01T00:00:00Z"}))) == 3
    # Any offset that ISO 8601 allows, also beyond what PostgreSQL takes.
    verre_zone = (oud + datetime.timedelta(days=1)).astimezone(
        datetime.timezone(datetime.timedelta(hours=23, minutes=54))
    )
    assert ids(api.get(URL, {"gewijzigd_sinds": verre_zone.isoformat()})) == [nieuw.pk]


def test_a_contact_whose_theme_changed_counts_as_changed(api, wereld, veiligheid):
    oud = timezone.now() - datetime.timedelta(days=30)
    Contactmoment.objects.update(gewijzigd_op=oud)
    sinds = (oud + datetime.timedelta(days=1)).isoformat()
    assert ids(api.get(URL, {"gewijzigd_sinds": sinds})) == []
    cm = Contactmoment.objects.filter(wijk__slug="peelo").get()
    cm.themas.add(veiligheid)
    assert ids(api.get(URL, {"gewijzigd_sinds": sinds})) == [cm.pk]
    assert "veiligheid" in api.get(f"{URL}{cm.pk}/").json()["themas"]


def alle_paginas(api, url, sleutel="volgende"):
    paginas = []
    while url:
        data = api.get(url).json()
        paginas.append([r["id"] for r in data["resultaten"]])
        url = data[sleutel]
    return paginas


@pytest.mark.parametrize(
    "sortering, sorteer",
    [
        ("id", lambda c: c.pk),
        ("-id", lambda c: -c.pk),
        ("datum", lambda c: (c.datum, c.pk)),
        ("-datum", lambda c: (-c.datum.toordinal(), -c.pk)),
        ("gewijzigd_op", lambda c: (c.gewijzigd_op, c.pk)),
    ],
)
def test_cursor_pages_walk_every_row_once_forwards_and_back(api, wereld, sortering, sorteer):
    # Same dates and change times on several rows: the cursor must still split them right.
    Contactmoment.objects.filter(pk__in=Contactmoment.objects.order_by("pk")[:2]).update(
        datum=datetime.date(2021, 5, 1), gewijzigd_op=timezone.now()
    )
    verwacht = [c.pk for c in sorted(Contactmoment.objects.all(), key=sorteer)]
    vooruit = alle_paginas(api, f"{URL}?aantal=2&sortering={sortering}")
    assert vooruit == [verwacht[:2], verwacht[2:]]

    laatste = api.get(f"{URL}?aantal=2&sortering={sortering}").json()["volgende"]
    achteruit = alle_paginas(api, laatste, "vorige")
    assert achteruit == [verwacht[2:], verwacht[:2]]


def test_the_first_page_has_no_previous_and_the_last_no_next(api, wereld):
    data = api.get(URL, {"aantal": 100}).json()
    assert data["vorige"] is None and data["volgende"] is None


def test_a_cursor_keeps_the_filters(api, wereld):
    data = api.get(URL, {"wijk": "lariks", "aantal": 1}).json()
    assert "wijk=lariks" in data["volgende"]
    tweede = api.get(data["volgende"]).json()
    assert tweede["volgende"] is None
    assert len(tweede["resultaten"]) == 1


def test_a_cursor_without_the_filters_of_its_first_page_is_refused(api, wereld):
    # A data engineer's generated client passes on only the cursor of 'volgende': the rows
    # would be every wijk's from there on. It is a 400 that says why, never other rows.
    lariks = sorted(Contactmoment.objects.filter(wijk__slug="lariks").values_list("pk", flat=True))
    data = api.get(URL, {"wijk": "lariks", "aantal": 1}).json()
    cursor = parse_qs(urlsplit(data["volgende"]).query)["cursor"][0]

    response = api.get(URL, {"cursor": cursor, "aantal": 1})
    assert response.status_code == 400, response.content
    assert "andere filters" in response.json()["parameters"]["cursor"][0]
    for andere in ({"wijk": "peelo"}, {"wijk": "lariks", "thema": "ontmoeten"}):
        assert api.get(URL, {**andere, "cursor": cursor}).status_code == 400
    # Another ordering than the cursor's is refused too; the default spelled out is the same.
    assert api.get(URL, {"wijk": "lariks", "sortering": "-id", "cursor": cursor}).status_code == 400
    tweede = api.get(URL, {"wijk": "lariks", "sortering": "id", "cursor": cursor, "aantal": 5})
    assert ids(tweede) == lariks[1:]


def test_the_whole_link_given_as_the_cursor_is_followed(api, wereld):
    # The cursor's description once said "take the link", and a client put the whole link in
    # 'cursor': that gave a 400. The link counts as the cursor in it.
    lariks = sorted(Contactmoment.objects.filter(wijk__slug="lariks").values_list("pk", flat=True))
    data = api.get(URL, {"wijk": "lariks", "aantal": 1, "sortering": "gewijzigd_op"}).json()
    gevolgd = api.get(
        URL, {"wijk": "lariks", "sortering": "gewijzigd_op", "cursor": data["volgende"]}
    )
    assert ids(gevolgd) == [p for p in lariks if p not in ids_van(data)]
    zonder_filters = api.get(URL, {"sortering": "gewijzigd_op", "cursor": data["volgende"]})
    assert zonder_filters.status_code == 400


def ids_van(data):
    return [r["id"] for r in data["resultaten"]]


def test_a_sync_after_one_change_to_many_contacts_gets_each_of_them_once(api, wereld):
    # One UPDATE (a migration, a theme cleared from every contact) gives 1,200 contact moments
    # the same gewijzigd_op. A cursor of that moment and an offset into the rows sharing it
    # (DRF's CursorPagination, capped at 1,000) would repeat a page for ever; the cursor holds
    # (gewijzigd_op, id), so a partner's sync walks on.
    voorbeeld = Contactmoment.objects.order_by("pk").first()
    Contactmoment.objects.bulk_create(
        Contactmoment(
            datum=voorbeeld.datum,
            wijk_id=voorbeeld.wijk_id,
            organisatie_id=voorbeeld.organisatie_id,
            kanaal=voorbeeld.kanaal,
            aanleiding=voorbeeld.aanleiding,
        )
        for _ in range(1_200)
    )
    moment = timezone.now()
    Contactmoment.objects.update(gewijzigd_op=moment)
    url = f"{URL}?aantal=100&sortering=gewijzigd_op&gewijzigd_sinds={moment.isoformat()}"
    url = url.replace("+", "%2B")
    gezien = []
    for _ in range(20):  # 13 pages hold them all
        data = api.get(url).json()
        gezien += [r["id"] for r in data["resultaten"]]
        url = data["volgende"]
        if not url:
            break
    assert gezien == sorted(Contactmoment.objects.values_list("pk", flat=True))
