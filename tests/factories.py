"""factory_boy factories for every model, producing valid records with sensible defaults."""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from governance import models as gov
from indicators import models as ind
from projects import models as prj
from sendtrack import models as snd
from sendtrack.boards.models import AgendaItem, BoardAction, Decision
from sendtrack.kernel import roles
from sendtrack.kernel.rag import RAG
from sendtrack.publications import models as pub

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=extracted))
        if create:
            self.save()


def lead_user(**kwargs):
    return UserFactory(groups=[roles.PROJECT_LEADS], **kwargs)


def pmo_user(**kwargs):
    return UserFactory(groups=[roles.PROGRAMME_OFFICE], **kwargs)


def director_user(**kwargs):
    return UserFactory(groups=[roles.DIRECTORS], **kwargs)


def scrutiny_user(**kwargs):
    return UserFactory(groups=[roles.SCRUTINY_MEMBERS], **kwargs)


def partner_user(**kwargs):
    return UserFactory(groups=[roles.PARTNER_OFFICERS], **kwargs)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = gov.Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = gov.Organisation.Kind.COUNCIL


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = gov.Person

    name = factory.Sequence(lambda n: f"Person {n}")
    job_title = "Officer"
    organisation = factory.SubFactory(OrganisationFactory, name="Test County Council")
    email = factory.Sequence(lambda n: f"person{n}@example.org")


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = gov.Body

    name = factory.Sequence(lambda n: f"Board {n}")
    kind = gov.Body.Kind.BOARD
    organisation = factory.SubFactory(OrganisationFactory, name="Test County Council")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = gov.Membership

    body = factory.SubFactory(BodyFactory)
    person = factory.SubFactory(PersonFactory)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = gov.Meeting

    body = factory.SubFactory(BodyFactory)
    date = factory.Sequence(lambda n: date(2023, 1, 1).replace(day=1 + n % 28))


class InformationRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = gov.InformationRequest

    meeting = factory.SubFactory(MeetingFactory)
    reference = factory.Sequence(lambda n: f"R{n}")
    request = "Detailed information about the SEND workforce."


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = gov.Inspection

    title = "Local area SEND inspection"
    kind = gov.Inspection.Kind.INSPECTION
    local_area = "Testshire"
    start_date = date(2019, 1, 28)
    end_date = date(2019, 2, 1)


class AreaOfWeaknessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = gov.AreaOfWeakness

    inspection = factory.SubFactory(InspectionFactory)
    number = factory.Sequence(lambda n: n % 9 + 1)
    title = factory.Sequence(lambda n: f"Area of weakness {n}")


class AreaAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = gov.AreaAssessment

    area = factory.SubFactory(AreaOfWeaknessFactory)
    assessed_on = date(2024, 1, 1)
    rating = gov.AreaAssessment.Rating.SOME_PROGRESS
    rationale = "Backlog reducing; parents' survey not yet improved."


class ImprovementPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = gov.ImprovementPlan

    kind = gov.ImprovementPlan.Kind.APP
    title = factory.Sequence(lambda n: f"Accelerated Progress Plan {n}")


class PlanActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = gov.PlanAction

    plan = factory.SubFactory(ImprovementPlanFactory)
    reference = factory.Sequence(lambda n: f"A{n}")
    title = factory.Sequence(lambda n: f"Action {n}")
    organisation = factory.SubFactory(OrganisationFactory, name="Test County Council")


class PlanActionSignOffFactory(factory.django.DjangoModelFactory):
    """A standing sign-off, by a person of its organisation, of an action marked complete."""

    class Meta:
        model = gov.PlanActionSignOff

    plan_action = factory.SubFactory(
        PlanActionFactory, status=gov.PlanAction.Status.COMPLETE, completed_on=date(2025, 1, 10)
    )
    organisation = factory.SubFactory(OrganisationFactory, kind=gov.Organisation.Kind.HEALTH)
    signed_by = factory.SubFactory(
        PersonFactory, organisation=factory.SelfAttribute("..organisation")
    )
    signed_at = factory.LazyFunction(timezone.now)
    statement = "Confirmed complete."


class EvidenceItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = gov.EvidenceItem

    plan_action = factory.SubFactory(PlanActionFactory)
    title = factory.Sequence(lambda n: f"Evidence {n}")
    kind = gov.EvidenceItem.Kind.AUDIT
    dated = date(2025, 1, 15)
    link = "https://example.org/evidence"


class WorkstreamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = prj.Workstream

    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Workstream {n}")
    overseeing_body = factory.SubFactory(BodyFactory, kind=gov.Body.Kind.GROUP)
    director = factory.SubFactory(PersonFactory, job_title="Director")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = prj.Project

    code = factory.Sequence(lambda n: f"PRJ-{n:03d}")
    title = factory.Sequence(lambda n: f"Project {n}")
    workstream = factory.SubFactory(WorkstreamFactory)
    lead = factory.SubFactory(PersonFactory)
    organisation = factory.SelfAttribute("lead.organisation")
    overseeing_body = factory.SelfAttribute("workstream.overseeing_body")
    stage = prj.Project.Stage.DELIVERY


class SavingsYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = prj.SavingsYear

    project = factory.SubFactory(ProjectFactory, safety_valve=True)
    financial_year = 2025
    planned_savings = Decimal("100000")


class SavingsMonthFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = prj.SavingsMonth

    project = factory.SubFactory(ProjectFactory, safety_valve=True)
    month = date(2025, 4, 1)
    delivered_savings = Decimal("10000")


class SafetyValveTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = prj.SafetyValveTarget

    financial_year = factory.Sequence(lambda n: 2015 + n)
    savings_target = Decimal("1000000")


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = prj.Milestone

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    baseline_date = date(2026, 1, 1)


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = prj.Risk

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Risk {n}")
    likelihood = 3
    impact = 4
    owner = factory.SubFactory(PersonFactory)
    organisation = factory.SelfAttribute("owner.organisation")
    raised_on = date(2025, 1, 1)


class StatusReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = prj.StatusReport

    project = factory.SubFactory(ProjectFactory)
    period = date(2026, 10, 1)
    rag = RAG.GREEN
    commentary = "On track."


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ind.Indicator

    code = factory.Sequence(lambda n: f"KPI-{n:03d}")
    title = factory.Sequence(lambda n: f"Indicator {n}")
    unit = ind.Indicator.Unit.PERCENT
    polarity = ind.Indicator.Polarity.HIGHER
    owner = factory.SubFactory(PersonFactory)
    organisation = factory.SelfAttribute("owner.organisation")


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ind.Target

    indicator = factory.SubFactory(IndicatorFactory)
    value = Decimal("80")
    tolerance = Decimal("5")
    applies_from = date(2020, 1, 1)


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ind.Measurement

    indicator = factory.SubFactory(IndicatorFactory)
    period = date(2026, 10, 1)
    value = Decimal("50")


class BenchmarkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ind.Benchmark

    indicator = factory.SubFactory(IndicatorFactory)
    period = date(2026, 10, 1)
    comparator = ind.Benchmark.Comparator.ENGLAND
    value = Decimal("50")


class BenefitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ind.Benefit

    project = factory.SubFactory(ProjectFactory)
    description = factory.Sequence(lambda n: f"More plans issued within 20 weeks ({n})")
    indicator = factory.SubFactory(IndicatorFactory)
    baseline = Decimal("40")
    baseline_date = date(2026, 6, 1)
    target = Decimal("60")
    expected_by = date(2027, 3, 31)


def _day(n: int) -> date:
    return date(2026, 1, 1) + timedelta(days=n)


class ProjectSnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = prj.ProjectSnapshot

    day = factory.Sequence(_day)
    project = factory.SubFactory(ProjectFactory)
    rag = RAG.AMBER
    rag_period = date(2025, 12, 1)
    report_missing = False
    milestones_overdue = 1
    risks_open = 2
    risks_red = 0


class WorkstreamSnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = prj.WorkstreamSnapshot

    day = factory.Sequence(_day)
    workstream = factory.SubFactory(WorkstreamFactory)
    projects = 3
    red = 0
    amber = 1
    green = 2
    blue = 0
    not_rated = 0
    reports_missing = 0
    milestones_overdue = 0
    risks_red = 0


class IndicatorSnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ind.IndicatorSnapshot

    day = factory.Sequence(_day)
    indicator = factory.SubFactory(IndicatorFactory)
    period = date(2025, 12, 1)
    value = Decimal("72")
    target = Decimal("80")
    rag = RAG.RED


class GovernanceSnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = gov.GovernanceSnapshot

    day = factory.Sequence(_day)
    plan_actions_open = 10
    plan_actions_overdue = 2
    information_requests_outstanding = 3
    information_requests_overdue = 1


class EmailLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = snd.EmailLog

    kind = snd.EmailLog.Kind.FIRST_REMINDER
    project = factory.SubFactory(ProjectFactory)
    person = factory.SelfAttribute("project.lead")
    recipient = factory.SelfAttribute("person.email")
    period = date(2026, 10, 1)
    sent_on = date(2026, 11, 5)


class DocumentBuildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = snd.DocumentBuild

    kind = snd.DocumentBuild.Kind.MONTHLY_REPORTS_PACK
    parameters = factory.LazyFunction(lambda: {"period": "2026-10"})
    requested_by = factory.SubFactory(UserFactory)


def snapshot(title: str = "Progress summary for members", **sections) -> dict:
    """A published snapshot as the services store it, with the sections given."""
    return {
        "schema": 1,
        "title": title,
        "summary": "",
        "local_area": "Testshire",
        "meeting": {
            "date": "2023-03-22",
            "date_display": "22 March 2023",
            "body": "SEND Scrutiny Sub-Committee",
            "title": "",
        },
        "as_at": "2026-11-25",
        "as_at_display": "25 November 2026",
        "month": "2026-10",
        "month_display": "October 2026",
        "sections": [{"key": key, "title": key.title()} for key in sections],
        "record": {
            "version": 1,
            "published_display": "25 November 2026",
            "approved_by": "A Director",
            "approved_display": "24 November 2026",
            "correction_note": "",
        },
        **sections,
    }


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pub.Publication

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Progress summary {n}")
    slug = factory.Sequence(lambda n: f"progress-summary-{n}")


class PublicationVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pub.PublicationVersion

    publication = factory.SubFactory(PublicationFactory, status=pub.Publication.Status.PUBLISHED)
    number = 1
    published_at = factory.LazyFunction(timezone.now)
    published_by = factory.SubFactory(UserFactory)
    approved_by = factory.SubFactory(UserFactory)
    approved_at = factory.LazyFunction(timezone.now)
    content = factory.LazyAttribute(lambda v: snapshot(v.publication.title))


class CoproductionEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = snd.CoproductionEntry

    source = snd.CoproductionEntry.Source.FORUM_MEETING
    heard_from = "Parent carer forum meeting"
    said_on = date(2025, 3, 12)
    said = factory.Sequence(lambda n: f"Families waited too long for an answer ({n}).")
    area = factory.SubFactory(AreaOfWeaknessFactory)
    we_did = "We set up a phone line that answers within two working days."
    we_did_summary = "We now answer calls within two days."
    status = snd.CoproductionEntry.Status.DONE
    families_told_on = date(2025, 5, 1)
    is_published = True


class WorkforceFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pub.WorkforceFigure

    as_at = date(2023, 3, 1)
    team = factory.Sequence(lambda n: f"SEND team {n}")
    posts_established = 40
    staff_in_post = 32
    vacancies = 8


class CouncilAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ind.CouncilArea

    name = factory.Sequence(lambda n: f"Authority {n}")
    old_la_code = factory.Sequence(lambda n: f"{n % 1000:03d}")
    new_la_code = factory.Sequence(lambda n: f"E1{n:07d}")


class StatisticalNeighbourFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ind.StatisticalNeighbour

    council = factory.SubFactory(CouncilAreaFactory)
    name = factory.Sequence(lambda n: f"Neighbour {n}")
    old_la_code = factory.Sequence(lambda n: f"{n % 1000:03d}")
    new_la_code = factory.Sequence(lambda n: f"E0{n:07d}")


class StatisticsMappingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ind.StatisticsMapping

    name = factory.Sequence(lambda n: f"Mapping {n}")
    file_name = "caseload.csv"
    row_filters = factory.LazyFunction(lambda: {"breakdown": "Total"})
    value_column = "ehcplans"
    indicator = factory.SubFactory(
        IndicatorFactory, frequency=ind.Indicator.Frequency.ANNUAL, unit="count"
    )
    period_type = "january_census"


class ImportRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ind.ImportRun

    user = factory.SubFactory(UserFactory)
    door = ind.ImportRun.Door.ADMIN
    release = factory.Sequence(lambda n: f"Release {n}")
    outcome = ind.ImportRun.Outcome.IMPORTED
    files = factory.LazyFunction(lambda: ["caseload.csv"])


class StatisticRevisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ind.StatisticRevision

    run = factory.SubFactory(ImportRunFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    period = date(2023, 1, 1)
    old_value = Decimal("40")
    new_value = Decimal("42")
    new_source = "caseload.csv, release 2025, row 3"


class BoardActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardAction

    raised_at = factory.SubFactory(MeetingFactory)
    reference = factory.Sequence(lambda n: f"A{n}")
    action = "Bring a recovery plan"
    owner = factory.SubFactory(PersonFactory)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Item {n}")
    owner = factory.SubFactory(PersonFactory)


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    reference = factory.Sequence(lambda n: f"D{n}")
    decision = "Agree the recovery plan"
    decided_by = "The Board"
