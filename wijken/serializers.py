"""Serializers of the partner API for wijken, buurten, locaties, prioriteiten and projects.

A wijk's team (staff names) is never part of it.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from mba.serializers import GEWIJZIGD_OP, slugs, uitleg

from .models import Buurt, FysiekProject, Indicator, Locatie, Meting, Prioriteit, Wijk


def wijk_slug(**kwargs):
    kwargs.setdefault("help_text", "De wijk (slug, zie /api/v1/wijken/).")
    return serializers.SlugRelatedField(slug_field="slug", read_only=True, **kwargs)


def buurt_id():
    return serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text="De buurt (id, zie /api/v1/buurten/); leeg als onbekend.",
    )


class WijkSerializer(serializers.ModelSerializer):
    buurten = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="De buurten van de wijk (id's)."
    )

    class Meta:
        model = Wijk
        fields = [
            "id",
            "slug",
            "naam",
            "volgorde",
            "inzet",
            "aandeel_kwetsbare_huishoudens",
            "buurten",
            "gewijzigd_op",
        ]
        extra_kwargs = uitleg(
            id="Vast nummer van de wijk.",
            slug="Korte naam; zo verwijzen andere records en filters naar de wijk.",
            naam="Naam van de wijk.",
            volgorde="Volgorde in de jaarrapportage (hoofdstuk 2.1 tot en met 2.9).",
            inzet="Basisinzet of extra inzet van Mijn Buurt Assen.",
            aandeel_kwetsbare_huishoudens="Aandeel kwetsbare huishoudens in procenten.",
            gewijzigd_op=GEWIJZIGD_OP,
        )


class BuurtSerializer(serializers.ModelSerializer):
    wijk = wijk_slug()

    class Meta:
        model = Buurt
        fields = ["id", "slug", "naam", "wijk", "gewijzigd_op"]
        extra_kwargs = uitleg(
            id="Vast nummer van de buurt; filters verwijzen met dit nummer naar de buurt.",
            slug="Korte naam, uniek binnen de wijk.",
            naam="Naam van de buurt.",
            gewijzigd_op=GEWIJZIGD_OP,
        )


class LocatieSerializer(serializers.ModelSerializer):
    wijk = wijk_slug()
    buurt = buurt_id()

    class Meta:
        model = Locatie
        fields = [
            "id",
            "naam",
            "soort",
            "wijk",
            "buurt",
            "adres",
            "geopend_op",
            "gesloten_op",
            "gewijzigd_op",
        ]
        extra_kwargs = uitleg(
            id="Vast nummer van de locatie.",
            naam="Naam van de ontmoetingsplek.",
            soort="Soort locatie.",
            adres="Adres van het gebouw of de plek (nooit een woonadres).",
            geopend_op="Datum van opening; leeg als onbekend.",
            gesloten_op="Datum van sluiting; leeg zolang de locatie open is.",
            gewijzigd_op=GEWIJZIGD_OP,
        )


class MetingSerializer(serializers.ModelSerializer):
    jaar = serializers.IntegerField(
        read_only=True, help_text="Het jaar van de meting (uit de datum)."
    )

    class Meta:
        model = Meting
        fields = ["datum", "jaar", "waarde", "bron", "toelichting", "gewijzigd_op"]
        extra_kwargs = uitleg(
            datum="De dag waarop (of waarover) gemeten is.",
            waarde="De gemeten waarde, in de eenheid van de indicator.",
            bron="Waar deze meting vandaan komt; leeg: de bron van de indicator.",
            toelichting="Opmerking bij de meting.",
            gewijzigd_op=GEWIJZIGD_OP,
        )


class IndicatorSerializer(serializers.ModelSerializer):
    metingen = MetingSerializer(many=True, read_only=True, help_text="De metingen, oudste eerst.")
    nulmeting_jaar = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Het jaar van de nulmeting (uit de datum)."
    )
    streefjaar = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Het jaar van de streefdatum."
    )
    oordeel = serializers.SerializerMethodField(
        help_text="Het oordeel over alle metingen: op_koers, achter, doel_bereikt of onbekend. "
        + Indicator.OORDEEL_REGEL
    )

    class Meta:
        model = Indicator
        fields = [
            "id",
            "naam",
            "eenheid",
            "richting",
            "nulmeting",
            "nulmeting_datum",
            "nulmeting_jaar",
            "streefwaarde",
            "streefdatum",
            "streefjaar",
            "bronsoort",
            "bron",
            "metingen",
            "oordeel",
            "gewijzigd_op",
        ]
        extra_kwargs = uitleg(
            id="Vast nummer van de indicator.",
            naam="Wat er gemeten wordt.",
            eenheid="Eenheid van de waarden (bijvoorbeeld %, aantal, rapportcijfer).",
            richting="Of een hogere of een lagere waarde beter is.",
            nulmeting="De beginwaarde (nulmeting).",
            nulmeting_datum="De datum van de nulmeting.",
            streefwaarde="De waarde die de prioriteit wil bereiken.",
            streefdatum="De datum waarop de streefwaarde bereikt moet zijn.",
            bronsoort="Hoe er gemeten wordt: enquête, telling, registratie, waarneming of anders.",
            bron="Waar de meting vandaan komt.",
            gewijzigd_op=GEWIJZIGD_OP,
        )

    @extend_schema_field({"type": "string", "enum": [o.value for o in Indicator.Oordeel]})
    def get_oordeel(self, indicator):
        # The measurements are prefetched with the row (PrioriteitViewSet): no query.
        return indicator.oordeel(list(indicator.metingen.all()))


class PrioriteitSerializer(serializers.ModelSerializer):
    wijk = wijk_slug()
    themas = slugs("De thema's van de prioriteit (slugs).")
    indicatoren = IndicatorSerializer(
        many=True, read_only=True, help_text="Hoe het effect gemeten wordt, met de metingen."
    )

    class Meta:
        model = Prioriteit
        fields = [
            "id",
            "wijk",
            "titel",
            "toelichting",
            "beoogd_effect",
            "volgorde",
            "geldig_van",
            "geldig_tot",
            "themas",
            "indicatoren",
            "gewijzigd_op",
        ]
        extra_kwargs = uitleg(
            id="Vast nummer van de prioriteit.",
            titel="De prioriteit in een paar woorden.",
            toelichting="Uitleg van de prioriteit.",
            beoogd_effect="Wat de prioriteit moet opleveren.",
            volgorde="Volgorde binnen de wijk.",
            geldig_van="Eerste jaar waarin de prioriteit geldt.",
            geldig_tot="Laatste jaar; leeg zolang de prioriteit geldt.",
            gewijzigd_op="Laatste wijziging van de prioriteit zelf (gewijzigd_sinds kijkt ook "
            "naar de indicatoren en metingen).",
        )


class FysiekProjectSerializer(serializers.ModelSerializer):
    wijk = wijk_slug()
    buurt = buurt_id()
    eigenaar = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        help_text="De opdrachtgever (slug, zie /api/v1/organisaties/).",
    )

    class Meta:
        model = FysiekProject
        fields = [
            "id",
            "naam",
            "soort",
            "status",
            "wijk",
            "buurt",
            "eigenaar",
            "aannemer",
            "omschrijving",
            "start",
            "eind",
            "woningen_gesloopt",
            "woningen_opgeleverd",
            "woningen_gepland",
            "gewijzigd_op",
        ]
        extra_kwargs = uitleg(
            id="Vast nummer van het project.",
            naam="Naam van het project.",
            soort="Soort werk.",
            status="Status van het project.",
            aannemer="Het bedrijf dat het werk uitvoert.",
            omschrijving="Wat er gebeurt.",
            start="Startdatum; leeg als onbekend.",
            eind="Einde of oplevering. Gesloopte en opgeleverde woningen tellen in dit jaar.",
            woningen_gesloopt="Aantal gesloopte woningen.",
            woningen_opgeleverd="Aantal opgeleverde woningen.",
            woningen_gepland="Aantal geplande woningen.",
            gewijzigd_op=GEWIJZIGD_OP,
        )
