"""The Dutch name and definition of every figure, declared once (``DEFINITIES``).

Every page, the report's tables and its Verantwoording, and ``/api/v1/definities/`` read them
from here. A figure counted from contact moments takes its name and definition from its
declaration in ``activiteiten.tellingen.TELLINGEN`` (written there once, beside how it is
counted); every other figure is defined below, beside the section it is a field of. A test holds
the declarations equal to the result types: a field of a section without a definition fails.

``DEFINITIES[sectie][sleutel]``: the section of ``Kengetallen`` and the field's name; a figure
that is a part of a field (the project channel of ``per_kanaal``) has a key of its own and says
where it is (``pad``). ``definitielijst()`` gives them all, flat, in the order of the report.
"""

from dataclasses import dataclass

from activiteiten.tellingen import TELLING

from .resultaten import OVERIGE


@dataclass(frozen=True)
class Definitie:
    """A figure's name and its definition, in Dutch, for readers."""

    label: str
    uitleg: str
    per: str | None = None  # counted per value of this (kanaal, thema …), else one number
    telling: str | None = None  # its declaration in activiteiten.tellingen, if counted there
    pad: str = ""  # where it is in the figures, when that is not "sectie.sleutel"


def _uit_telling(naam, **anders):
    t = TELLING[naam]
    return Definitie(t.titel, t.uitleg, per=t.per, telling=t.naam, **anders)


def _per_prioriteit(pad, sleutel, label, uitleg, telling=None):
    """A figure per priority's definition; its ``pad`` in /api/v1/statistieken/ has ``*`` where
    the priority's id is, when the figure is a key of a dict of figures per priority."""
    waar = ".".join(pad) + (f".*.{sleutel}" if sleutel else "")
    return Definitie(label, uitleg, per="prioriteit", telling=telling, pad=waar)


# The figures per priority: the work linked to it (``cijfers.per_prioriteit``), each once, with
# where it is counted (a path in the figures, then the priority's id, then a key of a dict of
# figures, if any) and its Dutch name and definition. The contact figures are declarations of
# activiteiten.tellingen (``Contactmomenten.overige``); the rest are counted by query 16. They
# are the section "prioriteiten" of ``DEFINITIES`` (the contact figures only there).
PRIORITEITCIJFERS = {
    naam: (pad, sleutel, _per_prioriteit(pad, sleutel, *tekst))
    for naam, pad, sleutel, tekst in (
        *(
            (naam, ("contactmomenten", "overige", telling), None, (t.titel, t.uitleg, t.naam))
            for naam, telling in (
                ("contactmomenten", "prioriteit"),
                ("bewoners_bereikt", "bereikt_per_prioriteit"),
                ("signalen", "signaal_per_prioriteit"),
                ("doorverwijzingen", "doorverwezen_per_prioriteit"),
            )
            for t in [TELLING[telling]]
        ),
        (
            "activiteiten",
            ("activiteiten", "per_prioriteit"),
            "gehouden",
            (
                "Activiteiten per prioriteit",
                "Gehouden activiteiten die aan de prioriteit zijn gekoppeld.",
            ),
        ),
        (
            "deelnemers",
            ("activiteiten", "per_prioriteit"),
            "deelnemers",
            (
                "Deelnemers per prioriteit",
                "De deelnemers aan de gehouden activiteiten van de prioriteit, opgeteld.",
            ),
        ),
        *(
            (
                f"initiatieven_{k}",
                ("initiatieven", "per_prioriteit"),
                k,
                (f"Initiatieven {woord} per prioriteit", uitleg),
            )
            for k, woord, uitleg in (
                (
                    "aangevraagd",
                    "aangevraagd",
                    "Bewonersinitiatieven die in de periode zijn aangevraagd en aan de "
                    "prioriteit zijn gekoppeld.",
                ),
                (
                    "toegekend",
                    "toegekend",
                    "Daarvan toegekend (ook in uitvoering of gerealiseerd).",
                ),
                ("gerealiseerd", "gerealiseerd", "Daarvan gerealiseerd."),
            )
        ),
        (
            "projecten",
            ("woningen", "projecten_per_prioriteit"),
            None,
            (
                "Fysieke projecten per prioriteit",
                "Fysieke projecten die in de periode liepen en aan de prioriteit zijn gekoppeld.",
            ),
        ),
    )
}


# Names of the sections, for readers (the Verantwoording's headings).
SECTIES = {
    "contactmomenten": "Contactmomenten",
    "signalen": "Signalen",
    "doorverwijzingen": "Doorverwijzingen en vervolg",
    "koppeling": "Fysiek-sociale koppeling",
    "initiatieven": "Bewonersinitiatieven",
    "activiteiten": "Activiteiten",
    "woningen": "Woningen",
    "prioriteiten": "Werk per prioriteit",
    "indicatoren": "Indicatoren bij de prioriteiten",
}

# Fields of the result types that hold no figure of their own: a container of other figures
# (each defined by itself) or a list that names records.
GEEN_KENGETAL = {
    ("contactmomenten", "overige"),
    # the figures per priority, each defined in the section "prioriteiten"
    ("activiteiten", "per_prioriteit"),
    ("initiatieven", "per_prioriteit"),
    ("woningen", "projecten_per_prioriteit"),
}
# Declarations of activiteiten.tellingen that are figures per priority: defined once, there.
_TELLINGEN_PER_PRIORITEIT = {
    d.telling for _, _, d in PRIORITEITCIJFERS.values() if d.telling is not None
}

# Two figures count contacts around physical projects and differ on purpose: the channel says
# where a contact took place; the link says which project it was about, whatever the channel. A
# contact with the project channel always names its project (the model's rule
# ``activiteiten_contactmoment_projectkanaal_noemt_project``), so the channel's count is part of
# the linked count and never larger.
DEFINITIES = {
    "contactmomenten": {
        "totaal": _uit_telling("totaal"),
        "bewoners_bereikt": _uit_telling("bereikt"),
        "per_kanaal": Definitie(
            "Contactmomenten per kanaal",
            "Het kanaal is waar of hoe het contact plaatsvond: aan de deur, in het BIC, op "
            "straat, telefonisch, digitaal, tijdens een activiteit, bij een fysiek project of "
            "anders. Elk contact heeft één kanaal.",
            per="kanaal",
            telling="kanaal",
        ),
        "kanaal_project": Definitie(
            "waarvan op de plek van het project (kanaal 'Bij een fysiek project')",
            "Het kanaal zegt waar het contact plaatsvond. Deze contacten vonden plaats bij het "
            "project zelf, bijvoorbeeld op de bouwplaats of bij een inloop; elk ervan is aan "
            "dat project gekoppeld en telt dus ook mee bij de gekoppelde contacten.",
            telling="kanaal",
            pad="contactmomenten.per_kanaal.project",
        ),
        "per_aanleiding": _uit_telling("aanleiding"),
        "per_soort": _uit_telling("soort"),
        "collectief": Definitie(
            "Collectieve contacten",
            "Contactmomenten over een vraagstuk van een straat, buurt of groep (soort "
            "'collectief') in plaats van één huishouden.",
            telling="soort",
            pad="contactmomenten.per_soort.collectief",
        ),
        "per_thema": _uit_telling("thema"),
        "per_organisatie": _uit_telling("organisatie"),
        # a figure added by one declaration brings its own name and definition
        **{
            naam: _uit_telling(naam, pad=f"contactmomenten.overige.{naam}")
            for naam in OVERIGE
            if naam not in _TELLINGEN_PER_PRIORITEIT
        },
    },
    "signalen": {
        "totaal": Definitie(
            "Signalen",
            "Alle signalen die bij de contactmomenten zijn gezien; een contact met twee "
            "signalen telt twee keer.",
            telling="signaal",
        ),
        "per_soort": _uit_telling("signaal"),
        "contacten_met_signaal": _uit_telling("met_signaal"),
        "aandeel_met_signaal": Definitie(
            "Contacten met een signaal (%)",
            "Het deel van de contactmomenten met minstens één signaal, in procenten; leeg als "
            "een van beide aantallen onder de 5 blijft.",
            telling="met_signaal",
        ),
    },
    "doorverwijzingen": {
        "totaal": Definitie(
            "Doorverwijzingen",
            "Doorverwijzingen naar een organisatie (warme overdracht), over alle organisaties "
            "opgeteld.",
            telling="doorverwezen",
        ),
        "per_organisatie": _uit_telling("doorverwezen"),
        "vervolg_nodig": _uit_telling("vervolg"),
        "vervolg_open": Definitie(
            "Vervolg nog open",
            "Contactmomenten van de periode met een vervolg dat vandaag (nog) niet is afgerond.",
            telling="vervolg_open",
        ),
        "vervolg_afgerond": _uit_telling("vervolg_afgerond"),
        "gemiddeld_dagen_tot_afronding": Definitie(
            "Gemiddeld dagen tot afronding vervolg",
            "Het gemiddelde aantal dagen van het contact tot het afgeronde vervolg, over de "
            "vervolgen die zijn afgerond.",
            telling="dagen",
        ),
        "overdracht_totaal": Definitie(
            "Doorverwijzingen verstuurd",
            "Doorverwijzingen (warme overdracht) met een verzenddatum in de periode, als "
            "eigen dossier met status en antwoord.",
        ),
        "overdracht_per_organisatie": Definitie(
            "Doorverwijzingen per ontvangende organisatie",
            "De verstuurde doorverwijzingen naar de organisatie die ze ontving.",
            per="organisatie",
        ),
        "overdracht_beantwoord": Definitie(
            "Doorverwijzingen beantwoord",
            "Verstuurde doorverwijzingen die nu afgerond of niet opgepakt zijn, met een antwoord.",
        ),
        "overdracht_binnen_termijn": Definitie(
            "Beantwoord binnen de termijn",
            "Beantwoorde doorverwijzingen met een antwoord uiterlijk op de uiterste datum.",
        ),
        "overdracht_gemiddeld_dagen_tot_antwoord": Definitie(
            "Gemiddeld dagen tot antwoord",
            "Het gemiddelde aantal dagen van versturen tot antwoord, over de beantwoorde "
            "doorverwijzingen.",
        ),
    },
    "koppeling": {
        "contacten_met_project": _uit_telling("met_project"),
        "activiteiten_met_project": Definitie(
            "Activiteiten bij een fysiek project",
            "Gehouden activiteiten die aan een fysiek project zijn gekoppeld.",
        ),
        "projecten_actief": Definitie(
            "Lopende projecten",
            "Fysieke projecten die in de periode liepen (begonnen voor het einde en niet "
            "afgerond voor het begin van de periode).",
        ),
        "projecten_zonder_koppeling": Definitie(
            "Projecten zonder sociale koppeling",
            "Lopende fysieke projecten waarbij in de periode geen contactmoment en geen "
            "gehouden activiteit is vastgelegd.",
        ),
    },
    "initiatieven": {
        "aangevraagd": Definitie(
            "Initiatieven aangevraagd",
            "Bewonersinitiatieven met een aanvraagdatum in de periode.",
        ),
        "met_draagvlak": Definitie(
            "Initiatieven met draagvlak gemeten",
            "Aangevraagde initiatieven waarvoor het draagvlak in de buurt is gemeten.",
        ),
        "toegekend": Definitie(
            "Initiatieven toegekend",
            "Aangevraagde initiatieven die nu toegekend, in uitvoering of gerealiseerd zijn.",
        ),
        "afgewezen": Definitie(
            "Initiatieven afgewezen", "Aangevraagde initiatieven die nu afgewezen zijn."
        ),
        "gerealiseerd": Definitie(
            "Initiatieven gerealiseerd", "Aangevraagde initiatieven die nu gerealiseerd zijn."
        ),
        "gestopt": Definitie(
            "Initiatieven gestopt", "Aangevraagde initiatieven die nu gestopt zijn."
        ),
        "per_status": Definitie(
            "Initiatieven per status",
            "De aangevraagde initiatieven naar hun status van vandaag.",
            per="status",
        ),
        "gevraagd_bedrag": Definitie(
            "Gevraagd bedrag",
            "Het bedrag in euro dat de aangevraagde initiatieven vroegen, opgeteld.",
        ),
        "toegekend_bedrag": Definitie(
            "Toegekend bedrag",
            "Het bedrag in euro dat aan de aangevraagde initiatieven is toegekend, opgeteld.",
        ),
        "gevraagde_ondersteuning": Definitie(
            "Gevraagde ondersteuning",
            "Aangevraagde initiatieven per gevraagde vorm van ondersteuning (geld, advies, "
            "materiaal, vergunning …); een initiatief met twee vormen telt bij elk.",
            per="ondersteuningsvorm",
        ),
        "geboden_ondersteuning": Definitie(
            "Geboden ondersteuning",
            "Aangevraagde initiatieven per geboden vorm van ondersteuning; een initiatief met "
            "twee vormen telt bij elk.",
            per="ondersteuningsvorm",
        ),
        "besteed_bedrag": Definitie(
            "Besteed bedrag",
            "Het bedrag in euro dat de aangevraagde initiatieven volgens hun voortgang hebben "
            "besteed, opgeteld.",
        ),
        "ondersteuning_geleverd": Definitie(
            "Ondersteuning geleverd",
            "Toegekende vormen van ondersteuning (mensen, materiaal, ruimte …) die geheel of "
            "deels zijn geleverd; te vergelijken met de geboden ondersteuning.",
        ),
    },
    "activiteiten": {
        "gehouden": Definitie(
            "Activiteiten gehouden",
            "Activiteiten met een begin in de periode die zijn gehouden; stedelijke "
            "activiteiten tellen alleen voor heel Assen.",
        ),
        "gepland": Definitie(
            "Activiteiten gepland", "Activiteiten met een begin in de periode die nog gepland zijn."
        ),
        "afgelast": Definitie(
            "Activiteiten afgelast", "Activiteiten met een begin in de periode die zijn afgelast."
        ),
        "deelnemers": Definitie(
            "Deelnemers aan activiteiten",
            "Het aantal deelnemers aan de gehouden activiteiten, opgeteld.",
        ),
        "gemiddeld_deelnemers": Definitie(
            "Gemiddeld deelnemers per activiteit",
            "De deelnemers gedeeld door de gehouden activiteiten waarvan het aantal deelnemers "
            "bekend is.",
        ),
        "stedelijk": Definitie(
            "Stedelijke activiteiten", "Gehouden activiteiten voor heel Assen, niet in één wijk."
        ),
        "in_wijk": Definitie("Activiteiten in een wijk", "Gehouden activiteiten in een wijk."),
        "per_thema": Definitie(
            "Activiteiten per thema",
            "Gehouden activiteiten per thema; een activiteit met twee thema's telt bij elk.",
            per="thema",
        ),
    },
    "woningen": {
        "gesloopt": Definitie(
            "Woningen gesloopt",
            "Woningen gesloopt door fysieke projecten die in de periode zijn afgerond.",
        ),
        "opgeleverd": Definitie(
            "Woningen opgeleverd",
            "Woningen opgeleverd door fysieke projecten die in de periode zijn afgerond.",
        ),
        "gepland": Definitie(
            "Woningen gepland",
            "Woningen die fysieke projecten plannen die aan het einde van de periode nog niet "
            "zijn afgerond.",
        ),
        "per_eigenaar": Definitie(
            "Woningen per opdrachtgever",
            "Gesloopte, opgeleverde en geplande woningen per opdrachtgever van het project.",
            per="organisatie",
        ),
        "projecten": Definitie(
            "Projecten met woningen",
            "De fysieke projecten achter de gesloopte, opgeleverde en geplande woningen.",
        ),
    },
    "prioriteiten": {naam: d for naam, (_, _, d) in PRIORITEITCIJFERS.items()},
    "indicatoren": {
        "nulmeting": Definitie(
            "Nulmeting",
            "De waarde van de indicator bij de start, met het jaar waarin zij is gemeten.",
        ),
        "streefwaarde": Definitie(
            "Doel", "De waarde die de prioriteit wil bereiken, met het jaar waarin."
        ),
        "laatste_meting": Definitie(
            "Laatste meting",
            "De meest recente meting tot en met het jaar van de rapportage; 'nog niet gemeten' "
            "als er geen is.",
        ),
        "verschil": Definitie(
            "Verschil",
            "De laatste meting min de meting daarvoor, of min de nulmeting als er maar één "
            "meting is.",
        ),
        "trend": Definitie(
            "Trend",
            "Beter, slechter of gelijk: of het verschil de goede kant op gaat, gegeven of "
            "hoger of lager beter is.",
        ),
        "doel_bereikt": Definitie(
            "Doel bereikt?",
            "Ja als de laatste meting het doel haalt (bij 'hoger is beter' minstens het doel, "
            "bij 'lager is beter' hoogstens het doel); leeg zonder doel of meting.",
        ),
    },
}

# Fields of ``IndicatorCijfers`` that are figures; the rest (name, unit, years) describe them.
INDICATORVELDEN = tuple(DEFINITIES["indicatoren"])


def definitie(pad):
    """The definition of the figure at ``pad`` ("signalen.totaal",
    "contactmomenten.per_kanaal.project"), or None."""
    for d in definitielijst():
        if d["pad"] == pad:
            return d
    return None


def definitielijst():
    """Every figure's definition, flat, in the order of ``DEFINITIES``: where it is in the
    figures (``pad``, as in /api/v1/statistieken/), its section and key, name, definition, what
    it is counted per and the declaration in activiteiten.tellingen it is counted from."""
    return [
        {
            "pad": d.pad or f"{sectie}.{sleutel}",
            "sectie": sectie,
            "sleutel": sleutel,
            "titel": d.label,
            "uitleg": d.uitleg,
            "per": d.per,
            "telling": d.telling,
        }
        for sectie, definities in DEFINITIES.items()
        for sleutel, d in definities.items()
    ]
