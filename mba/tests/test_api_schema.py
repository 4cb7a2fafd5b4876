"""The OpenAPI schema: the committed docs/openapi.yaml is what the code generates, and the API
keeps to it. schemathesis generates requests for every operation from the live schema and runs
them against the app in-process (WSGI): no server error, no response outside the schema."""

import pytest
import schemathesis
from django.conf import settings
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

OPENAPI = settings.BASE_DIR / "docs" / "openapi.yaml"


def test_the_committed_schema_is_what_the_code_generates(tmp_path):
    nieuw = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(nieuw), "--validate", "--fail-on-warn")
    assert nieuw.read_text() == OPENAPI.read_text(), (
        "docs/openapi.yaml is niet meer gelijk aan de API. Maak hem opnieuw met "
        "`python manage.py spectacular --file docs/openapi.yaml` en commit hem."
    )


# Fuzzing only, with a bounded number of examples per operation: schemathesis' coverage phase
# (every boundary value of every parameter, ~800 requests for the contact moments alone) takes
# over a minute for the whole API.
schema = schemathesis.openapi.from_wsgi(
    "/api/schema/",
    get_wsgi_application(),
    config=schemathesis.Config.from_dict({"phases": {"coverage": {"enabled": False}}}),
)

# schemathesis sends valid and invalid values. Not checked: that every invalid value is
# refused. An empty parameter (``?wijk=``) means "no filter", as the browsable API's filter form
# sends it; every malformed value is a 400 (test_api_toegang).
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def test_the_schema_has_every_operation():
    # 12 collections with their records, the statistics, per wijk, the definitions of what is
    # counted, the report's PDF and an example's photo: each a GET.
    paden = schema.raw_schema["paths"]
    assert len(paden) == 30
    assert all(set(operaties) == {"get"} for operaties in paden.values())


@pytest.fixture
def verbinding_open():
    """Django's WSGI handler closes the database connection after each request
    (``CONN_MAX_AGE=0``), which on PostgreSQL would end the test's transaction; Django's own
    test client disconnects it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@hypothesis_settings(
    max_examples=25,
    derandomize=True,  # the same requests on every run: CI does not flake on a new example
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_the_api_keeps_to_its_schema(case, wereld, sleutel, verbinding_open):
    case.call_and_validate(headers={"Authorization": f"Api-Key {sleutel[1]}"}, checks=CHECKS)


def test_every_list_says_how_to_follow_its_next_page():
    # A generated client reads the parameter, not the README: it says to follow 'volgende' as
    # it is, or to pass its cursor with the same filters (another cursor's filters are a 400).
    cursors = [
        parameter
        for operaties in schema.raw_schema["paths"].values()
        for parameter in operaties["get"].get("parameters", [])
        if parameter["name"] == "cursor"
    ]
    assert len(cursors) == 13
    for parameter in cursors:
        assert "'volgende' zoals hij is" in parameter["description"]
        assert "dezelfde filters en sortering" in parameter["description"]
