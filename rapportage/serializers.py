"""Serializers of the partner API for the published examples and annual reports, and the query
parameters of the statistics."""

from django.urls import reverse
from rest_framework import serializers

from mba.filters import JAAR_MAX, JAAR_MIN
from mba.serializers import GEWIJZIGD_OP, uitleg
from wijken.models import Buurt, Wijk
from wijken.serializers import wijk_slug

from .models import Hoofdstuk, Jaarrapportage, Voorbeeld, VoorbeeldFoto


class VoorbeeldFotoSerializer(serializers.ModelSerializer):
    bestand = serializers.SerializerMethodField(
        help_text="Adres van de foto in de API: op te halen met dezelfde sleutel (scope "
        "`voorbeelden`)."
    )

    class Meta:
        model = VoorbeeldFoto
        fields = ["bestand", "bijschrift", "alt_tekst"]
        extra_kwargs = uitleg(
            bijschrift="Bijschrift bij de foto.",
            alt_tekst="Wat er op de foto staat (voor wie hem niet ziet).",
        )

    def get_bestand(self, foto) -> str:
        # Through the API, not /media/: a partner's key opens the API, and the media view is
        # for people logged in to the app (mba.media).
        pad = reverse("api:voorbeeld-foto", args=[foto.voorbeeld_id, foto.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(pad) if request else pad


class VoorbeeldSerializer(serializers.ModelSerializer):
    wijk = wijk_slug(
        allow_null=True, help_text="De wijk (slug); leeg voor een stedelijk voorbeeld."
    )
    resultaten = serializers.ListField(
        source="resultaten_lijst",
        child=serializers.CharField(),
        read_only=True,
        help_text="De behaalde resultaten, één per regel.",
    )
    fotos = VoorbeeldFotoSerializer(many=True, read_only=True, help_text="Foto's, op volgorde.")
    initiatief = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text="Het bewonersinitiatief waarover het voorbeeld gaat (id).",
    )
    activiteit = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="De activiteit waarover het voorbeeld gaat (id)."
    )
    fysiek_project = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text="Het fysieke project waarover het voorbeeld gaat (id).",
    )

    class Meta:
        model = Voorbeeld
        fields = [
            "id",
            "titel",
            "jaar",
            "wijk",
            "tekst",
            "resultaten",
            "initiatief",
            "activiteit",
            "fysiek_project",
            "fotos",
            "gewijzigd_op",
        ]
        extra_kwargs = uitleg(
            id="Vast nummer van het voorbeeld.",
            titel="Titel van het voorbeeld.",
            jaar="Het jaar van de rapportage waarvoor het voorbeeld geschreven is.",
            tekst="Het verhaal. Lege regel = nieuwe alinea; '## ' = tussenkop; '- ' = "
            "opsommingsteken.",
            gewijzigd_op=GEWIJZIGD_OP,
        )


class HoofdstukSerializer(serializers.ModelSerializer):
    class Meta:
        model = Hoofdstuk
        fields = ["sleutel", "titel", "tekst"]
        extra_kwargs = uitleg(
            sleutel="Welk hoofdstuk (bijvoorbeeld fysiek_sociale_koppeling = 3.2).",
            titel="Titel van het hoofdstuk.",
            tekst="De tekst. Lege regel = nieuwe alinea; '## ' = tussenkop; '- ' = "
            "opsommingsteken.",
        )


class JaarrapportageSerializer(serializers.ModelSerializer):
    pdf = serializers.SerializerMethodField(
        help_text="Adres van de rapportage als PDF, op te halen met dezelfde API-sleutel."
    )
    hoofdstukken = HoofdstukSerializer(
        many=True, read_only=True, help_text="De hoofdstukken die mensen schreven."
    )
    voorbeelden = serializers.SerializerMethodField(
        help_text="De gekozen voorbeelden (id's, zie /api/v1/voorbeelden/), in de volgorde van "
        "de rapportage."
    )

    class Meta:
        model = Jaarrapportage
        fields = [
            "id",
            "jaar",
            "titel",
            "voorwoord_titel",
            "voorwoord",
            "ondertekening",
            "gepubliceerd_op",
            "pdf",
            "hoofdstukken",
            "voorbeelden",
            "gewijzigd_op",
        ]
        extra_kwargs = uitleg(
            id="Vast nummer van de rapportage.",
            jaar="Het jaar waarover de rapportage gaat.",
            titel="Titel van de rapportage.",
            voorwoord_titel="Titel van het voorwoord.",
            voorwoord="Het voorwoord van de stuurgroep.",
            ondertekening="Wie het voorwoord ondertekent.",
            gepubliceerd_op="Moment van publicatie.",
            gewijzigd_op=GEWIJZIGD_OP,
        )

    def get_pdf(self, obj) -> str:
        pad = reverse("api:jaarrapportage-pdf", args=[obj.jaar])
        request = self.context.get("request")
        return request.build_absolute_uri(pad) if request else pad

    def get_voorbeelden(self, obj) -> list[int]:
        return [rv.voorbeeld_id for rv in obj.rapportvoorbeeld_set.all()]


class StatistiekenParameters(serializers.Serializer):
    """The query parameters of /api/v1/statistieken/."""

    jaar = serializers.IntegerField(
        min_value=JAAR_MIN, max_value=JAAR_MAX, help_text="Het jaar van de cijfers."
    )
    wijk = serializers.SlugRelatedField(
        queryset=Wijk.objects.all(),
        slug_field="slug",
        required=False,
        help_text="Cijfers van deze wijk (slug) in plaats van de hele stad.",
    )
    buurt = serializers.PrimaryKeyRelatedField(
        queryset=Buurt.objects.select_related("wijk"),
        required=False,
        help_text="Cijfers van deze buurt (id).",
    )
    vergelijk = serializers.BooleanField(
        default=False,
        help_text="true: ook de cijfers van het jaar ervoor en het verschil.",
    )

    def validate(self, data):
        wijk, buurt = data.get("wijk"), data.get("buurt")
        if wijk is not None and buurt is not None and buurt.wijk_id != wijk.pk:
            raise serializers.ValidationError({"buurt": f"De buurt {buurt} ligt niet in {wijk}."})
        return data


class StatistiekenPerWijkParameters(serializers.Serializer):
    jaar = serializers.IntegerField(
        min_value=JAAR_MIN, max_value=JAAR_MAX, help_text="Het jaar van de cijfers."
    )
    vergelijk = serializers.BooleanField(
        default=False,
        help_text="true: ook de cijfers van het jaar ervoor en het verschil.",
    )


class PrioriteitJaarParameters(serializers.Serializer):
    """The query parameter of /api/v1/prioriteiten/<id>/."""

    jaar = serializers.IntegerField(
        min_value=JAAR_MIN,
        max_value=JAAR_MAX,
        required=False,
        help_text="Met een jaar: ook de cijfers van het werk dat in dat jaar aan de prioriteit "
        "is gekoppeld (cijfers).",
    )
