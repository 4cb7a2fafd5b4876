"""Serializers of the partner API for bewonersinitiatieven.

Never in it: the initiatiefnemer's name, e-mail and phone (personal data), the reason for a
higher amount (an internal note) and the status history (it names staff).
"""

from rest_framework import serializers

from mba.serializers import GEWIJZIGD_OP, slugs, uitleg
from wijken.serializers import buurt_id, wijk_slug

from .models import Bewonersinitiatief


class BewonersinitiatiefSerializer(serializers.ModelSerializer):
    wijk = wijk_slug()
    buurt = buurt_id()
    gevraagde_ondersteuning = slugs("Wat de bewoners vroegen: geld, mensen, materialen … (slugs).")
    geboden_ondersteuning = slugs("Wat Mijn Buurt Assen bood (slugs).")

    class Meta:
        model = Bewonersinitiatief
        fields = [
            "id",
            "titel",
            "omschrijving",
            "wijk",
            "buurt",
            "locatie_omschrijving",
            "status",
            "aangevraagd_op",
            "gevraagde_ondersteuning",
            "geboden_ondersteuning",
            "gevraagd_bedrag",
            "toegekend_bedrag",
            "huishoudens_gevraagd",
            "huishoudens_voor",
            "huishoudens_tegen",
            "draagvlak_methode",
            "draagvlak_gemeten_op",
            "besluit_op",
            "gerealiseerd_op",
            "resultaat",
            "gewijzigd_op",
        ]
        extra_kwargs = uitleg(
            id="Vast nummer van het initiatief.",
            titel="Naam van het initiatief.",
            omschrijving="Wat de bewoners willen.",
            locatie_omschrijving="Waar het initiatief plaatsvindt (een plek, geen woonadres).",
            status="De status van vandaag: aangevraagd, draagvlak gemeten, toegekend, afgewezen, "
            "in uitvoering, gerealiseerd of gestopt.",
            aangevraagd_op="Datum van de aanvraag.",
            gevraagd_bedrag="Gevraagd bedrag in euro.",
            toegekend_bedrag="Toegekend bedrag in euro.",
            huishoudens_gevraagd="Aantal huishoudens dat om hun mening is gevraagd (draagvlak).",
            huishoudens_voor="Aantal huishoudens dat vóór is.",
            huishoudens_tegen="Aantal huishoudens dat tegen is.",
            draagvlak_methode="Hoe het draagvlak is gemeten.",
            draagvlak_gemeten_op="Datum van de draagvlakmeting.",
            besluit_op="Datum van het besluit (toekenning of afwijzing).",
            gerealiseerd_op="Datum van realisatie.",
            resultaat="Wat het initiatief heeft opgeleverd.",
            gewijzigd_op=GEWIJZIGD_OP,
        )
