"""The OpenAPI schema, fuzzed (schemathesis, on hypothesis): every operation, with parameters
drawn from the schema and beyond it, answers without a server error, with a status, a content
type and a body the schema states. Deterministic (derandomized, no example database) and short
(a few examples per operation)."""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.api import api
from rrma.wsgi import application
from tests.api.test_api import one_of_each

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


SCHEMA_URL = "/api/v1/openapi.json"
# The schema the portal serves, read without a request (collection may not use the database,
# which a request's middleware reads); test_the_fuzzed_schema_is_the_served_one checks it is.
RAW_SCHEMA = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/")))
schema = schemathesis.openapi.from_dict(RAW_SCHEMA)
schema.app = application
schema.location = SCHEMA_URL


@pytest.fixture(autouse=True)
def records(territories, settings):
    # The fuzzer's hundreds of requests come from one address: above the rate limit's reach.
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "api_read": "100000/m/ip"}
    one_of_each()
    # Requests go through the WSGI application itself, which closes the database connection
    # after each one; the test's transaction needs it open (as Django's test client does).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_fuzzed_schema_is_the_served_one(client):
    assert client.get(SCHEMA_URL).json() == RAW_SCHEMA


@schema.parametrize()
@settings(
    max_examples=8,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_as_its_schema_says(case):
    # The WSGI test client gives no client address, which the rate limit counts by, and
    # does not decompress answers.
    case.call_and_validate(
        checks=CHECKS,
        headers={"Accept-Encoding": "identity"},
        environ_overrides={"REMOTE_ADDR": "192.0.2.10"},
    )
