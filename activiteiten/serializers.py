"""Serializers of the partner API for activiteiten and contactmomenten.

A contact moment leaves without its note (free text) and without the staff member: only the
organisation the staff member works for. What else a key gets of it (dates per month, week or
day; buurt; referral; never the special-category signals) is cut by ``activiteiten.api``.
"""

from django.utils import timezone
from rest_framework import serializers

from mba.serializers import GEWIJZIGD_OP, slugs, uitleg
from wijken.serializers import buurt_id, wijk_slug

from .models import Activiteit, Contactmoment, Kerncijfer


class KerncijferSerializer(serializers.ModelSerializer):
    class Meta:
        model = Kerncijfer
        fields = ["aantal", "omschrijving", "circa"]
        extra_kwargs = uitleg(
            aantal="Het getal, bijvoorbeeld 140.",
            omschrijving="Waarvan, bijvoorbeeld 'kerstbomen ingezameld'.",
            circa="Waar als het getal een schatting is (circa, ruim).",
        )


class ActiviteitSerializer(serializers.ModelSerializer):
    wijk = wijk_slug(
        allow_null=True, help_text="De wijk (slug); leeg voor een stedelijke activiteit."
    )
    buurt = buurt_id()
    locatie = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="De locatie (id, zie /api/v1/locaties/)."
    )
    organisatoren = slugs("De organiserende organisaties (slugs).")
    themas = slugs("De thema's van de activiteit (slugs).")
    kerncijfers = KerncijferSerializer(
        many=True, read_only=True, help_text="Kerncijfers, zoals '140 kerstbomen'."
    )
    initiatief = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text="Het bewonersinitiatief waaruit de activiteit voortkomt (id).",
    )
    fysiek_project = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text="Het fysieke project waarbij de activiteit hoort (id).",
    )

    class Meta:
        model = Activiteit
        fields = [
            "id",
            "naam",
            "omschrijving",
            "wijk",
            "buurt",
            "locatie",
            "locatie_omschrijving",
            "start",
            "eind",
            "status",
            "organisatoren",
            "organisatoren_omschrijving",
            "deelnemers",
            "kerncijfers",
            "initiatief",
            "fysiek_project",
            "themas",
            "gewijzigd_op",
        ]
        extra_kwargs = uitleg(
            id="Vast nummer van de activiteit.",
            naam="Naam van de activiteit.",
            omschrijving="Wat er gebeurde.",
            locatie_omschrijving="Waar, als het geen vaste locatie is.",
            start="(Eerste) dag van de activiteit.",
            eind="Laatste dag; leeg bij een activiteit van één dag.",
            status="Gepland, gehouden of afgelast.",
            organisatoren_omschrijving="Overige organisatoren, bijvoorbeeld 'een groep moeders "
            "uit de wijk'.",
            deelnemers="Aantal deelnemers, als het geteld is.",
            gewijzigd_op=GEWIJZIGD_OP,
        )


# The columns a contact moment is read with: no note, no staff member.
CONTACTMOMENT_KOLOMMEN = (
    "id",
    "datum",
    "wijk_id",
    "buurt_id",
    "kanaal",
    "aanleiding",
    "soort",
    "organisatie_id",
    "doorverwezen_naar_id",
    "bewoners_bereikt",
    "vervolg_nodig",
    "vervolg_afgerond_op",
    "fysiek_project_id",
    "activiteit_id",
    "gewijzigd_op",
    "themas_bits",
    "signalen_bits",
)


def _datum(waarde):
    return None if waarde is None else waarde.isoformat()


class ContactmomentLijst(serializers.ListSerializer):
    def to_representation(self, data):
        rij = self.child.rij
        tz = timezone.get_current_timezone()
        return [rij(r, tz) for r in data]


class ContactmomentSerializer(serializers.Serializer):
    """Een contact tussen een medewerker van Mijn Buurt Assen en bewoners: wanneer, waar, hoe,
    waarover, welke signalen en of er is doorverwezen. Zonder notitie, zonder medewerker en
    zonder persoonsgegevens; de datum, de buurt en de doorverwijzing naar de scopes van de
    sleutel."""

    # (The docstring above is the schema's description, for partners.) A row of
    # ``CONTACTMOMENT_KOLOMMEN`` (plus the slugs that ``activiteiten.api.met_slugs`` adds) is
    # turned into JSON by hand in ``rij``: a contact moment list is the API's hot path, and a
    # field-by-field ModelSerializer costs several times the query itself. The declared fields
    # document it.

    id = serializers.IntegerField(help_text="Vast nummer van het contactmoment.")
    datum = serializers.DateField(
        help_text="Datum van het contact, in de precisie van datum_precisie: bij 'maand' de "
        "eerste dag van de maand, bij 'week' de maandag van de week."
    )
    datum_precisie = serializers.ChoiceField(
        choices=[("dag", "dag"), ("week", "week"), ("maand", "maand")],
        help_text="Hoe precies datum en vervolg_afgerond_op zijn: per maand, tenzij de sleutel "
        "de scope contactmomenten:week of contactmomenten:dag heeft.",
    )
    wijk = serializers.SlugField(help_text="De wijk (slug, zie /api/v1/wijken/).")
    buurt = serializers.IntegerField(
        allow_null=True,
        help_text="De buurt (id, zie /api/v1/buurten/); leeg als onbekend of zonder de scope "
        "contactmomenten:buurt.",
    )
    kanaal = serializers.ChoiceField(
        choices=Contactmoment.Kanaal.choices, help_text="Hoe het contact plaatsvond."
    )
    aanleiding = serializers.ChoiceField(
        choices=Contactmoment.Aanleiding.choices, help_text="De aanleiding van het contact."
    )
    soort = serializers.ChoiceField(
        choices=Contactmoment.Soort.choices, help_text="Individueel of collectief contact."
    )
    themas = serializers.ListField(
        child=serializers.SlugField(),
        help_text="De thema's van het contact (slugs, alfabetisch).",
    )
    signalen = serializers.ListField(
        child=serializers.SlugField(),
        help_text="De signalen die het contact aan het licht bracht (slugs van signaalsoorten, "
        "alfabetisch). Nooit de bijzondere (gezondheid, geldzorgen, psychische klachten): die "
        "staan alleen als aantal in /api/v1/statistieken/.",
    )
    organisatie = serializers.SlugField(
        help_text="De organisatie van de medewerker op het moment van het contact (slug)."
    )
    doorverwezen_naar = serializers.SlugField(
        allow_null=True,
        help_text="De organisatie waarnaar is doorverwezen (slug); leeg als niet, of zonder de "
        "scope contactmomenten:doorverwijzing.",
    )
    bewoners_bereikt = serializers.IntegerField(help_text="Aantal bereikte bewoners (minstens 1).")
    vervolg_nodig = serializers.BooleanField(help_text="Of er een vervolg nodig is.")
    vervolg_afgerond_op = serializers.DateField(
        allow_null=True,
        help_text="Datum waarop het vervolg is afgerond (precisie: datum_precisie); leeg zolang "
        "het open is.",
    )
    fysiek_project = serializers.IntegerField(
        allow_null=True,
        help_text="Het fysieke project waarbij het contact ontstond (id): fysiek-sociale "
        "koppeling.",
    )
    activiteit = serializers.IntegerField(
        allow_null=True, help_text="De activiteit waarbij het contact ontstond (id)."
    )
    gewijzigd_op = serializers.DateTimeField(help_text=GEWIJZIGD_OP)

    class Meta:
        list_serializer_class = ContactmomentLijst

    def to_representation(self, r):
        return self.rij(r, timezone.get_current_timezone())

    @staticmethod
    def rij(r, tz):
        return {
            "id": r["id"],
            "datum": r["datum"].isoformat(),
            "datum_precisie": r["datum_precisie"],
            "wijk": r["wijk"],
            "buurt": r["buurt_id"],
            "kanaal": r["kanaal"],
            "aanleiding": r["aanleiding"],
            "soort": r["soort"],
            "themas": r["themas"],
            "signalen": r["signalen"],
            "organisatie": r["organisatie"],
            "doorverwezen_naar": r["doorverwezen_naar"],
            "bewoners_bereikt": r["bewoners_bereikt"],
            "vervolg_nodig": r["vervolg_nodig"],
            "vervolg_afgerond_op": _datum(r["vervolg_afgerond_op"]),
            "fysiek_project": r["fysiek_project_id"],
            "activiteit": r["activiteit_id"],
            "gewijzigd_op": r["gewijzigd_op"].astimezone(tz).isoformat(),
        }
