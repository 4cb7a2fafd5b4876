"""The one check of personal data in free text (mba.persoonsgegevens), against a corpus of
personal data written every way staff and outsiders write it and of ordinary MBA notes."""

import pathlib
import tomllib

import pytest
from django.core.exceptions import ValidationError

from mba.persoonsgegevens import normaliseer, vind
from mba.validators import geen_persoonsgegevens, geen_persoonsgegevens_behalve_adres

CORPUS = tomllib.loads(
    (pathlib.Path(__file__).parent / "persoonsgegevens_corpus.toml").read_text(encoding="utf-8")
)
DREMPEL = 0.97


def test_the_corpus_is_large_enough_to_mean_something():
    assert len(CORPUS["persoonsgegevens"]) >= 150
    assert len(CORPUS["gewoon"]) >= 80
    assert len(set(CORPUS["persoonsgegevens"])) == len(CORPUS["persoonsgegevens"])
    assert len(set(CORPUS["gewoon"])) == len(CORPUS["gewoon"])


def test_personal_data_is_refused_and_ordinary_notes_pass(capsys):
    gemist = [t for t in CORPUS["persoonsgegevens"] if not vind(t)]
    onterecht = [(t, [v.soort for v in vind(t)]) for t in CORPUS["gewoon"] if vind(t)]
    geweigerd = 1 - len(gemist) / len(CORPUS["persoonsgegevens"])
    toegelaten = 1 - len(onterecht) / len(CORPUS["gewoon"])
    with capsys.disabled():
        print(
            f"\npersoonsgegevens geweigerd: {geweigerd:.1%} van {len(CORPUS['persoonsgegevens'])}"
            f"; gewone notities toegelaten: {toegelaten:.1%} van {len(CORPUS['gewoon'])}"
        )
        for t in gemist:
            print(f"  gemist: {t!r}")
        for t, soorten in onterecht:
            print(f"  onterecht geweigerd ({', '.join(soorten)}): {t!r}")
    assert geweigerd >= DREMPEL, gemist
    assert toegelaten >= DREMPEL, onterecht


@pytest.mark.parametrize(
    "tekst, soort",
    [
        ("Bel haar op 06\u200b12345678", "telefoon"),  # a zero-width space inside the number
        ("06\u201112345678", "telefoon"),  # a non-breaking hyphen
        ("\u0660\u0666\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668", "telefoon"),
        ("jan\uff20example.nl", "email"),  # a full-width @
        ("jan [at] example [punt] nl", "email"),
        ("Stationsstraat12", "adres"),
        ("9401-AB", "postcode"),
        ("123 456 782", "bsn"),
        ("mevrouw De Vries", "naam"),
    ],
)
def test_the_kind_found(tekst, soort):
    assert [v.soort for v in vind(tekst)] == [soort]


def test_the_message_names_the_kind_masks_the_value_and_suggests_what_to_write():
    with pytest.raises(ValidationError) as e:
        geen_persoonsgegevens("Mevr. bij Kerkstraat 12 wil teruggebeld worden op 06-12345678")
    bericht = e.value.messages[0]
    assert "een telefoonnummer (06…78)" in bericht
    assert "een adres (Kerkstraat …)" in bericht
    assert "12345678" not in bericht and "Kerkstraat 12" not in bericht
    assert "bewoner van de Kerkstraat" in bericht
    assert e.value.code == "persoonsgegevens"


def test_a_meeting_places_address_may_hold_its_street_but_no_phone():
    geen_persoonsgegevens_behalve_adres("Componistenlaan 2, 9402 HA Assen")
    with pytest.raises(ValidationError):
        geen_persoonsgegevens_behalve_adres("Componistenlaan 2, beheerder 06-12345678")


def test_normalising_makes_every_way_of_writing_the_same():
    assert normaliseer("\uff10\uff16\u2011\u0661\u200b2\u00a0%40") == "06-12 @"
