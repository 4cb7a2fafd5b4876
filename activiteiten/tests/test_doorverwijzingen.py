"""Warm handover: a referral from a contact moment reaches the receiving organisation's inbox,
is answered there, and the answer comes back to the writer. Rights per persona, the model's
rules, overdue at the due date's edges, the history, the query count, the migration."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from activiteiten.doorverwijzing import (
    ANTWOORD_NODIG,
    COLLEGA_ANDERE_ORGANISATIE,
    TERMIJN_VOOR_VERSTUURD,
    open_voor,
    te_laat_voor,
    uit_contactmoment,
)
from activiteiten.models import Contactmoment, Doorverwijzing, DoorverwijzingWijziging
from conftest import maak_medewerker
from mba.models import Organisatie
from mba.tests import webfabriek as f

NIEUW = "/contactmomenten/nieuw/"
INBOX = "/doorverwijzingen/"
AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")


@pytest.fixture(autouse=True)
def juni_2021(time_machine):
    time_machine.move_to(datetime.datetime(2021, 6, 15, 10, 0, tzinfo=AMS))


@pytest.fixture
def ggd(db):
    return Organisatie.objects.create(naam="GGD Drenthe", slug="ggd", soort="zorg")


@pytest.fixture
def gemeente_medewerker(gemeente, wijk_a):
    """A third organisation, in the same wijkteam as the sender."""
    return maak_medewerker("gemeente-a", "medewerker", gemeente, [wijk_a])


def als(client, user):
    client.force_login(user)
    return client


def verwijs(medewerker, wijk, naar, **velden):
    contact = f.contact(
        medewerker,
        wijk,
        datum=datetime.date(2021, 6, 15),
        doorverwezen_naar=naar,
        vervolg_nodig=True,
        **velden,
    )
    return uit_contactmoment(contact, medewerker)


def test_the_contact_form_s_referral_becomes_a_record_with_its_reason_and_due_date(
    client, medewerker_a, wijk_a, vaart, thema
):
    eenzaam = f.signaal()
    als(client, medewerker_a)
    client.post(
        NIEUW,
        {
            "formtoken": f.formtoken(),
            "datum": "2021-06-15",
            "wijk": wijk_a.pk,
            "kanaal": "aan_de_deur",
            "aanleiding": "wijkronde",
            "soort": "individueel",
            "bewoners_bereikt": "1",
            "themas": [thema.pk],
            "signalen": [eenzaam.pk],
            "doorverwezen_naar": vaart.pk,
        },
    )
    contact = Contactmoment.objects.get()
    d = Doorverwijzing.objects.get()
    assert (d.contactmoment, d.van_medewerker, d.van_organisatie, d.naar_organisatie) == (
        contact,
        medewerker_a,
        medewerker_a.organisatie,
        vaart,
    )
    assert d.status == "verstuurd" and d.uiterlijk_op == datetime.date(2021, 6, 29)
    assert list(d.themas.all()) == [thema] and list(d.signalen.all()) == [eenzaam]
    assert [(w.van_status, w.naar_status, w.door) for w in d.wijzigingen.all()] == [
        ("", "verstuurd", medewerker_a)
    ]
    assert contact.doorverwezen_naar == vaart  # still there for the API scope and the counts


def test_vaart_answers_in_its_inbox_and_the_writer_reads_the_answer_at_home(
    client, medewerker_a, medewerker_b, wijk_a
):
    d = verwijs(medewerker_a, wijk_a, medewerker_b.organisatie)
    als(client, medewerker_b)
    inbox = client.get(INBOX)
    assert [r.pk for r in inbox.context["rijen"]] == [d.pk]
    assert client.get(f"{INBOX}?tab=uitgaand").context["rijen"] == []

    pagina = f"{INBOX}{d.pk}/"
    assert client.post(pagina, {"status": "ontvangen"}).status_code == 302
    response = client.post(
        pagina, {"status": "afgerond", "antwoord": "Opgepakt door het buurtteam."}
    )
    assert response.status_code == 302
    d.refresh_from_db()
    assert (d.status, d.antwoord, d.beantwoord_op) == (
        "afgerond",
        "Opgepakt door het buurtteam.",
        datetime.date(2021, 6, 15),
    )
    assert [(w.naar_status, w.door) for w in d.wijzigingen.all()] == [
        ("verstuurd", medewerker_a),
        ("ontvangen", medewerker_b),
        ("afgerond", medewerker_b),
    ]

    als(client, medewerker_a)
    home = client.get("/")
    assert [a.pk for a in home.context["doorverwijzing_antwoorden"]] == [d.pk]
    assert "Opgepakt door het buurtteam." in home.content.decode()
    detail = client.get(pagina)
    assert "Opgepakt door het buurtteam." in detail.content.decode()
    assert detail.context["form"] is None  # the sender reads; Vaart answers
    assert client.post(pagina, {"status": "afgerond", "antwoord": "x"}).status_code == 403


def test_a_third_organisation_sees_nothing_of_it(
    client, medewerker_a, medewerker_b, gemeente_medewerker, stuurgroep, wijk_a
):
    d = verwijs(medewerker_a, wijk_a, medewerker_b.organisatie)
    for user in (gemeente_medewerker, stuurgroep):
        als(client, user)
        assert client.get(f"{INBOX}{d.pk}/").status_code == 404
        assert client.post(f"{INBOX}{d.pk}/", {"status": "ontvangen"}).status_code == 404
    als(client, gemeente_medewerker)
    for tab in ("inkomend", "uitgaand", "te_laat"):
        assert client.get(f"{INBOX}?tab={tab}").context["rijen"] == []
    d.refresh_from_db()
    assert d.status == "verstuurd"


def test_the_coordinator_sees_every_referral_and_may_answer(
    client, coordinator, medewerker_a, medewerker_b, wijk_a
):
    d = verwijs(medewerker_a, wijk_a, medewerker_b.organisatie)
    als(client, coordinator)
    assert client.get(f"{INBOX}{d.pk}/").context["form"] is not None
    client.post(f"{INBOX}{d.pk}/", {"status": "niet_opgepakt", "antwoord": "Geen capaciteit."})
    d.refresh_from_db()
    assert d.status == "niet_opgepakt"


def test_the_writer_records_the_outcome_for_an_organisation_without_accounts(
    client, medewerker_a, wijk_a, ggd
):
    d = verwijs(medewerker_a, wijk_a, ggd)
    assert d.uiterlijk_op == datetime.date(2021, 6, 25)  # zorg: ten days
    als(client, medewerker_a)
    assert "zonder MBA-account" in client.get(f"{INBOX}{d.pk}/").content.decode()
    client.post(f"{INBOX}{d.pk}/", {"status": "afgerond", "antwoord": "GGD belt zelf terug."})
    d.refresh_from_db()
    assert d.status == "afgerond"


def test_closing_without_an_answer_is_refused_with_a_dutch_message_and_changes_nothing(
    client, medewerker_a, medewerker_b, wijk_a
):
    d = verwijs(medewerker_a, wijk_a, medewerker_b.organisatie)
    als(client, medewerker_b)
    response = client.post(f"{INBOX}{d.pk}/", {"status": "afgerond", "antwoord": ""})
    assert response.status_code == 200
    assert escape(ANTWOORD_NODIG) in response.content.decode()
    response = client.post(
        f"{INBOX}{d.pk}/", {"status": "afgerond", "antwoord": "Gebeld met 0612345678"}
    )
    assert response.status_code == 200
    d.refresh_from_db()
    assert d.status == "verstuurd" and d.antwoord == ""
    assert d.wijzigingen.count() == 1


def test_the_model_s_rules(medewerker_a, medewerker_b, wijk_a, gemeente_medewerker, vaart):
    d = verwijs(medewerker_a, wijk_a, vaart)
    d.zet_status("in_behandeling", medewerker_b)
    with pytest.raises(ValidationError) as fout:
        d.zet_status("ontvangen", medewerker_b)  # no way back
    assert "Van 'In behandeling' kan een doorverwijzing niet naar 'Ontvangen'." in str(fout.value)

    d = Doorverwijzing.objects.get(pk=d.pk)
    d.naar_medewerker = gemeente_medewerker
    d.uiterlijk_op = datetime.date(2021, 6, 1)
    with pytest.raises(ValidationError) as fout:
        d.full_clean()
    assert fout.value.message_dict["naar_medewerker"] == [COLLEGA_ANDERE_ORGANISATIE]
    assert TERMIJN_VOOR_VERSTUURD in fout.value.message_dict["uiterlijk_op"][0]
    d.naar_medewerker = medewerker_b
    d.uiterlijk_op = datetime.date(2021, 6, 20)
    d.full_clean()


def test_the_history_cannot_be_changed_or_deleted(medewerker_a, wijk_a, vaart):
    d = verwijs(medewerker_a, wijk_a, vaart)
    w = d.wijzigingen.get()
    with pytest.raises(ValidationError):
        w.save()
    with pytest.raises(ValidationError):
        DoorverwijzingWijziging.objects.update(naar_status="afgerond")
    with pytest.raises(ValidationError):
        DoorverwijzingWijziging.objects.all().delete()
    assert DoorverwijzingWijziging.objects.get().naar_status == "verstuurd"


@pytest.mark.parametrize(
    ("moment", "te_laat"),
    [
        (datetime.datetime(2021, 6, 29, 23, 59, tzinfo=AMS), False),  # the due date itself
        (datetime.datetime(2021, 6, 30, 0, 1, tzinfo=AMS), True),  # 22:01 UTC on the 29th
    ],
)
def test_overdue_starts_the_day_after_the_due_date_in_amsterdam(
    client, time_machine, medewerker_a, medewerker_b, wijk_a, moment, te_laat
):
    d = verwijs(medewerker_a, wijk_a, medewerker_b.organisatie)
    assert d.uiterlijk_op == datetime.date(2021, 6, 29)
    time_machine.move_to(moment)
    verwacht = [d.pk] if te_laat else []
    for user in (medewerker_a, medewerker_b):
        assert [x.pk for x in te_laat_voor(user)] == verwacht
        als(client, user)
        assert [x.pk for x in client.get(f"{INBOX}?tab=te_laat").context["rijen"]] == verwacht
    d.zet_status("afgerond", medewerker_b, "Geregeld.")
    assert list(te_laat_voor(medewerker_b)) == []


def test_open_for_is_what_my_organisation_must_still_answer(
    medewerker_a, medewerker_b, wijk_a, ggd
):
    open_ = verwijs(medewerker_a, wijk_a, medewerker_b.organisatie)
    klaar = verwijs(medewerker_a, wijk_a, medewerker_b.organisatie)
    klaar.zet_status("afgerond", medewerker_b, "Geregeld.")
    verwijs(medewerker_a, wijk_a, ggd)
    assert [d.pk for d in open_voor(medewerker_b)] == [open_.pk]
    assert list(open_voor(medewerker_a)) == []


def test_the_inbox_runs_the_same_queries_with_3_or_30_referrals(
    client, medewerker_a, medewerker_b, wijk_a, ggd
):
    def verwijzingen(n):
        for i in range(n):
            verwijs(medewerker_a, wijk_a, medewerker_b.organisatie if i % 2 else ggd)

    def queries(user, tab):
        als(client, user)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"{INBOX}?tab={tab}").status_code == 200
        return len(ctx.captured_queries)

    verwijzingen(3)
    klein = {
        (u, t): queries(u, t)
        for u in (medewerker_a, medewerker_b)
        for t in ("inkomend", "uitgaand", "te_laat")
    }
    verwijzingen(27)
    groot = {
        (u, t): queries(u, t)
        for u in (medewerker_a, medewerker_b)
        for t in ("inkomend", "uitgaand", "te_laat")
    }
    assert groot == klein


# serialized_rollback: see activiteiten/tests/test_projectkanaal.py
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_turns_existing_referrals_into_records(medewerker_a, wijk_a, vaart, thema):
    executor = MigrationExecutor(connection)
    voor = [("activiteiten", "0014_index_project_onbenoemd")]
    executor.migrate(voor)
    try:
        oud = executor.loader.project_state(voor).apps.get_model("activiteiten", "Contactmoment")
        velden = {
            "datum": datetime.date(2021, 6, 1),
            "organisatie_id": medewerker_a.organisatie_id,
            "medewerker_id": medewerker_a.pk,
            "wijk_id": wijk_a.pk,
            "kanaal": "bic",
            "aanleiding": "wijkronde",
            "bewoners_bereikt": 1,
        }
        open_ = oud.objects.create(doorverwezen_naar_id=vaart.pk, vervolg_nodig=True, **velden)
        open_.themas.add(thema.pk)
        klaar = oud.objects.create(
            doorverwezen_naar_id=vaart.pk,
            vervolg_nodig=True,
            vervolg_afgerond_op=datetime.date(2021, 6, 8),
            **velden,
        )
        oud.objects.create(**velden)  # no referral
    finally:
        executor = MigrationExecutor(connection)
        state = executor.migrate(executor.loader.graph.leaf_nodes())
        emit_post_migrate_signal(0, False, connection.alias, apps=state.apps, plan=[])

    rijen = {d.contactmoment_id: d for d in Doorverwijzing.objects.all()}
    assert set(rijen) == {open_.pk, klaar.pk}
    assert (rijen[open_.pk].status, rijen[open_.pk].uiterlijk_op) == (
        "verstuurd",
        datetime.date(2021, 6, 15),
    )
    assert list(rijen[open_.pk].themas.all()) == [thema]
    assert (rijen[klaar.pk].status, rijen[klaar.pk].beantwoord_op) == (
        "afgerond",
        datetime.date(2021, 6, 8),
    )
    assert rijen[klaar.pk].antwoord
    assert DoorverwijzingWijziging.objects.count() == 2


def test_the_receiver_is_told_at_once_and_the_writer_when_it_is_answered(
    client,
    medewerker_a,
    medewerker_b,
    gemeente_medewerker,
    wijk_a,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    """mba.meldingen: a new referral tells the receiving organisation's medewerkers (in the app
    and by mail, the default), each status it gets tells the writer in the app; a third
    organisation hears nothing. Neither says more than who, what and a link."""
    from mba.meldingen import Melding

    medewerker_b.email = "b@vaart.example"
    medewerker_b.save()
    with django_capture_on_commit_callbacks(execute=True):  # the mail leaves after the commit
        d = verwijs(medewerker_a, wijk_a, medewerker_b.organisatie)
    pagina = f"{INBOX}{d.pk}/"
    bij_vaart = Melding.objects.get(ontvanger=medewerker_b)
    assert (bij_vaart.soort, bij_vaart.url) == ("doorverwijzing_nieuw", pagina)
    assert bij_vaart.tekst == "Nieuwe doorverwijzing van Actium, uiterlijk 29-6-2021"  # 14 days
    assert [m.to for m in mailoutbox] == [["b@vaart.example"]]
    assert not Melding.objects.filter(ontvanger__in=[medewerker_a, gemeente_medewerker])

    als(client, medewerker_b)
    client.post(pagina, {"status": "afgerond", "antwoord": "Opgepakt door het buurtteam."})
    bij_actium = Melding.objects.get(ontvanger=medewerker_a)
    assert bij_actium.tekst == "Vaart Welzijn: uw doorverwijzing is nu 'Afgerond'"
    assert "buurtteam" not in bij_actium.tekst  # the answer itself is read on the page
    assert not Melding.objects.filter(ontvanger=gemeente_medewerker)


def test_overdue_referrals_reach_the_daily_digest_of_both_sides(
    medewerker_a, medewerker_b, gemeente_medewerker, wijk_a
):
    from activiteiten.meldingen import te_late_doorverwijzingen

    d = verwijs(medewerker_a, wijk_a, medewerker_b.organisatie)
    op_tijd, te_laat = d.uiterlijk_op, d.uiterlijk_op + datetime.timedelta(days=1)
    for user in (medewerker_a, medewerker_b, gemeente_medewerker):
        assert te_late_doorverwijzingen(user, op_tijd) == []
    for user in (medewerker_a, medewerker_b):
        [item] = te_late_doorverwijzingen(user, te_laat)
        assert item.url == f"{INBOX}{d.pk}/"
        assert "Actium naar Vaart Welzijn" in item.tekst
    assert te_late_doorverwijzingen(gemeente_medewerker, te_laat) == []
