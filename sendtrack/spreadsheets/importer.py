"""The import: every row checked, every problem reported with its sheet, row and column, and
the rows written through the apps' services in one transaction, all or nothing. A row that
matches what is stored is left alone, so importing the same file twice changes nothing."""

from __future__ import annotations

from datetime import date
from typing import Any, BinaryIO

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.db.models import Q

from governance.models import Body, Person
from indicators.models import Indicator, Measurement
from indicators.permissions import indicators_returned_by, indicators_visible_to
from indicators.services import measurement_save
from projects.models import Milestone, Project, Risk, Workstream
from projects.permissions import (
    can_change_baseline,
    can_change_project_details,
    can_edit_project_record,
    can_raise_risk_without_project,
    project_records_visible_to,
    projects_editable_by,
    projects_visible_to,
    risk_lead_organisation,
)
from projects.services import milestone_save, risk_save
from sendtrack.kernel.roles import is_programme_office
from sendtrack.visibility import choices_scoped_for, choices_visible_to

from . import cells
from .layout import MEASUREMENTS, MILESTONES, PROJECTS, RISKS, SHEETS, Column
from .problems import CellError, ImportReport, RowProblem, SheetCounts
from .reading import SheetRows, read_file
from .rows import Row, RowRefused, changed_fields, key_part, shown

User = AbstractBaseUser | AnonymousUser

# What a project lead may change about their own project (as on its admin page); the rest
# is the programme office's.
LEAD_EDITABLE_PROJECT_FIELDS = frozenset({"purpose", "stage", "actual_end_date"})


def can_import_spreadsheets(user: User) -> bool:
    """The programme office imports anything; project leads import their own projects' and
    indicators' rows. Directors and everyone else read only."""
    if not user.is_authenticated:
        return False
    return is_programme_office(user) or user.has_perm("projects.change_project")


def import_spreadsheet(
    *, upload: BinaryIO, filename: str, user: AbstractBaseUser, dry_run: bool
) -> ImportReport:
    """Check every row of an XLSX or CSV file and, unless this is a dry run or any row has a
    problem, write them all in one transaction. The report lists every problem by sheet, row
    and column, and what was (or would be) added and changed."""
    report = ImportReport(dry_run=dry_run)
    if not can_import_spreadsheets(user):
        report.problem(
            RowProblem(
                filename,
                None,
                message="Only the programme office and project leads import spreadsheets.",
            )
        )
        return report
    book = read_file(upload, filename)
    report.problems.extend(book.problems)
    report.notes.extend(book.notes)
    if not book.sheets and not book.problems:
        report.problem(
            RowProblem(
                filename,
                None,
                message="The file holds none of the sheets sendtrack reads: "
                + ", ".join(f"“{sheet.name}”" for sheet in SHEETS)
                + ". Start from the template.",
            )
        )
    order = {spec.name: index for index, spec in enumerate(SHEETS)}
    with transaction.atomic():
        importer = Importer(user=user, report=report)
        for sheet in sorted(book.sheets, key=lambda s: order[s.spec.name]):
            importer.import_sheet(sheet)
        if dry_run or report.problems:
            transaction.set_rollback(True)
    report.problems.sort(key=lambda p: (order.get(p.sheet, -1), p.row or 0, p.column or 0))
    return report


class Importer:
    """One import run: lookups loaded once, then each sheet's rows checked and saved."""

    def __init__(self, *, user: AbstractBaseUser, report: ImportReport):
        self.user = user
        self.report = report
        self.pmo = can_change_project_details(user=user)
        # A partner officer names only the people and boards they may choose (those of their
        # organisation; no board); the ones already named on the records they update are
        # matched too, so that an exported row comes back unchanged, but may not be named anew.
        self.scoped = choices_scoped_for(user)
        self.workstreams = list(Workstream.objects.all())
        self.bodies = list(choices_visible_to(user=user, queryset=Body.objects.all()))
        self.people = list(choices_visible_to(user=user, queryset=Person.objects.all()))
        self.kept_only: set[tuple[type, int]] = set()
        if self.scoped:
            self._add_kept_choices()
        self.projects = {
            p.code.casefold(): p for p in projects_visible_to(user=user).select_related("lead")
        }
        self.editable_projects = set(projects_editable_by(user=user).values_list("pk", flat=True))
        self.indicators = {
            i.code.casefold(): i for i in indicators_visible_to(user=user).select_related("owner")
        }
        self.returnable = set(indicators_returned_by(user=user).values_list("pk", flat=True))
        self._milestones: dict[int, list[Milestone]] = {}
        self._measurements: dict[int, dict[date, Measurement]] = {}

    def _add_kept_choices(self) -> None:
        projects = projects_visible_to(user=self.user)
        risks = project_records_visible_to(user=self.user, queryset=Risk.objects.all())
        named = {
            Person: Q(pk__in=projects.values("lead"))
            | Q(pk__in=projects.values("sponsor"))
            | Q(pk__in=risks.values("owner")),
            Body: Q(pk__in=projects.values("overseeing_body"))
            | Q(pk__in=risks.values("escalated_to")),
        }
        for model, found in ((Person, self.people), (Body, self.bodies)):
            known = {obj.pk for obj in found}
            for obj in model.objects.filter(named[model]).exclude(pk__in=known):
                found.append(obj)
                self.kept_only.add((model, obj.pk))

    def _keeps_named_records(self, row: Row, record, values: dict[str, Any]) -> None:
        """Refuse a row that names anew a person or board the user may not choose (one
        matched only because a record they update already names it)."""
        for name, value in values.items():
            if not isinstance(value, Person | Body):
                continue
            if (type(value), value.pk) in self.kept_only and getattr(
                record, f"{name}_id", None
            ) != value.pk:
                column = row.sheet.spec.by_field[name].header.lower()
                row.problem(
                    name,
                    f"You may not name “{getattr(value, 'name', value)}” as the {column}: choose "
                    + ("someone of your organisation." if isinstance(value, Person) else "none.")
                    + " Leave it as it is to keep it.",
                )
        row.stop_if_refused()

    # The sheet loop -----------------------------------------------------------------------

    def import_sheet(self, sheet: SheetRows) -> None:
        spec = sheet.spec
        counts = self.report.counts.setdefault(spec.name, SheetCounts())
        if any(c.required and c.field not in sheet.columns for c in spec.columns):
            return  # already reported: a required column is missing
        handler = {
            PROJECTS.name: self._project,
            MILESTONES.name: self._milestone,
            RISKS.name: self._risk,
            MEASUREMENTS.name: self._measurement,
        }[spec.name]
        seen: dict[tuple, int] = {}
        for number, raw in sheet.rows:
            row = Row(self, sheet, number)
            try:
                values = row.parse(raw)
                key = tuple(key_part(values.get(name)) for name in spec.key)
                # A key part left blank in an optional column (a KPI figure's period type)
                # stands for its default, so two blank ones still repeat each other; a key of
                # optional columns only (a risk's reference) identifies a row once it is given.
                needed = [n for n in spec.key if spec.by_field[n].required] or list(spec.key)
                given = dict(zip(spec.key, key, strict=True))
                if all(given[name] not in ("", None) for name in needed):
                    if key in seen:
                        row.refuse(
                            needed[-1],
                            f"This row repeats row {seen[key]} ("
                            + ", ".join(spec.by_field[name].header for name in spec.key)
                            + "): keep one of them.",
                        )
                    seen[key] = number
                outcome = handler(row, values)
            except RowRefused:
                continue
            setattr(counts, outcome, getattr(counts, outcome) + 1)

    # One handler per sheet: find the record, check the user may change it, apply, save ------

    def _project(self, row: Row, values: dict[str, Any]) -> str:
        project = self.projects.get(values["code"].casefold())
        if project is None:
            if not self.pmo:
                row.refuse(
                    "code",
                    f"None of your projects has the code “{values['code']}”, and only the "
                    "programme office adds projects.",
                )
            project = Project()
        else:
            if project.pk not in self.editable_projects:
                row.refuse("code", f"You may not update project {project.code}.")
            if not self.pmo:
                for name in changed_fields(project, values):
                    if name not in LEAD_EDITABLE_PROJECT_FIELDS:
                        row.problem(
                            name,
                            f"Only the programme office changes a project's "
                            f"{PROJECTS.by_field[name].header.lower()}. Leave it as "
                            f"“{shown(getattr(project, name))}”.",
                        )
                row.stop_if_refused()
        self._keeps_named_records(row, project, values)
        outcome = row.apply_and_save(project, values, lambda: project.save())
        self.projects[project.code.casefold()] = project
        self.editable_projects.add(project.pk)
        return outcome

    def _milestone(self, row: Row, values: dict[str, Any]) -> str:
        project = self._editable_project(row, values["project"])
        title = values["title"]
        same = [
            m for m in self._project_milestones(project) if m.title.casefold() == title.casefold()
        ]
        if len(same) > 1:
            row.refuse(
                "title",
                f"Project {project.code} has {len(same)} milestones called “{title}”: give them "
                "different titles in the admin first.",
            )
        milestone = same[0] if same else Milestone(project=project)
        if (
            milestone.pk
            and milestone.baseline_date
            and "baseline_date" in values
            and values["baseline_date"] != milestone.baseline_date
            and not can_change_baseline(user=self.user)
        ):
            row.refuse(
                "baseline_date",
                "Only the programme office can change a milestone's agreed baseline date "
                f"({milestone.baseline_date:%-d %B %Y}). Change the forecast date instead.",
            )
        outcome = row.apply_and_save(
            milestone, values, lambda: milestone_save(milestone=milestone, user=self.user)
        )
        if not same:
            self._milestones[project.pk].append(milestone)
        return outcome

    def _risk(self, row: Row, values: dict[str, Any]) -> str:
        project = values.get("project")
        if project is not None:
            self._editable_project(row, project)
            if values.get("level") in (None, ""):
                values["level"] = Risk.Level.PROJECT
        register = project_records_visible_to(user=self.user, queryset=Risk.objects.all())
        reference = values.get("reference") or ""
        if reference:
            risk = register.filter(reference__iexact=reference).first()
            if risk is None:
                row.refuse(
                    "reference",
                    f"No risk has the reference “{reference}”. Leave the reference blank for "
                    "a new risk: it is numbered for you.",
                )
            if "project" in values and risk.project_id != (project.pk if project else None):
                where = f"project {risk.project.code}" if risk.project_id else "no project"
                row.refuse(
                    "project",
                    f"Risk {risk.reference} belongs to {where}; a risk cannot move to "
                    "another project.",
                )
            values["reference"] = risk.reference
        else:
            if project is None and not can_raise_risk_without_project(
                user=self.user, level=values.get("level")
            ):
                row.refuse(
                    "project",
                    "Enter the project code: only the programme office records programme "
                    "risks, and partnership risks but for a partner organisation's own.",
                )
            values.pop("reference", None)
            same = list(
                register.filter(project=project, title__iexact=values["title"])
                if project
                else register.filter(project=None, title__iexact=values["title"])
            )
            if len(same) > 1:
                row.refuse(
                    "title",
                    f"{len(same)} risks are called “{values['title']}” "
                    + (f"in project {project.code}" if project else "at programme level")
                    + ": give the reference to say which.",
                )
            risk = same[0] if same else Risk(project=project)
        if risk.project_id and risk.project_id not in self.editable_projects:
            row.refuse("reference", f"You may not update project {risk.project.code}'s risks.")
        if (
            risk.pk
            and not risk.project_id
            and not can_edit_project_record(user=self.user, record=risk)
        ):
            row.refuse("reference", "Only the programme office updates programme risks.")
        if risk.pk is None:
            # Led as the rule says for whoever raises it (a partner officer's organisation).
            risk.organisation_id = risk_lead_organisation(user=self.user, project=project)
        self._keeps_named_records(row, risk, values)
        return row.apply_and_save(risk, values, lambda: risk_save(risk=risk, user=self.user))

    def _measurement(self, row: Row, values: dict[str, Any]) -> str:
        indicator: Indicator = values["indicator"]
        if indicator.pk not in self.returnable:
            row.refuse("indicator", f"You may not enter figures for {indicator.code}.")
        if not values.get("period_type"):
            values["period_type"] = indicator.period_type
        if indicator.pk not in self._measurements:
            self._measurements[indicator.pk] = {
                (m.period, m.period_type): m
                for m in Measurement.objects.filter(indicator=indicator)
            }
        by_period = self._measurements[indicator.pk]
        key = (values["period"], values["period_type"])
        measurement = by_period.get(key) or Measurement(indicator=indicator)
        outcome = row.apply_and_save(
            measurement,
            values,
            lambda: measurement_save(measurement=measurement, user=self.user),
        )
        by_period[(measurement.period, measurement.period_type)] = measurement
        return outcome

    # Lookups ---------------------------------------------------------------------------------

    def _editable_project(self, row: Row, project: Project) -> Project:
        if project.pk not in self.editable_projects:
            row.refuse("project", f"You may not update project {project.code}.")
        return project

    def _project_milestones(self, project: Project) -> list[Milestone]:
        if project.pk not in self._milestones:
            self._milestones[project.pk] = list(project.milestones.all()) if project.pk else []
        return self._milestones[project.pk]

    def lookup(self, column: Column, value: Any) -> Any:
        """A cell naming a workstream, person, body, project or indicator, as that record."""
        wanted = cells.text(value)
        folded = wanted.casefold()
        # A partner officer is told what they may name: a record outside it is answered as
        # one that does not exist, whether it exists or not.
        yours = " you may see" if self.scoped else ""
        if column.kind == "project":
            if folded not in self.projects:
                raise CellError(f"No project{yours} has the code “{wanted}”.")
            return self.projects[folded]
        if column.kind == "indicator":
            if folded not in self.indicators:
                raise CellError(f"No indicator{yours} has the code “{wanted}”.")
            return self.indicators[folded]
        if column.kind == "workstream":
            found = [w for w in self.workstreams if folded in (str(w.number), w.name.casefold())]
            what = "workstream"
        elif column.kind == "body":
            found = [
                b
                for b in self.bodies
                if folded in (b.name.casefold(), (b.short_name or "").casefold())
            ]
            what = "board or group"
        else:
            attribute = "email" if "@" in wanted else "name"
            found = [p for p in self.people if (getattr(p, attribute) or "").casefold() == folded]
            what = "person"
            if len(found) > 1:
                raise CellError(
                    f"{len(found)} people have the {attribute} “{wanted}”: "
                    + ("give their full name." if attribute == "email" else "give their email.")
                )
        if not found and self.scoped:
            raise CellError(
                f"No {what} you may name is called “{wanted}”"
                + (
                    ": name someone of your organisation."
                    if what == "person"
                    else ": leave it blank; the programme office fills it in."
                )
            )
        if not found:
            raise CellError(f"No {what} is called “{wanted}”. Check the spelling in the admin.")
        if len(found) > 1:
            raise CellError(f"“{wanted}” names more than one {what}: give the full name.")
        return found[0]
