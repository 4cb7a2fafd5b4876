"""The summaries of a contact's themes and signals (``themas_bits``, ``signalen_bits``): kept equal
to the links whichever way they change, so the figures that count them stay right."""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from activiteiten.models import Contactmoment, Signaalsoort
from mba.models import Thema
from rapportage.demo import Lader, lees, synthetische_contactmomenten
from rapportage.kengetallen import Periode, kengetallen

JAAR = Periode.jaar(2021)


@pytest.fixture
def veiligheid(db):
    return Thema.objects.create(naam="Veiligheid", slug="veiligheid", volgorde=2)


@pytest.fixture
def eenzaamheid(db):
    return Signaalsoort.objects.create(naam="Eenzaamheid", slug="eenzaamheid", volgorde=1)


@pytest.fixture
def geldzorgen(db):
    return Signaalsoort.objects.create(naam="Geldzorgen", slug="geldzorgen", volgorde=2)


def contact(wijk, organisatie, datum=datetime.date(2021, 5, 3)):
    return Contactmoment.objects.create(
        datum=datum, organisatie=organisatie, wijk=wijk, kanaal="bic", aanleiding="wijkronde"
    )


def per_thema():
    return kengetallen(JAAR).contactmomenten.per_thema


def signalen():
    s = kengetallen(JAAR).signalen
    return s.per_soort, s.contacten_met_signaal


def uit_links(cm):
    """The summaries as the links say they should be."""
    return (
        sum(1 << b for b in cm.themas.values_list("bit", flat=True)),
        sum(1 << b for b in cm.signalen.values_list("bit", flat=True)),
    )


def opgeslagen(cm):
    return Contactmoment.objects.values_list("themas_bits", "signalen_bits").get(pk=cm.pk)


def test_every_theme_and_kind_of_signal_gets_a_bit_of_its_own(thema, veiligheid, eenzaamheid):
    assert (thema.bit, veiligheid.bit) == (0, 1)
    assert eenzaamheid.bit == 0  # a list of its own
    thema.naam = "Elkaar ontmoeten"
    thema.save()
    thema.refresh_from_db()
    assert thema.bit == 0


def test_a_64th_theme_is_refused_with_a_message(db):
    for i in range(63):
        Thema.objects.create(naam=f"Thema {i}", slug=f"thema-{i}")
    with pytest.raises(ValidationError, match="hoogstens 63 thema's"):
        Thema.objects.create(naam="Thema 63", slug="thema-63")


def test_the_figures_follow_a_contacts_themes_through_set_add_remove_and_clear(
    wijk_a, actium, thema, veiligheid
):
    cm = contact(wijk_a, actium)
    assert per_thema() == {}

    cm.themas.set([thema])
    assert per_thema() == {"ontmoeten": 1}
    cm.themas.add(veiligheid)
    assert per_thema() == {"ontmoeten": 1, "veiligheid": 1}
    cm.themas.remove(thema)
    assert per_thema() == {"veiligheid": 1}
    cm.themas.set([thema])
    assert per_thema() == {"ontmoeten": 1}
    cm.themas.clear()
    assert per_thema() == {}
    assert opgeslagen(cm) == uit_links(cm) == (0, 0)


def test_the_figures_follow_a_contacts_signals(wijk_a, actium, eenzaamheid, geldzorgen):
    cm = contact(wijk_a, actium)
    contact(wijk_a, actium)

    cm.signalen.add(eenzaamheid, geldzorgen)
    assert signalen() == ({"eenzaamheid": 1, "geldzorgen": 1}, 1)
    assert cm.signalen_bits == 0b11  # the instance in memory follows too
    cm.signalen.remove(geldzorgen)
    assert signalen() == ({"eenzaamheid": 1}, 1)
    cm.signalen.clear()
    assert signalen() == ({}, 0)


def test_the_figures_follow_changes_made_from_the_themes_side(wijk_a, actium, thema, veiligheid):
    eerste, tweede, derde = (contact(wijk_a, actium) for _ in range(3))
    eerste.themas.add(veiligheid)

    thema.contactmomenten.add(eerste, tweede, derde)
    assert per_thema() == {"ontmoeten": 3, "veiligheid": 1}
    thema.contactmomenten.remove(tweede)
    assert per_thema() == {"ontmoeten": 2, "veiligheid": 1}
    thema.contactmomenten.set([tweede])
    assert per_thema() == {"ontmoeten": 1, "veiligheid": 1}
    thema.contactmomenten.clear()
    assert per_thema() == {"veiligheid": 1}
    for cm in (eerste, tweede, derde):
        assert opgeslagen(cm) == uit_links(cm)


def test_saving_a_contact_read_earlier_keeps_the_themes_changed_since(
    wijk_a, actium, thema, veiligheid
):
    cm = contact(wijk_a, actium)
    eerder_gelezen = Contactmoment.objects.get(pk=cm.pk)
    cm.themas.set([thema, veiligheid])

    eerder_gelezen.bewoners_bereikt = 4
    eerder_gelezen.save()

    assert per_thema() == {"ontmoeten": 1, "veiligheid": 1}
    assert kengetallen(JAAR).contactmomenten.bewoners_bereikt == 4


def test_a_copy_of_a_contact_starts_without_the_themes_it_has_no_links_for(wijk_a, actium, thema):
    cm = contact(wijk_a, actium)
    cm.themas.set([thema])

    cm.pk = None
    cm.save()

    assert opgeslagen(cm) == uit_links(cm) == (0, 0)
    assert per_thema() == {"ontmoeten": 1}


def test_a_deleted_theme_takes_its_bit_along_so_a_new_theme_starts_from_zero(
    wijk_a, actium, thema, veiligheid
):
    cm = contact(wijk_a, actium)
    cm.themas.set([thema, veiligheid])
    vrij = thema.bit

    thema.delete()
    nieuw = Thema.objects.create(naam="Groen", slug="groen")

    assert nieuw.bit == vrij
    assert per_thema() == {"veiligheid": 1}
    assert opgeslagen(cm) == uit_links(cm)


def test_links_written_around_the_managers_are_repaired_by_samenvatting_bijwerken(
    wijk_a, actium, thema, veiligheid, eenzaamheid
):
    momenten = [contact(wijk_a, actium) for _ in range(3)]
    Contactmoment.themas.through.objects.bulk_create(
        Contactmoment.themas.through(contactmoment=m, thema=t)
        for m in momenten
        for t in (thema, veiligheid)
    )
    Contactmoment.signalen.through.objects.create(
        contactmoment=momenten[0], signaalsoort=eenzaamheid
    )
    assert per_thema() == {}  # bulk_create sends no m2m_changed

    Contactmoment.objects.filter(pk__in=[m.pk for m in momenten]).samenvatting_bijwerken()

    assert per_thema() == {"ontmoeten": 3, "veiligheid": 3}
    assert signalen() == ({"eenzaamheid": 1}, 1)
    for m in momenten:
        assert opgeslagen(m) == uit_links(m)


def test_the_demo_generator_writes_the_summaries_of_its_links(db):
    Lader(lees(settings.BASE_DIR / "data" / "mba-2021.toml")).laad()
    synthetische_contactmomenten(400, batch=150)

    momenten = Contactmoment.objects.prefetch_related("themas", "signalen")
    assert len(momenten) == 400
    for cm in momenten:
        themas = sum(t.masker for t in cm.themas.all())
        signalen_ = sum(s.masker for s in cm.signalen.all())
        assert (cm.themas_bits, cm.signalen_bits) == (themas, signalen_), cm.pk
    assert any(cm.signalen_bits for cm in momenten)
    assert sum(d.year == 2021 for d in momenten.values_list("datum", flat=True)) == 80
