"""What a client generated from docs/openapi.yaml (openapi-python-client, openapi-generator)
relies on: a security scheme it can send, every response described (a file download as binary,
the waiting and refusing headers), one type for the hidden counts, typed differences, every field
a row always has marked required, and descriptions written for readers, in Dutch."""

import re

import jsonschema
import pytest
import yaml
from django.conf import settings

pytestmark = pytest.mark.django_db

SCHEMA = yaml.safe_load((settings.BASE_DIR / "docs" / "openapi.yaml").read_text())
OPERATIES = [
    (pad, operatie) for pad, operaties in SCHEMA["paths"].items() for operatie in operaties.values()
]
COMPONENTEN = SCHEMA["components"]["schemas"]


def knopen(knoop):
    """Every dict in the schema, depth first."""
    if isinstance(knoop, dict):
        yield knoop
        for waarde in knoop.values():
            yield from knopen(waarde)
    elif isinstance(knoop, list):
        for waarde in knoop:
            yield from knopen(waarde)


def als_json_schema(knoop):
    """OpenAPI 3.0's ``nullable`` in JSON Schema's words, for jsonschema."""
    if isinstance(knoop, list):
        return [als_json_schema(k) for k in knoop]
    if not isinstance(knoop, dict):
        return knoop
    uit = {k: als_json_schema(v) for k, v in knoop.items() if k != "nullable"}
    return {"anyOf": [uit, {"type": "null"}]} if knoop.get("nullable") else uit


def valideer(waarde, schema):
    root = {**schema, "components": {"schemas": als_json_schema(COMPONENTEN)}}
    jsonschema.Draft7Validator(als_json_schema(root)).validate(waarde)


def test_every_operation_takes_the_key_in_x_api_key_or_in_authorization():
    schemes = SCHEMA["components"]["securitySchemes"]
    assert schemes["xApiKey"] | {"description": ""} == {
        "type": "apiKey",
        "in": "header",
        "name": "X-Api-Key",
        "description": "",
    }
    assert (schemes["apiSleutel"]["in"], schemes["apiSleutel"]["name"]) == (
        "header",
        "Authorization",
    )
    for pad, operatie in OPERATIES:
        # Each its own entry: either will do (one entry with both would ask for both).
        assert {"xApiKey": []} in operatie["security"], pad
        assert {"apiSleutel": []} in operatie["security"], pad


@pytest.mark.parametrize(
    ("pad", "eigen_type"),
    [
        ("/api/v1/jaarrapportages/{jaar}/pdf/", "application/pdf"),
        ("/api/v1/voorbeelden/{id}/fotos/{foto}/", "image/*"),
    ],
)
def test_a_file_downloads_as_binary_in_a_type_every_generator_reads(pad, eigen_type):
    inhoud = SCHEMA["paths"][pad]["get"]["responses"]["200"]["content"]
    binair = {"type": "string", "format": "binary"}
    # openapi-python-client reads application/octet-stream (and JSON, text) only: without it
    # the 200 is left out of the client, which then raises on it.
    assert inhoud == {
        eigen_type: {"schema": binair},
        "application/octet-stream": {"schema": binair},
    }


def test_waiting_and_refusals_declare_their_headers():
    for pad, operatie in OPERATIES:
        antwoorden = operatie["responses"]
        assert antwoorden["401"]["headers"]["WWW-Authenticate"]["required"] is True, pad
        for code in ("202", "429", "503"):
            if code in antwoorden:
                header = antwoorden[code]["headers"]["Retry-After"]
                assert header["required"] is True, (pad, code)
                assert header["schema"]["type"] == "integer"
    assert "202" in SCHEMA["paths"]["/api/v1/jaarrapportages/{jaar}/pdf/"]["get"]["responses"]


def test_a_hidden_count_has_one_type():
    # One enum, so one class in a generated client (there were 25 inline ones).
    enums = [k for k in knopen(SCHEMA) if "< 5" in k.get("enum", [])]
    assert enums == [COMPONENTEN["Onderdrukt"]]
    assert COMPONENTEN["Onderdrukt"]["enum"] == ["< 5", "verborgen"]
    totaal = COMPONENTEN["KengetallenContactmomenten"]["properties"]["totaal"]
    assert totaal == {"oneOf": [{"type": "integer"}, {"$ref": "#/components/schemas/Onderdrukt"}]}


# Words of English that a Dutch description does not have; and a code comment's marks.
ENGELS = re.compile(r"\b(the|and|which|this|that|with|into|row|turns|for the)\b", re.IGNORECASE)


def test_descriptions_are_written_for_readers_in_dutch():
    # Operations, components (from the views' and serializers' docstrings), fields, parameters.
    teksten = [k["description"] for k in knopen(SCHEMA) if isinstance(k.get("description"), str)]
    assert len(teksten) > 300
    for tekst in teksten:
        assert "``" not in tekst, tekst
        assert not ENGELS.search(tekst), tekst
    assert COMPONENTEN["Contactmoment"]["description"].startswith("Een contact tussen")
    assert COMPONENTEN["Fout"]["description"].startswith("Het antwoord bij elke fout")


def lijsten():
    """(path, component of a row) of every list in the schema."""
    for pad, operaties in SCHEMA["paths"].items():
        if "{" in pad or "statistieken" in pad or "definities" in pad or pad == "/api/v1/":
            continue
        ref = operaties["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        pagina = COMPONENTEN[ref["$ref"].rsplit("/", 1)[1]]
        yield pad, pagina["properties"]["resultaten"]["items"]["$ref"].rsplit("/", 1)[1]


def test_every_list_is_in_the_walk():
    assert len(list(lijsten())) == 13


@pytest.mark.parametrize(("pad", "component"), list(lijsten()))
def test_every_field_a_row_always_has_is_required(api, wereld, pad, component):
    # A generated client makes a field that is not required Optional (Unset): every field a
    # row always has is required, so the client's model says "always there".
    schema = COMPONENTEN[component]
    assert set(schema["required"]) == set(schema["properties"]), component
    if pad == "/api/v1/verwijderingen/":
        return  # nothing deleted in this world (test_api_verwijderingen reads them)
    rijen = api.get(pad).json()["resultaten"]
    assert rijen, pad
    for rij in rijen:
        assert set(rij) == set(schema["properties"]), component
        valideer(rij, {"$ref": f"#/components/schemas/{component}"})


def test_an_error_body_names_its_parameters_only_on_a_400():
    assert COMPONENTEN["Fout"]["required"] == ["fout", "status"]


def test_a_comparison_with_last_year_has_typed_differences(api, wereld):
    cijfers = api.get("/api/v1/statistieken/", {"jaar": 2021, "vergelijk": "true"}).json()
    valideer(cijfers, {"$ref": "#/components/schemas/KengetallenVergelijking"})
    verschil = COMPONENTEN["KengetallenVergelijking"]["properties"]["verschil"]
    assert verschil["allOf"] == [{"$ref": "#/components/schemas/KengetallenVerschil"}]
    activiteiten = COMPONENTEN["KengetallenVerschilActiviteiten"]
    assert activiteiten["properties"]["gehouden"] == {"type": "integer"}
    assert "gehouden" in activiteiten["required"]
    # A count that may be "< 5" in either year has no difference then: not required.
    contactmomenten = COMPONENTEN["KengetallenVerschilContactmomenten"]
    assert "required" not in contactmomenten
    assert contactmomenten["properties"]["totaal"] == {"type": "integer"}
    # Every section's differences are checked: the world has activities in both years.
    assert cijfers["verschil"]["activiteiten"]["gehouden"] == (
        cijfers["huidig"]["activiteiten"]["gehouden"]
        - cijfers["vorige"]["activiteiten"]["gehouden"]
    )
