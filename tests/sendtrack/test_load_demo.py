"""The demonstration data: built from the seeds, complete, deterministic, and all or nothing."""

from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.http import HttpRequest
from django.test import Client

from governance.models import (
    AreaAssessment,
    AreaOfWeakness,
    ImprovementPlan,
    InformationRequest,
    Inspection,
    Meeting,
    Membership,
    Person,
    PlanAction,
)
from governance.selectors import areas_with_current_assessment, plan_actions_with_status
from indicators.models import Benchmark, Indicator, Measurement, Target
from projects.models import Milestone, Project, Risk, StatusReport, Workstream
from projects.selectors import projects_missing_report
from projects.services import milestone_save, risk_save
from sendtrack.demo import DEMO_PASSWORD, demo_counts, sources

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

AS_OF = "2026-11-24"


def load(as_of=AS_OF) -> str:
    out = StringIO()
    call_command("load_demo", "--as-of", as_of, stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    """Every demo value users see, without timestamps."""
    return {
        "projects": list(
            Project.objects.values_list("code", "title", "lead__name", "stage", "savings_target")
        ),
        "reports": list(StatusReport.objects.values_list("project__code", "period", "rag")),
        "milestones": list(
            Milestone.objects.values_list(
                "project__code", "title", "baseline_date", "forecast_date", "completed_date"
            )
        ),
        "risks": list(Risk.objects.values_list("reference", "likelihood", "impact", "status")),
        "measurements": list(
            Measurement.objects.values_list("indicator__code", "period", "value", "status")
        ),
        "areas": list(Project.areas.through.objects.values_list("project_id", "areaofweakness_id")),
    }


def test_loading_twice_gives_the_same_records_and_values():
    # given the demo loaded once
    first_out = load()
    counts, values = demo_counts(), snapshot()

    # when it is loaded again
    load()

    # then nothing was added or changed
    assert demo_counts() == counts
    assert snapshot() == values
    assert "pmo" in first_out
    assert DEMO_PASSWORD in first_out
    assert f"{counts['projects']:>6}  projects" in first_out


def test_loading_again_over_an_officers_edits_raises_their_versions():
    # given the demo loaded, and an officer who then moved a forecast and rescored a risk
    load()
    milestone = Milestone.objects.filter(forecast_date__isnull=False).first()
    risk = Risk.objects.filter(likelihood__lt=5).first()
    untouched = Milestone.objects.exclude(pk=milestone.pk).first()
    demo_forecast, demo_likelihood = milestone.forecast_date, risk.likelihood
    milestone.forecast_date = demo_forecast + timedelta(days=30)
    milestone_save(milestone=milestone)
    risk.likelihood = demo_likelihood + 1
    risk_save(risk=risk)

    # when the demo is loaded again (its bulk writes put the demonstration values back)
    load()

    # then each record it changed is a new version, so a page opened before cannot undo it,
    # and a record it left alone keeps its version
    milestone.refresh_from_db()
    risk.refresh_from_db()
    assert (milestone.forecast_date, milestone.version) == (demo_forecast, 3)
    assert (risk.likelihood, risk.version) == (demo_likelihood, 3)
    assert Milestone.objects.get(pk=untouched.pk).version == 1


def test_the_demo_has_the_programme_at_full_size():
    load()
    last_month = date(2026, 10, 1)

    assert Workstream.objects.count() == 6
    assert Project.objects.count() >= 54
    for workstream in Workstream.objects.all():
        assert workstream.projects.count() >= 8, workstream
    # 24 months of reports for every project still running
    running = Project.objects.exclude(stage=Project.Stage.CLOSED)
    for project in running:
        periods = set(project.reports.values_list("period", flat=True))
        assert len(periods) >= 23, project.code
    assert 1 <= projects_missing_report(period=last_month).count() <= 8
    assert set(StatusReport.objects.values_list("rag", flat=True)) >= {"red", "amber", "green"}
    assert Milestone.objects.count() >= 54 * 4
    assert Risk.objects.filter(level=Risk.Level.PROGRAMME).count() >= 8
    assert Risk.objects.filter(level=Risk.Level.PARTNERSHIP).count() >= 5

    monthly = Indicator.objects.filter(frequency=Indicator.Frequency.MONTHLY)
    assert monthly.count() >= 20
    for indicator in monthly:
        assert indicator.measurements.count() >= 36, indicator.code
    with_benchmarks = Indicator.objects.filter(
        benchmarks__comparator=Benchmark.Comparator.ENGLAND
    ).distinct()
    assert with_benchmarks.count() >= 5
    assert Target.objects.count() >= 15


def test_the_demo_keeps_the_seeds_real_names_dates_and_figures():
    load()

    areas = AreaOfWeakness.objects.filter(inspection__start_date=date(2019, 1, 28))
    assert sorted(areas.values_list("number", flat=True)) == list(range(1, 10))
    assert set(areas.filter(wording_confirmed=False).values_list("number", flat=True)) == {8, 9}

    sub_committee = Meeting.objects.filter(body__name="SEND Scrutiny Sub-Committee", is_demo=False)
    assert set(sub_committee.values_list("date", flat=True)) == {
        date(2023, 3, 22),
        date(2023, 6, 6),
        date(2023, 7, 19),
    }
    requests = InformationRequest.objects.filter(meeting__date=date(2023, 7, 19))
    assert sorted(requests.values_list("reference", flat=True)) == ["21a", "21b", "21c", "21d"]
    outstanding = requests.outstanding()
    assert [r.reference for r in outstanding] == ["21c"]
    assert outstanding.get().due_date is None
    assert requests.get(reference="21d").recurring

    short_term = PlanAction.objects.filter(timescale=PlanAction.Timescale.NEXT_MEETING)
    assert {a.title for a in short_term} >= {
        "Draft the SEND sufficiency strategy",
        "Establish the SEND Enquiries Hub",
        "Complete the communications materials",
        "Establish the SEND Assurance Delivery Group",
    }
    # promised to the Sub-Committee of 22 March 2023, so due at its next meeting, 6 June 2023
    promised = plan_actions_with_status(today=date(2026, 11, 24)).filter(
        promised_at__date=date(2023, 3, 22)
    )
    assert {a.effective_due_date for a in promised} == {date(2023, 6, 6)}
    assert {a.reference for a in promised} == {"ST1", "ST2", "ST3", "ST4"}
    # minute 17 of 19 July 2023: the new teams' structure is in place
    assert PlanAction.objects.get(reference="R-T1").status == PlanAction.Status.COMPLETE
    assert Membership.objects.get(person__name="Rory Love", body=sub_committee[0].body).role == (
        Membership.Role.ATTENDEE
    )

    def figure(code, period):
        return Measurement.objects.get(indicator__code=code, period=period).value

    assert figure("KPI-04", date(2023, 6, 1)) == 253
    assert Target.objects.get(indicator__code="KPI-04").value == 300
    assert figure("KPI-05", date(2023, 6, 1)) == 149
    assert figure("KPI-02", date(2023, 9, 1)) == 1080
    assert figure("KPI-02", date(2024, 1, 1)) == 397
    assert figure("KPI-03", date(2022, 9, 1)) == 12180
    assert figure("KPI-03", date(2024, 2, 1)) == 8310
    assert figure("KPI-25", date(2023, 9, 1)) == 37
    assert Target.objects.get(indicator__code="KPI-01").value == Decimal(80)
    assert (
        "35 posts offered"
        in Measurement.objects.get(indicator__code="KPI-06", period=date(2023, 7, 1)).note
    )


def test_invented_records_are_marked_and_real_people_have_no_invented_details():
    load()

    real = Person.objects.filter(is_demo=False)
    assert {"Rory Love", "Sue Chandler", "Sarah Hammond", "Alison Farmer"} <= set(
        real.values_list("name", flat=True)
    )
    assert not real.exclude(email="").exists()
    assert Person.objects.filter(is_demo=True, email="").count() == 2
    assert (
        not Person.objects.filter(is_demo=True)
        .exclude(email="")
        .exclude(email__endswith="@example.org")
        .exists()
    )
    assert StatusReport.objects.filter(is_demo=False).count() == 0
    assert Project.objects.filter(is_demo=True).exists()
    # project titles come from the report, but codes, leads, dates and history are invented
    assert not Project.objects.filter(is_demo=False).exists()


def record_models() -> list:
    """Every model whose records say whether they are demonstration data and cite a source."""
    return [
        model
        for label in ("governance", "projects", "indicators", "sendtrack")
        for model in apps.get_app_config(label).get_models()
        if {"is_demo", "source_citation"} <= {f.name for f in model._meta.get_fields()}
        and not model._meta.label.split(".")[1].startswith("Historical")
    ]


def test_every_record_not_marked_as_demonstration_data_quotes_the_paper_it_comes_from():
    load()

    unsourced, misquoted, sourced = [], [], 0
    for model in record_models():
        for record in model.objects.all():
            citation = record.source_citation
            if not record.is_demo and not citation:
                unsourced.append(f"{model._meta.label} {record}")
            if not citation:
                continue
            sourced += 1
            documents = sources.cited_documents(citation)
            passages = sources.quoted_passages(citation)
            text = " ".join(sources.seed_text(d) for d in documents)
            if not documents or not passages:
                misquoted.append(f"{model._meta.label} {record}: cites no paper or passage")
            misquoted += [
                f"{model._meta.label} {record}: “{p}” is not in {documents}"
                for p in passages
                if p not in text
            ]
    assert unsourced == []
    assert misquoted == []
    assert sourced >= 60


def test_what_the_papers_do_not_say_is_demonstration_data_and_statuses_follow_the_figures():
    load()

    def figure(code, period):
        return Measurement.objects.get(indicator__code=code, period=period)

    # figures the papers do not give are invented, whatever they are
    for code, period in [
        ("KPI-02", date(2023, 9, 1)),
        ("KPI-02", date(2024, 1, 1)),
        ("KPI-03", date(2022, 9, 1)),
        ("KPI-03", date(2024, 2, 1)),
        ("KPI-06", date(2023, 7, 1)),
    ]:
        assert figure(code, period).is_demo, (code, period)
    # the papers' own figures are real and quote where they come from
    assert not figure("KPI-04", date(2023, 6, 1)).is_demo
    assert "253 Kent schools" in figure("KPI-04", date(2023, 6, 1)).source_citation
    assert not figure("KPI-25", date(2023, 9, 1)).is_demo
    assert Target.objects.get(indicator__code="KPI-01").is_demo  # 80% is not in the papers
    assert not Target.objects.get(indicator__code="KPI-04").is_demo  # 300 is
    notice = ImprovementPlan.objects.get(kind=ImprovementPlan.Kind.IMPROVEMENT_NOTICE)
    app = ImprovementPlan.objects.get(kind=ImprovementPlan.Kind.APP)
    assert notice.is_demo
    assert "lifted" not in notice.summary
    assert app.is_demo
    assert "116" not in app.summary
    assert Inspection.objects.filter(is_demo=False).count() == 0  # exact dates are invented
    assert set(AreaOfWeakness.objects.filter(is_demo=False).values_list("number", flat=True)) == {
        1
    }  # only area 1's wording is in the papers

    # no action is complete that the demo's own figures show did not happen
    kpi_01 = Measurement.objects.filter(indicator__code="KPI-01")
    assert max(kpi_01.values_list("value", flat=True)) < 80
    issue_on_time = PlanAction.objects.get(title="Issue 80% of new EHC plans within 20 weeks")
    assert issue_on_time.status != PlanAction.Status.COMPLETE
    assert not PlanAction.objects.filter(
        status=PlanAction.Status.COMPLETE,
        title__in=["Clear the EHC needs assessment backlog", "Clear the annual review backlog"],
    ).exists()
    nurture = PlanAction.objects.get(title__startswith="Extend Whole School Approaches")
    if nurture.status == PlanAction.Status.COMPLETE:
        reached = Measurement.objects.filter(
            indicator__code="KPI-04", value__gte=300, period__lte=nurture.completed_on
        )
        assert reached.exists()
    # and no area is published as resolved, nor as making good progress with actions overdue
    assert not AreaAssessment.objects.filter(rating=AreaAssessment.Rating.RESOLVED).exists()
    overdue = plan_actions_with_status(today=date(2026, 11, 24)).filter(is_overdue=True)
    behind = set(overdue.values_list("areas__number", flat=True))
    good = {
        area.number
        for area in areas_with_current_assessment()
        if area.current_rating == AreaAssessment.Rating.GOOD_PROGRESS
    }
    assert good
    assert not good & behind


def test_the_demos_area_6_rates_app_6_2_and_app_6_1_by_their_figures():
    load()
    client = Client()
    assert client.login(request=HttpRequest(), username="director", password=DEMO_PASSWORD)

    response = client.get("/assurance/areas/6/")
    actions = {a.reference: a for a in response.context["a"].actions}
    indicators = {i.code: i for i in response.context["a"].figures.indicators}
    # KPI-01 is red and never reached 80%: APP 6.2 is neither complete nor evidenced
    assert indicators["KPI-01"].rag == "red"
    assert actions["APP 6.2"].delivery != "complete"
    assert actions["APP 6.2"].impact != "evidenced"
    # an action whose indicator reads "Worsening" is neither evidenced nor emerging
    for action in actions.values():
        if any(indicators.get(i.code, i).direction == "worsening" for i in action.indicators.all()):
            assert action.impact in ("not_yet", None), action.reference
    page = response.content.decode()
    assert "Demonstration data" in page
    # the evidence is invented; the area's title is ours, its revisit judgement quoted
    assert "Based on: Report to the SEND Scrutiny Sub-Committee of 22 March 2023" in page

    matrix = client.get("/assurance/")
    seven = next(row for row in matrix.context["rows"] if row.area.number == 7)
    assert seven.area.current_rating != AreaAssessment.Rating.RESOLVED


@pytest.mark.parametrize("username", ["lead", "pmo", "director", "scrutiny", "icb", "admin"])
def test_every_demo_login_opens_the_admin(username):
    load()
    client = Client()
    # Sign-ins are throttled per address (django-axes), so the login names its request.
    assert client.login(request=HttpRequest(), username=username, password=DEMO_PASSWORD)
    assert client.get("/admin/").status_code == 200


def test_the_demo_scrutiny_member_reads_the_request_log_and_no_project():
    load()
    client = Client()
    assert client.login(request=HttpRequest(), username="scrutiny", password=DEMO_PASSWORD)
    assert client.get("/admin/governance/informationrequest/").status_code == 200
    assert client.get("/api/v1/information-requests/").json()["count"] >= 4
    assert client.get("/admin/projects/project/").status_code == 403
    assert client.get("/")["Location"] == "/members/"
    assert client.get("/members/").status_code == 200


def test_the_demo_icb_officer_sees_the_icbs_records_and_never_the_councils_alone():
    output = load()
    assert "icb" in output
    client = Client()
    assert client.login(request=HttpRequest(), username="icb", password=DEMO_PASSWORD)
    person = Person.objects.select_related("organisation").get(user__username="icb")
    assert person.organisation.name == "NHS Kent and Medway Integrated Care Board"
    assert person.is_demo
    actions = client.get("/api/v1/plan-actions/?page_size=500").json()["results"]
    assert actions
    assert all(
        a["organisation"] == person.organisation_id or person.organisation_id in a["co_owners"]
        for a in actions
    )
    assert client.get("/assurance/").status_code == 403


def test_the_demo_lead_acts_as_a_person_who_leads_projects():
    load()
    person = Person.objects.get(user__username="lead")
    assert person.projects_led.count() >= 3
    assert person.indicators_owned.exists()


def test_a_failure_part_way_saves_nothing(monkeypatch):
    # given the indicators step fails after the projects were written
    def fail(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("sendtrack.demo.load_indicators", fail)

    # when the demo is loaded
    with pytest.raises(RuntimeError):
        load()

    # then nothing at all was saved
    assert set(demo_counts().values()) == {0}


def test_a_bad_date_is_a_clear_error():
    with pytest.raises(CommandError, match="--as-of must be a date like 2026-11-24"):
        load("24/11/2026")


def test_the_api_example_names_the_port_the_site_is_served_on():
    out = StringIO()
    call_command("load_demo", "--as-of", AS_OF, "--port", "8123", stdout=out)

    assert "http://127.0.0.1:8123/api/v1/reports/kpis/?format=csv" in out.getvalue()
    assert ":8000" not in out.getvalue()


def test_the_port_comes_from_the_environment_when_not_given(monkeypatch):
    monkeypatch.setenv("PORT", "8765")
    from sendtrack.management.commands.load_demo import Command

    options = Command().create_parser("manage.py", "load_demo").parse_args([])
    assert options.port == 8765


def test_the_icb_co_owns_the_health_actions_one_awaits_its_sign_off_and_one_is_signed():
    from django.utils import timezone

    from governance.models import PlanActionSignOff
    from governance.sign_offs import sign_offs_awaited
    from sendtrack.demo.sign_offs import HEALTH_ACTIONS

    load()
    load()  # loading again changes nothing

    joint = PlanAction.objects.filter(co_owners__name="NHS Kent and Medway Integrated Care Board")
    assert set(joint.values_list("title", flat=True)) == set(HEALTH_ACTIONS)
    assert not PlanAction.history.filter(history_type="~").exists()  # loaded without history
    complete = joint.filter(status=PlanAction.Status.COMPLETE)
    awaited = sign_offs_awaited(
        action_ids=complete.values_list("pk", flat=True), as_at=date(2026, 11, 24)
    )
    assert list(awaited.values()) == [["NHS Kent and Medway ICB"]]
    fully_signed = complete.exclude(pk__in=awaited)
    assert fully_signed.exists()
    sign_offs = PlanActionSignOff.objects.filter(plan_action__in=complete)
    assert sign_offs.count() == 2 * fully_signed.count() + 1
    assert not sign_offs.filter(is_demo=False).exists()
    assert all("Demonstration data" in s.statement for s in sign_offs)
    assert not sign_offs.filter(signed_at__gt=timezone.now()).exists()
