"""What a project's page shows: its story month by month, for directors and the project's lead.
It composes the project with its indicators, benefits and areas, so it sits in the site
(``sendtrack.boards.views.project_page`` serves it with the boards' responses)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone

from governance.selectors import areas_with_page
from indicators.benefits import benefits_with_realisation
from indicators.permissions import indicators_visible_to
from indicators.selectors import indicators_with_latest
from projects.permissions import projects_visible_to
from projects.selectors import (
    milestones_with_status,
    projects_with_latest,
    risk_band,
    risks_in_order,
    risks_with_review_status,
)


def project_context(request, code: str) -> dict:
    """What the project's page shows (the site adds what other parts of sendtrack know of
    it, such as its boards' responses to its escalations)."""
    today = timezone.localdate()
    project = get_object_or_404(
        projects_with_latest(queryset=projects_visible_to(user=request.user)).select_related(
            "sponsor", "workstream__director"
        ),
        code=code,
    )
    milestones = list(
        milestones_with_status(today=today, queryset=project.milestones.all()).order_by(
            "due_date", "title", "pk"
        )
    )
    risks = list(
        risks_in_order(
            queryset=risks_with_review_status(today=today, queryset=project.risks.all())
        ).select_related("owner", "escalated_to")
    )
    for risk in risks:
        risk.band = risk_band(risk.score)
    timeline = {
        "kind": "timeline",
        "title": f"Milestones of {project.code}: baseline, forecast and completion dates",
        "labels": [m.title for m in milestones if m.baseline_date or m.forecast_date],
        "baseline": [
            _day(m.baseline_date) for m in milestones if m.baseline_date or m.forecast_date
        ],
        "forecast": [
            _day(m.forecast_date) for m in milestones if m.baseline_date or m.forecast_date
        ],
        "completed": [
            _day(m.completed_date) for m in milestones if m.baseline_date or m.forecast_date
        ],
        "today": _day(today),
    }
    return {
        "project": project,
        "reports": list(project.reports.select_related("submitted_by").order_by("-period")),
        "milestones": milestones,
        "timeline": timeline,
        "risks": risks,
        "indicators": list(
            indicators_with_latest(
                queryset=indicators_visible_to(user=request.user).filter(projects=project)
            ).order_by("code")
        ),
        "areas": list(areas_with_page(queryset=project.areas.all())),
        "benefits": benefits_with_realisation(queryset=project.benefits.all(), as_at=today),
        "today": today,
    }


def _day(value) -> str | None:
    return value.isoformat() if value else None
