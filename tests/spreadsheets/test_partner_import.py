"""A partner officer (an ICB commissioner) imports a spreadsheet: it matches only the projects,
people and risks they may see and update; a row naming anything else is refused by its row
number, saying what they may name; nothing of a file with such a row is saved; and their own
export comes back unchanged."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command

from governance.models import Organisation
from projects.models import Milestone, Project, Risk
from projects.services import risk_save
from tests import factories as f
from tests.spreadsheets.conftest import workbook

ICB = "NHS Kent and Medway Integrated Care Board"
RISK_HEADERS = ["Reference", "Level", "Title", "Likelihood", "Impact", "Owner", "Raised on"]


@pytest.fixture
def partnership(db):
    """The ICB's project, a joint one the council leads, the council's own, and a joint
    partnership risk kept by a council officer."""
    council = f.OrganisationFactory(name="Kent County Council", kind=Organisation.Kind.COUNCIL)
    icb = f.OrganisationFactory(name=ICB, kind=Organisation.Kind.HEALTH)
    officer = f.PersonFactory(
        user=f.partner_user(username="icb"), organisation=icb, name="Rachel Kim"
    )
    council_officer = f.PersonFactory(organisation=council, name="Colin Council")
    f.ProjectFactory(code="ICB-01", organisation=icb, lead=officer)
    joint = f.ProjectFactory(code="JNT-01", organisation=council, lead=council_officer)
    joint.co_owners.add(icb)
    f.ProjectFactory(code="KCC-01", organisation=council, lead=council_officer)
    risk = risk_save(
        risk=f.RiskFactory.build(
            project=None,
            level=Risk.Level.PARTNERSHIP,
            organisation=council,
            owner=council_officer,
            title="Joint waits",
        )
    )
    risk.co_owners.add(icb)
    return SimpleNamespace(icb=icb, council=council, officer=officer, risk=risk)


def _save(tmp_path, name: str, content) -> str:
    path = tmp_path / name
    path.write_bytes(content.getvalue())
    return str(path)


def _stamps() -> list:
    return [
        sorted(model.objects.values_list("pk", "updated_at"))
        for model in (Project, Milestone, Risk)
    ]


def test_their_own_export_comes_back_unchanged(partnership, tmp_path, capsys):
    path = tmp_path / "export.xlsx"
    call_command("export_spreadsheet", str(path), "--user", "icb")
    before = _stamps()

    call_command("import_spreadsheet", str(path), "--user", "icb")

    out = capsys.readouterr().out
    assert "Projects: 0 added, 0 changed, 2 already up to date." in out
    assert "Risks: 0 added, 0 changed, 1 already up to date." in out
    assert _stamps() == before


def test_rows_naming_what_they_may_not_see_are_refused_and_nothing_is_saved(
    partnership, tmp_path, capsys
):
    raised = str(partnership.risk.raised_on)
    content = workbook(
        {
            "Milestones": [
                ["Project code", "Milestone", "Forecast date"],
                ["ICB-01", "Clinic opens", "2027-01-31"],
                ["KCC-01", "Council plan", "2027-01-31"],
            ],
            "Risks": [
                RISK_HEADERS,
                ["", "Partnership", "Therapy waits", 3, 4, "Rachel Kim", "2025-01-06"],
                ["", "Partnership", "Handed over", 3, 4, "Colin Council", "2025-01-06"],
                [
                    partnership.risk.reference,
                    "Partnership",
                    "Joint waits",
                    5,
                    5,
                    "Rachel Kim",
                    raised,
                ],
                ["", "Programme", "Programme-wide", 3, 3, "Rachel Kim", "2025-01-06"],
            ],
        }
    )
    before = _stamps()

    with pytest.raises(CommandError):
        call_command("import_spreadsheet", _save(tmp_path, "f.xlsx", content), "--user", "icb")

    err = capsys.readouterr().err.splitlines()
    assert err[:2] == [
        "Milestones, row 3, column A (Project code): No project you may see has the code “KCC-01”.",
        "Risks, row 3, column F (Owner): You may not name “Colin Council” as the owner: "
        "choose someone of your organisation. Leave it as it is to keep it.",
    ]
    assert any(line.startswith("Risks, row 5,") for line in err)
    assert not any(line.startswith(("Risks, row 2,", "Risks, row 4,")) for line in err)
    assert _stamps() == before  # the good rows were not saved either


def test_a_partnership_risk_they_raise_is_led_by_their_organisation(partnership, tmp_path, capsys):
    raised = str(partnership.risk.raised_on)
    content = workbook(
        {
            "Risks": [
                RISK_HEADERS,
                ["", "Partnership", "Therapy waits", 3, 4, "Rachel Kim", "2025-01-06"],
                [
                    partnership.risk.reference,
                    "Partnership",
                    "Joint waits",
                    5,
                    5,
                    "Colin Council",
                    raised,
                ],
            ]
        }
    )
    call_command("import_spreadsheet", _save(tmp_path, "r.xlsx", content), "--user", "icb")
    assert Risk.objects.get(title="Therapy waits").organisation == partnership.icb
    joint = Risk.objects.get(pk=partnership.risk.pk)
    assert (joint.likelihood, joint.organisation) == (5, partnership.council)
