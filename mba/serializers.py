"""Serializers of the partner API for the core: organisations and themes, plus the error body.

Field descriptions are Dutch: they are what a partner reads in /api/docs/.
"""

from rest_framework import serializers

from .models import Organisatie, Thema, Verwijdering

GEWIJZIGD_OP = "Moment van de laatste wijziging (gebruik het voor gewijzigd_sinds)."


def uitleg(**teksten):
    """``extra_kwargs`` that give fields their Dutch description."""
    return {veld: {"help_text": tekst} for veld, tekst in teksten.items()}


def slugs(help_text):
    """The slugs of a prefetched many-to-many relation (themes, organisations …)."""
    return serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True, help_text=help_text
    )


class ThemaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Thema
        fields = ["id", "slug", "naam", "volgorde", "actief", "gewijzigd_op"]
        extra_kwargs = uitleg(
            id="Vast nummer van het thema.",
            slug="Korte naam; zo verwijzen andere records en filters naar het thema.",
            naam="Naam van het thema, zoals in de jaarrapportage.",
            volgorde="Volgorde in lijsten en in de rapportage.",
            actief="Onwaar voor een thema dat niet meer voor nieuw werk wordt gekozen.",
            gewijzigd_op=GEWIJZIGD_OP,
        )


class OrganisatieSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisatie
        fields = ["id", "slug", "naam", "soort", "kernpartner", "gewijzigd_op"]
        extra_kwargs = uitleg(
            id="Vast nummer van de organisatie.",
            slug="Korte naam; zo verwijzen andere records en filters naar de organisatie.",
            naam="Naam van de organisatie.",
            soort="Soort organisatie.",
            kernpartner="Waar voor gemeente Assen, Actium en Vaart Welzijn, die het programma "
            "dragen; onwaar voor netwerkpartners.",
            gewijzigd_op=GEWIJZIGD_OP,
        )


class VerwijderingSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(
        source="object_id", help_text="Het id van het verwijderde record in zijn collectie."
    )

    class Meta:
        model = Verwijdering
        fields = ["collectie", "id", "verwijderd_op"]
        extra_kwargs = uitleg(
            collectie="De collectie waaruit het record verdween, bijvoorbeeld contactmomenten.",
            verwijderd_op="Moment van verwijderen (gebruik het voor gewijzigd_sinds).",
        )


class FoutSerializer(serializers.Serializer):
    """Het antwoord bij elke fout: wat er mis is, in het Nederlands, en de statuscode; bij een
    ongeldige parameter (400) ook per parameter wat eraan schort."""

    # (The docstring is the schema's description of the error body, for partners.)

    fout = serializers.CharField(help_text="Wat er mis is, in gewone woorden.")
    status = serializers.IntegerField(help_text="De HTTP-statuscode.")
    parameters = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Bij 400: per ongeldige parameter wat eraan schort.",
    )

    class Meta:
        soms_afwezig = ("parameters",)
