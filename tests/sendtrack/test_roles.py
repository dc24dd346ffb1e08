"""The groups exist with exactly their role's permissions, for every model of the programme,
including models added after the groups were first created."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from sendtrack.kernel import roles

pytestmark = pytest.mark.django_db

PROGRAMME_MODELS = [model for app in roles.APPS for model in apps.get_app_config(app).get_models()]


def _codenames(group_name: str) -> set[str]:
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name=group_name).permissions.select_related("content_type")
    }


def test_the_programme_office_may_do_everything_to_every_model():
    expected = {
        f"{m._meta.app_label}.{action}_{m._meta.model_name}"
        for m in PROGRAMME_MODELS
        for action in roles.ALL_ACTIONS
    }
    assert _codenames(roles.PROGRAMME_OFFICE) == expected


def test_directors_read_every_model_change_none_and_approve_publications():
    expected = {f"{m._meta.app_label}.view_{m._meta.model_name}" for m in PROGRAMME_MODELS}
    assert _codenames(roles.DIRECTORS) == expected | {"sendtrack.approve_publication"}


def test_scrutiny_members_read_only_the_request_log_and_its_meetings():
    assert _codenames(roles.SCRUTINY_MEMBERS) == {
        "governance.view_body",
        "governance.view_meeting",
        "governance.view_informationrequest",
    }


def test_project_leads_update_their_work_but_never_delete_a_milestone():
    granted = _codenames(roles.PROJECT_LEADS)
    assert granted == set(roles.PROJECT_LEAD_PERMISSIONS)
    assert "projects.change_statusreport" in granted
    assert "projects.delete_milestone" not in granted
    assert not any(p.startswith("projects.add_project") for p in granted)


def test_migrate_brings_the_groups_up_to_date():
    # given a group that has lost its permissions (as if a model were added later)
    Group.objects.get(name=roles.PROGRAMME_OFFICE).permissions.clear()
    assert Permission.objects.exists()

    # when migrations run again
    call_command("migrate", verbosity=0)

    # then the group is whole again
    assert len(_codenames(roles.PROGRAMME_OFFICE)) == 4 * len(PROGRAMME_MODELS)
