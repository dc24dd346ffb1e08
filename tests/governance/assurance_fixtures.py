"""A small hand-built area of weakness for the assurance tests: one plan action in each state,
with the figures the matrix should show worked out by hand in ````build_area6``'s docstring."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.test import Client
from django.utils import timezone

from governance.models import PlanAction
from sendtrack.kernel.rag import RAG
from tests import factories as f

TODAY = timezone.localdate()
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa75\x81\x84\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
CSV = b"month,backlog\r\n2023-09,1080\r\n2024-01,397\r\n"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def indicator(*, values, target=Decimal("80"), area=None, action=None):
    """An indicator (higher is better) with monthly figures, oldest first, and a target."""
    ind = f.IndicatorFactory()
    f.TargetFactory(indicator=ind, value=target, tolerance=Decimal("5"))
    start = TODAY.replace(day=1)
    for back, value in enumerate(reversed(values), start=1):
        period = (start - timedelta(days=31 * back)).replace(day=1)
        f.MeasurementFactory(indicator=ind, period=period, value=Decimal(value))
    if area:
        ind.areas.add(area)
    if action:
        ind.plan_actions.add(action)
    return ind


def build_area6() -> dict:
    """Area 6 with one action in each state (hand-computed figures in the tests below):

    A1 complete, its indicator on target for its last two figures, evidence reviewed:
       complete / evidenced
    A2 complete, its indicator red and down on the month before, nothing reviewed:
       complete / not yet evidenced
    A3 in progress, past its due date: overdue / not measured
    A4 in progress, due later, delivered by a red project: at risk / not measured
    A5 withdrawn: not rated
    The area's two indicators: one green, one red (50% on target); one open red risk on
    its project; one outstanding information request about it."""
    area = f.AreaOfWeaknessFactory(
        number=6, title="Inconsistent quality of the EHC process", finding="Plans are late."
    )
    other = f.AreaOfWeaknessFactory(number=2, inspection=area.inspection)
    plan = f.ImprovementPlanFactory(title="Accelerated Progress Plan")
    done = {"status": PlanAction.Status.COMPLETE, "completed_on": TODAY - timedelta(days=30)}
    a1 = f.PlanActionFactory(plan=plan, reference="APP 6.1", title="Clear the backlog", **done)
    a2 = f.PlanActionFactory(plan=plan, reference="APP 6.2", title="Issue plans on time", **done)
    a3 = f.PlanActionFactory(
        plan=plan,
        reference="APP 6.3",
        title="Audit plan quality",
        status=PlanAction.Status.IN_PROGRESS,
        due_date=TODAY - timedelta(days=1),
    )
    a4 = f.PlanActionFactory(
        plan=plan,
        reference="APP 6.4",
        title="Health advice on time",
        status=PlanAction.Status.IN_PROGRESS,
        due_date=TODAY + timedelta(days=90),
    )
    a5 = f.PlanActionFactory(
        plan=plan, reference="APP 6.5", title="Old idea", status=PlanAction.Status.WITHDRAWN
    )
    for action in (a1, a2, a3, a4, a5):
        action.areas.add(area)
    green = indicator(values=[70, 82, 85], area=area, action=a1)
    red = indicator(values=[40, 45, 40], area=area, action=a2)
    project = f.ProjectFactory(code="STA-01")
    project.areas.add(area)
    project.plan_actions.add(a4)
    f.StatusReportFactory(project=project, period=TODAY.replace(day=1), rag=RAG.RED)
    f.RiskFactory(project=project, likelihood=4, impact=5)
    f.RiskFactory(project=project, likelihood=2, impact=2)
    reviewer = f.PersonFactory(name="Samir Patel")
    f.EvidenceItemFactory(
        plan_action=a1,
        title="Backlog recovery figures",
        reviewed_by=reviewer,
        reviewed_on=TODAY - timedelta(days=3),
        dated=TODAY - timedelta(days=10),
    )
    f.EvidenceItemFactory(plan_action=a2, title="Timeliness audit, not yet reviewed")
    request = f.InformationRequestFactory(request="Staffing of the EHC teams")
    request.areas.add(area)
    return {
        "area": area,
        "other": other,
        "actions": [a1, a2, a3, a4, a5],
        "indicators": [green, red],
        "project": project,
        "plan": plan,
        "reviewer": reviewer,
    }


def grow(area, plan, n: int) -> None:
    """``n`` more actions on the area, each with a project, an indicator and evidence."""
    for i in range(n):
        action = f.PlanActionFactory(plan=plan, reference=f"X{i}", due_date=TODAY)
        action.areas.add(area)
        project = f.ProjectFactory()
        project.areas.add(area)
        project.plan_actions.add(action)
        f.StatusReportFactory(project=project, period=TODAY.replace(day=1))
        indicator(values=[1, 2, 3], area=area, action=action)
        f.EvidenceItemFactory(plan_action=action)
        f.RiskFactory(project=project, likelihood=5, impact=5)
