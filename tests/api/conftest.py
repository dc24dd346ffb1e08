"""Clients for the API as each role holds it: a token for scripts and Power BI, as analysts use."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from schemathesis.pytest.plugin import SchemathesisFunction

from tests import factories as f


def token_client(user) -> APIClient:
    """A client that authenticates as ``user`` with an API token."""
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def lead(db):
    """A project lead's login and the person record that links it to their projects."""
    user = f.lead_user(username="lead", first_name="Priya", last_name="Shah")
    return user, f.PersonFactory(name="Priya Shah", user=user)


@pytest.fixture
def other_lead(db):
    user = f.lead_user(username="other-lead")
    return user, f.PersonFactory(name="Omar Ali", user=user)


@pytest.fixture
def pmo(db):
    return f.pmo_user(username="pmo")


@pytest.fixture
def director(db):
    return f.director_user(username="director")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Each schemathesis operation under an address of its own.

    pytest 9 builds a test's address from its function's name and its parametrize ids, and
    schemathesis gives the tests it makes for the operations neither, only a name per operation
    (``test_every_operation…[GET /api/v1/areas/]``): all 103 shared one address, and
    pytest-xdist, which hands tests to its workers by address, ran one of them. The address is
    made from the name, as pytest made it before."""
    for item in items:
        if isinstance(item, SchemathesisFunction) and item.operation_label:
            item._id = item.parent.id.child(item.originalname).with_params(item.operation_label)
