"""Photos of examples: uploaded in the beheer, shown in the HTML report, served only to who may
read the report (mba.media)."""

import io
import re

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from mba.models import Auditregel, Medewerker, Organisatie
from rapportage.models import Jaarrapportage, PdfOpdracht, RapportVoorbeeld, Voorbeeld

from .conftest import publiceren

pytestmark = pytest.mark.django_db

VOORBEELD = "Soep op de stoep"


def persoon(rol, **extra):
    user = Medewerker.objects.create_user(
        f"{rol}-foto", organisatie=Organisatie.objects.get(slug="gemeente-assen"), **extra
    )
    user.groups.add(Group.objects.get(name=rol))
    return user


def png(kleur=(200, 60, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), kleur).save(buffer, "PNG")
    return buffer.getvalue()


def wijzigformulier(response):
    """What the beheer's change page of an example would post back unchanged, with its
    inlines (the photos)."""
    data = {}
    for veld in response.context["adminform"].form:
        waarde = veld.value()
        if waarde not in (None, False):
            data[veld.html_name] = str(waarde)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for veld in formset.management_form:
            data[veld.html_name] = veld.value()
        for form in formset.forms:
            for veld in form:
                waarde = veld.value()
                if waarde not in (None, False) and veld.name != "bestand":
                    data[veld.html_name] = str(getattr(waarde, "pk", waarde))
    return data


@pytest.fixture
def coordinator(media, demo_2021):  # media first: the demo copies its photos there
    return persoon("coordinator", is_staff=True, is_superuser=True)


@pytest.fixture
def foto_url(client, coordinator):
    """The coordinator uploads a photo of "Soep op de stoep" in the beheer; the URL of the
    photo as the HTML report shows it."""
    voorbeeld = Voorbeeld.objects.get(titel=VOORBEELD)
    assert not voorbeeld.fotos.exists()
    client.force_login(coordinator)
    url = f"/beheer/rapportage/voorbeeld/{voorbeeld.pk}/change/"
    data = wijzigformulier(client.get(url))
    data |= {
        "fotos-TOTAL_FORMS": "1",
        "fotos-0-voorbeeld": str(voorbeeld.pk),
        "fotos-0-bestand": SimpleUploadedFile("soep.png", png(), content_type="image/png"),
        "fotos-0-alt_tekst": "Medewerkers delen soep uit aan de deur",
        "fotos-0-bijschrift": "Soep op de stoep in Lariks",
        "fotos-0-volgorde": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    foto = voorbeeld.fotos.get()

    html = client.get("/rapportage/2021/").text
    srcs = re.findall(r'<img src="([^"]+)" alt="Medewerkers delen soep uit aan de deur"', html)
    assert srcs == [foto.bestand.url]
    client.logout()
    return srcs[0]


@pytest.mark.parametrize("rol", ["coordinator", "stuurgroep"])
def test_a_photo_uploaded_in_the_beheer_shows_in_the_html_report(client, foto_url, rol):
    client.force_login(
        persoon(rol) if rol == "stuurgroep" else Medewerker.objects.get(username="coordinator-foto")
    )
    response = client.get(foto_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png()
    assert response["Content-Type"] == "image/png"
    assert "private" in response["Cache-Control"]


def test_a_medewerker_does_not_get_the_photo_of_a_report_they_cannot_read(client, foto_url):
    client.force_login(persoon("medewerker"))
    assert client.get("/rapportage/2021/").status_code == 403
    response = client.get(foto_url)
    assert response.status_code == 404
    regel = Auditregel.objects.first()
    assert (regel.resultaat, regel.objecttype) == ("geweigerd", "rapportage.voorbeeldfoto")


def test_an_anonymous_visitor_is_sent_to_the_login_page_also_once_the_report_is_published(
    client, foto_url
):
    response = client.get(foto_url)
    assert (response.status_code, response.url) == (302, f"/inloggen/?next={foto_url}")

    # the published report is not public either (a visitor logs in first): its photos follow it
    publiceren(Jaarrapportage.objects.get(jaar=2021))
    assert client.get("/rapportage/2021/").status_code == 302
    response = client.get(foto_url)
    assert (response.status_code, response.url) == (302, f"/inloggen/?next={foto_url}")
    client.force_login(persoon("stuurgroep"))
    assert client.get(foto_url).status_code == 200


def test_the_steering_group_sees_photos_of_chosen_examples_only(client, foto_url):
    RapportVoorbeeld.objects.filter(voorbeeld__titel=VOORBEELD).delete()
    client.force_login(persoon("stuurgroep"))
    assert client.get(foto_url).status_code == 404
    client.force_login(Medewerker.objects.get(username="coordinator-foto"))
    assert client.get(foto_url).status_code == 200  # the beheer still shows it to her


@pytest.mark.parametrize(
    "pad",
    [
        "/media/../mba/settings.py",
        "/media/voorbeelden/../../conftest.py",
        "/media/%2e%2e/%2e%2e/conftest.py",
        "/media//etc/passwd",
        "/media/voorbeelden/./2021/soep.png",
        "/media/voorbeelden\\..\\..\\conftest.py",
    ],
)
def test_a_path_that_climbs_out_or_bends_is_a_404(client, coordinator, pad):
    client.force_login(coordinator)
    response = client.get(pad)
    assert response.status_code == 404


def test_a_file_that_no_record_references_is_a_404_even_on_disk(client, coordinator, media):
    (media / "voorbeelden" / "2021").mkdir(parents=True, exist_ok=True)
    (media / "voorbeelden" / "2021" / "los.png").write_bytes(png())
    client.force_login(coordinator)
    assert client.get("/media/voorbeelden/2021/los.png").status_code == 404


def test_a_pdf_goes_through_its_own_view_not_through_media(client, coordinator, media):
    rapport = Jaarrapportage.objects.get(jaar=2021)
    (media / "rapportages").mkdir(parents=True, exist_ok=True)
    (media / "rapportages" / "oud.pdf").write_bytes(b"%PDF-1.7")
    PdfOpdracht.objects.create(
        rapportage=rapport, html_hash="x", html="", status="klaar", bestand="rapportages/oud.pdf"
    )
    client.force_login(coordinator)
    assert client.get("/media/rapportages/oud.pdf").status_code == 404


def test_behind_nginx_the_app_checks_and_nginx_sends_the_file(client, foto_url, settings):
    settings.MEDIA_X_ACCEL_REDIRECT = "/_media/"
    client.force_login(persoon("stuurgroep"))
    response = client.get(foto_url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/_media/" + foto_url.removeprefix("/media/")
    assert response.content == b""
    assert response["Content-Type"] == "image/png"
    client.logout()
    assert "X-Accel-Redirect" not in client.get(foto_url)


def test_the_demo_examples_carry_our_own_placeholder(client, coordinator):
    fotos = [f for v in Voorbeeld.objects.all() for f in v.fotos.all()]
    assert fotos and {f.bijschrift for f in fotos} == {"Foto volgt (plaatshouder)"}
    client.force_login(persoon("stuurgroep"))
    html = client.get("/rapportage/2021/").text
    for foto in fotos:
        assert f'<img src="{foto.bestand.url}"' in html
        assert client.get(foto.bestand.url).status_code == 200


def test_a_partner_fetches_the_photo_of_a_published_example_through_the_api(client, foto_url):
    """The API lists a published example's photos with an address in the API itself: the
    partner's key opens it (scope voorbeelden); /media/ is for people logged in to the app."""
    from mba.models import ApiSleutel

    actium = Organisatie.objects.get(slug="actium")
    _, sleutel = ApiSleutel.maak(actium, "Website Actium", ["voorbeelden"])
    _, zonder = ApiSleutel.maak(actium, "Cijfers Actium", ["statistieken"])
    kop = {"HTTP_AUTHORIZATION": f"Api-Key {sleutel}"}
    voorbeeld = Voorbeeld.objects.get(titel=VOORBEELD)

    # not published yet: the example is not in the API, nor its photo
    adres = f"/api/v1/voorbeelden/{voorbeeld.pk}/fotos/{voorbeeld.fotos.get().pk}/"
    assert client.get(adres, **kop).status_code == 404

    publiceren(Jaarrapportage.objects.get(jaar=2021))
    rij = client.get(f"/api/v1/voorbeelden/{voorbeeld.pk}/", **kop).json()
    assert rij["fotos"][0]["bestand"] == f"http://testserver{adres}"
    response = client.get(adres, HTTP_ACCEPT="image/*", **kop)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png()
    assert response["Content-Type"] == "image/png"
    assert client.get(adres, HTTP_AUTHORIZATION=f"Api-Key {zonder}").status_code == 403
    assert client.get(adres).status_code in (401, 403)
    andere = f"/api/v1/voorbeelden/{voorbeeld.pk}/fotos/999999/"
    assert client.get(andere, **kop).status_code == 404
