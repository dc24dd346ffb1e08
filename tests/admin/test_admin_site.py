"""Every admin page opens on the demo data, for the people who are meant to open it."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from .conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.fixture
def demo_users():
    call_command("load_demo", "--as-of", "2026-11-24", stdout=StringIO())
    return {user.username: user for user in get_user_model().objects.all()}


def _urls(model, user) -> list[str]:
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    urls = [reverse(f"{name}_changelist")]
    # What sendtrack records by itself (snapshots, emails sent) has no page to add one.
    request = RequestFactory().get("/")
    request.user = user
    if admin.site._registry[model].has_add_permission(request):
        urls.append(reverse(f"{name}_add"))
    first = model._default_manager.order_by("pk").first()
    if first is not None:
        urls.append(reverse(f"{name}_change", args=[first.pk]))
    return urls


def test_every_page_opens_for_the_superuser(demo_users):
    client = client_for(demo_users["admin"])
    failures = []
    for model in MODELS:
        for url in _urls(model, demo_users["admin"]):
            status = client.get(url).status_code
            if status != 200:
                failures.append((url, status))
    assert failures == []


@pytest.mark.parametrize("username", ["pmo", "director", "lead"])
def test_every_programme_list_opens_for_each_role_or_is_refused_cleanly(demo_users, username):
    client = client_for(demo_users[username])
    statuses = {}
    for model in MODELS:
        if model._meta.app_label not in {"governance", "projects", "indicators", "sendtrack"}:
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        statuses[model._meta.label] = client.get(url).status_code
    assert set(statuses.values()) <= {200, 403}
    expected_200 = {"projects.Project", "projects.StatusReport", "indicators.Indicator"}
    assert all(statuses[label] == 200 for label in expected_200)
    if username != "lead":
        assert set(statuses.values()) == {200}


def test_the_demo_lead_sees_their_three_projects(demo_users):
    response = client_for(demo_users["lead"]).get(reverse("admin:projects_project_changelist"))

    codes = [project.code for project in response.context["cl"].result_list]
    assert codes == ["STA-04", "SUF-01", "SUF-05"]
