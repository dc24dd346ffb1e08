"""Helpers for driving the admin as an officer does: open a change page, change some fields,
submit the whole form."""

from __future__ import annotations

import pytest
from django.test import Client

from tests import factories as f


def admin_form_data(response) -> dict:
    """The POST data the change page's form would submit untouched: the main form, every
    inline's management form and rows (including the empty extra rows)."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms.append(inline.formset.management_form)
        forms.extend(inline.formset.forms)
    data: dict = {}
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is None:
                continue
            if isinstance(value, bool):
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            else:
                data[bound.html_name] = str(value)
    return data


def add_inline_row(data: dict, prefix: str, **fields) -> dict:
    """Append a new row to an inline formset in ``data``."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    for name, value in fields.items():
        data[f"{prefix}-{index}-{name}"] = str(value)
    return data


def inline_row_index(data: dict, prefix: str, pk: int) -> int:
    """The index of the saved row with primary key ``pk`` in an inline formset."""
    for index in range(int(data[f"{prefix}-TOTAL_FORMS"])):
        if data.get(f"{prefix}-{index}-id") == str(pk):
            return index
    raise AssertionError(f"row {pk} not in {prefix}")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def lead(db):
    """A project lead's login and the person record that links it to their projects."""
    user = f.lead_user(username="lead", first_name="Priya", last_name="Shah")
    person = f.PersonFactory(name="Priya Shah", user=user)
    return user, person


@pytest.fixture
def pmo(db):
    return f.pmo_user(username="pmo")


@pytest.fixture
def director(db):
    return f.director_user(username="director")
