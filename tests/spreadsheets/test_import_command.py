"""The import and export through the management commands: round trips, dry runs, all or
nothing, the services' bookkeeping and who may import what."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from indicators.models import Measurement
from projects.models import Milestone, Project, Risk
from sendtrack.spreadsheets.layout import SHEETS
from sendtrack.spreadsheets.writing import export_workbook
from tests import factories as f
from tests.spreadsheets.conftest import sheet_rows, workbook

pytestmark = pytest.mark.django_db


def _stamps() -> list:
    """Every imported record's last-changed time, to show that nothing was written."""
    return [
        sorted(model.objects.values_list("pk", "updated_at"))
        for model in (Project, Milestone, Risk, Measurement)
    ]


def _save(tmp_path, name: str, content) -> str:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.getvalue())
    return str(path)


def test_export_then_import_changes_nothing(programme, tmp_path, capsys):
    # given the programme office's export of everything
    path = tmp_path / "export.xlsx"
    call_command("export_spreadsheet", str(path), "--user", "pmo")
    before = _stamps()
    # when it is imported again as it is
    call_command("import_spreadsheet", str(path), "--user", "pmo")
    # then every row is reported as up to date and nothing was saved
    out = capsys.readouterr().out
    assert "Projects: 0 added, 0 changed, 2 already up to date." in out
    assert "KPI figures: 0 added, 0 changed, 2 already up to date." in out
    assert _stamps() == before


def test_the_export_has_the_templates_shape(programme, tmp_path):
    template, export = tmp_path / "t.xlsx", tmp_path / "e.xlsx"
    call_command("export_spreadsheet", str(template), "--template")
    call_command("export_spreadsheet", str(export), "--user", "pmo")
    for sheet in SHEETS:
        headers = sheet_rows(template.read_bytes(), sheet.name)
        assert headers == [sheet.headers]
        assert sheet_rows(export.read_bytes(), sheet.name)[0] == sheet.headers
    assert sheet_rows(export.read_bytes(), "Projects")[1][:2] == [
        "SUF-01",
        "More special school places",
    ]


def test_a_filled_in_template_is_imported_through_the_services_and_again_changes_nothing(
    programme, tmp_path, capsys
):
    # given a workbook adding a project, a milestone, a risk and a figure
    content = workbook(
        {
            "About": [["Notes for whoever fills this in"]],
            "Projects": [
                [s.header for s in SHEETS[0].columns],
                [
                    "SUF-03",
                    "Outreach",
                    "",
                    1,
                    "lee@example.org",
                    "",
                    programme.own.overseeing_body.name,
                    "Planning",
                    "Tier 1 – critical",
                    date(2026, 1, 5),
                    "31/03/2027",
                    None,
                    "No",
                    None,
                ],
            ],
            "Milestones": [
                [
                    "Project code",
                    "Milestone",
                    "Baseline date",
                    "Forecast date",
                    "Completed date",
                    "Key milestone",
                ],
                ["SUF-03", "Plan agreed", "2026-02-01", "1 March 2026", "", "yes"],
            ],
            "Risks": [
                [
                    "Reference",
                    "Project code",
                    "Title",
                    "Likelihood",
                    "Impact",
                    "Owner",
                    "Raised on",
                ],
                ["", "SUF-03", "No staff", 4, 5, "Lee Lead", date(2026, 1, 10)],
            ],
            "KPI figures": [
                ["Indicator code", "Month", "Value", "Status"],
                ["KPI-01", "October 2026", "64.2%", "Provisional"],
            ],
        }
    )
    path = _save(tmp_path, "new.xlsx", content)
    # when the programme office imports it
    call_command("import_spreadsheet", path, "--user", "pmo")
    # then each record exists as given, numbered and attributed by the services
    project = Project.objects.get(code="SUF-03")
    assert (project.stage, project.priority_tier, project.planned_end_date) == (
        "planning",
        1,
        date(2027, 3, 31),
    )
    milestone = project.milestones.get()
    assert (milestone.baseline_date, milestone.forecast_date, milestone.is_key) == (
        date(2026, 2, 1),
        date(2026, 3, 1),
        True,
    )
    assert Risk.objects.get(project=project).reference == "SUF-03-R1"
    figure = Measurement.objects.get(indicator=programme.indicator, period=date(2026, 10, 1))
    assert (figure.value, figure.status, figure.entered_by) == (
        Decimal("64.2"),
        "provisional",
        programme.pmo,
    )
    assert Risk.history.filter(reference="SUF-03-R1").get().history_user == programme.pmo
    # and importing the same file again changes nothing, not even the new risk's number
    capsys.readouterr()
    before = _stamps()
    call_command("import_spreadsheet", path, "--user", "pmo")
    assert "0 added, 0 changed" in capsys.readouterr().out
    assert _stamps() == before
    assert Risk.objects.filter(project=project).count() == 1


def test_a_dry_run_writes_nothing(programme, tmp_path, capsys):
    content = workbook(
        {"KPI figures": [["Indicator code", "Month", "Value"], ["KPI-01", "2026-10", 70]]}
    )
    call_command(
        "import_spreadsheet", _save(tmp_path, "k.xlsx", content), "--user", "pmo", "--dry-run"
    )
    out = capsys.readouterr().out
    assert "KPI figures: 1 to add, 0 to change" in out
    assert "Dry run: nothing was written." in out
    assert not Measurement.objects.filter(period=date(2026, 10, 1)).exists()


def test_one_bad_row_means_nothing_is_written(programme, tmp_path, capsys):
    # given a file whose second figure is impossible
    content = workbook(
        {
            "Milestones": [
                ["Project code", "Milestone", "Forecast date"],
                ["SUF-01", "Business case approved", "2027-01-31"],
            ],
            "KPI figures": [
                ["Indicator code", "Month", "Value"],
                ["KPI-01", "October 2026", 70],
                ["KPI-01", "November 2026", 170],
            ],
        }
    )
    before = _stamps()
    # when it is imported, then the command fails naming the row and column
    with pytest.raises(CommandError, match="Nothing was imported: 1 problem"):
        call_command("import_spreadsheet", _save(tmp_path, "k.xlsx", content), "--user", "pmo")
    assert (
        "KPI figures, row 3, column C (Value): This indicator is a percentage: enter a number "
        "from 0 to 100." in capsys.readouterr().err
    )
    # and neither the good milestone change nor the good figure was kept
    assert _stamps() == before
    assert Milestone.objects.get(title="Business case approved").forecast_date is None


def test_a_csv_file_of_figures_is_recognised_by_its_headers(programme, tmp_path):
    path = tmp_path / "figures.csv"
    path.write_text("Indicator code;Month;Value;Note\nKPI-01;Nov 2026;1,5;\n", encoding="utf-8-sig")
    with pytest.raises(CommandError):
        call_command("import_spreadsheet", str(path), "--user", "pmo")
    path.write_text("Indicator code,Month,Value,Note\r\nKPI-01,Nov 2026,65.5,Estimate\r\n")
    call_command("import_spreadsheet", str(path), "--user", "pmo")
    figure = Measurement.objects.get(indicator=programme.indicator, period=date(2026, 11, 1))
    assert (figure.value, figure.note) == (Decimal("65.5"), "Estimate")


def test_a_lead_imports_only_their_own_projects_rows(programme, tmp_path, capsys):
    # given a lead's file touching their project, another lead's project and indicator,
    # and their own project's title
    content = workbook(
        {
            "Projects": [
                [s.header for s in SHEETS[0].columns],
                [
                    "SUF-01",
                    "A new title",
                    "",
                    1,
                    "lee@example.org",
                    "",
                    programme.own.overseeing_body.name,
                    "Delivery",
                    "Tier 2 – high",
                    None,
                    None,
                    None,
                    "No",
                    None,
                ],
            ],
            "Milestones": [
                ["Project code", "Milestone", "Forecast date"],
                ["SUF-01", "Business case approved", "2027-01-31"],
                ["SUF-02", "Sites chosen", "2027-01-31"],
            ],
            "KPI figures": [["Indicator code", "Month", "Value"], ["KPI-02", "Oct 2026", 1]],
        }
    )
    with pytest.raises(CommandError):
        call_command("import_spreadsheet", _save(tmp_path, "l.xlsx", content), "--user", "lead")
    err = capsys.readouterr().err.splitlines()
    # then the other lead's project and indicator are "not found", and the title is the
    # programme office's to change
    assert err == [
        "Projects, row 2, column B (Title): Only the programme office changes a project's "
        "title. Leave it as “More special school places”.",
        "Milestones, row 3, column A (Project code): No project has the code “SUF-02”.",
        "KPI figures, row 2, column A (Indicator code): No indicator has the code “KPI-02”.",
    ]
    # when the lead keeps to their own rows, their change is imported
    content = workbook(
        {
            "Milestones": [
                ["Project code", "Milestone", "Forecast date"],
                ["SUF-01", "Business case approved", "2027-01-31"],
            ]
        }
    )
    call_command("import_spreadsheet", _save(tmp_path, "m.xlsx", content), "--user", "lead")
    assert Milestone.objects.get(title="Business case approved").forecast_date == date(2027, 1, 31)


def test_a_lead_cannot_move_an_agreed_baseline(programme, tmp_path, capsys):
    content = workbook(
        {
            "Milestones": [
                ["Project code", "Milestone", "Baseline date"],
                ["SUF-01", "Business case approved", "2026-06-01"],
            ]
        }
    )
    with pytest.raises(CommandError):
        call_command("import_spreadsheet", _save(tmp_path, "b.xlsx", content), "--user", "lead")
    assert "column C (Baseline date): Only the programme office can change" in (
        capsys.readouterr().err
    )


def test_a_director_imports_nothing(programme, tmp_path, capsys):
    content = workbook({"KPI figures": [["Indicator code", "Month", "Value"]]})
    with pytest.raises(CommandError):
        call_command("import_spreadsheet", _save(tmp_path, "d.xlsx", content), "--user", "director")
    assert "Only the programme office and project leads import spreadsheets." in (
        capsys.readouterr().err
    )


def test_a_file_that_is_not_a_spreadsheet_is_refused_plainly(programme, tmp_path, capsys):
    with pytest.raises(CommandError):
        call_command("import_spreadsheet", _save(tmp_path, "x.xlsx", b"not a zip"), "--user", "pmo")
    assert "cannot be opened as an Excel workbook" in capsys.readouterr().err


@pytest.mark.parametrize("extra", [1, 6])
def test_the_export_reads_a_fixed_number_of_queries(programme, django_assert_num_queries, extra):
    for _ in range(extra):
        project = f.ProjectFactory(workstream=programme.workstream, lead=programme.lead_person)
        f.MilestoneFactory(project=project)
        f.RiskFactory(project=project, owner=programme.lead_person, reference=None)
        f.MeasurementFactory(indicator=f.IndicatorFactory(owner=programme.lead_person))
    pmo = programme.pmo
    pmo._sendtrack_groups = frozenset(pmo.groups.values_list("name", flat=True))  # as a request
    with django_assert_num_queries(4):
        content = export_workbook(user=pmo)
    assert len(sheet_rows(content, "Projects")) == 1 + 2 + extra


def test_a_risk_is_found_by_its_reference_alone(programme, tmp_path, capsys):
    # given a lead's sheet of risks with no project column, naming their risk by reference
    content = workbook(
        {
            "Risks": [
                ["Reference", "Title", "Likelihood", "Impact", "Owner", "Raised on"],
                [programme.risk.reference, "Builder", 5, 4, "lee@example.org", "2025-01-01"],
            ]
        }
    )
    call_command("import_spreadsheet", _save(tmp_path, "r.xlsx", content), "--user", "lead")
    # then that risk is rescored, and no other is added
    programme.risk.refresh_from_db()
    assert programme.risk.likelihood == 5
    assert Risk.objects.count() == 1
    assert "Risks: 0 added, 1 changed" in capsys.readouterr().out


def test_the_export_drops_the_control_characters_excel_refuses(programme):
    # given a project purpose pasted from Word, with a vertical tab in it
    Project.objects.filter(code="SUF-01").update(purpose="Places\x0bin Ashford")

    # when the programme office exports
    content = export_workbook(user=programme.pmo)

    # then the workbook is written, with the text less the character
    assert any("Placesin Ashford" in map(str, row) for row in sheet_rows(content, "Projects"))


def test_figures_for_months_not_yet_begun_are_refused_by_row(
    programme, tmp_path, capsys, on_4_december_2026
):
    # given a project lead's file on 4 December 2026 with figures for this month and January
    content = workbook(
        {
            "KPI figures": [
                ["Indicator code", "Month", "Value"],
                ["KPI-01", "December 2026", 70],
                ["KPI-01", "January 2027", 72],
            ],
        }
    )
    before = _stamps()

    with pytest.raises(CommandError, match="Nothing was imported: 1 problem"):
        call_command("import_spreadsheet", _save(tmp_path, "k.xlsx", content), "--user", "lead")

    # then the report names the row and column, and nothing, not even December's, is written
    assert (
        "KPI figures, row 3, column B (Month): This period starts on 1 January 2027, after "
        "today (4 December 2026)." in capsys.readouterr().err
    )
    assert _stamps() == before


def test_an_import_raises_the_version_of_each_milestone_and_risk_it_changes(programme, tmp_path):
    # given a lead's sheet moving a milestone's forecast and rescoring a risk
    content = workbook(
        {
            "Milestones": [
                ["Project code", "Milestone", "Forecast date"],
                ["SUF-01", "Business case approved", "2027-01-31"],
            ],
            "Risks": [
                ["Reference", "Title", "Likelihood", "Impact", "Owner", "Raised on"],
                [programme.risk.reference, "Builder", 5, 4, "lee@example.org", "2025-01-01"],
            ],
        }
    )
    # when it is imported
    call_command("import_spreadsheet", _save(tmp_path, "v.xlsx", content), "--user", "lead")
    # then each is saved as a new version, so a page opened before the import cannot undo it
    milestone = Milestone.objects.get(title="Business case approved")
    programme.risk.refresh_from_db()
    assert (milestone.forecast_date, milestone.version) == (date(2027, 1, 31), 2)
    assert (programme.risk.likelihood, programme.risk.version) == (5, 2)
    assert Milestone.objects.get(title="Sites chosen").version == 1


def test_a_milestone_changed_while_the_file_is_imported_is_refused_by_row(
    programme, tmp_path, capsys, monkeypatch
):
    # given someone saves the milestone after the import read it, before the import saves it
    from django.db.models import F

    from projects.services import milestone_save
    from sendtrack.spreadsheets import importer

    def save_after_someone_else(*, milestone, user):
        Milestone.objects.filter(pk=milestone.pk).update(version=F("version") + 1)
        return milestone_save(milestone=milestone, user=user)

    monkeypatch.setattr(importer, "milestone_save", save_after_someone_else)
    content = workbook(
        {
            "Milestones": [
                ["Project code", "Milestone", "Forecast date"],
                ["SUF-01", "Business case approved", "2027-01-31"],
            ]
        }
    )
    # when it is imported, then the row is refused, saying the milestone was changed meanwhile
    with pytest.raises(CommandError, match="Nothing was imported: 1 problem"):
        call_command("import_spreadsheet", _save(tmp_path, "s.xlsx", content), "--user", "pmo")
    err = capsys.readouterr().err
    assert "Milestones, row 2" in err
    assert "This milestone was changed by" in err
    assert Milestone.objects.get(title="Business case approved").forecast_date is None
