"""The daily snapshot of the programme's derived figures."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from governance.services import governance_snapshot_take
from indicators.services import indicator_snapshots_take
from projects.services import project_snapshots_take


@transaction.atomic
def daily_snapshot_take(*, day: date) -> dict[str, int]:
    """File the day's figures for every project, workstream and indicator and the
    programme's governance counts, all in one transaction: the day's snapshot is whole or
    absent. Taking it again the same day rewrites the same rows, so it changes nothing."""
    projects, workstreams = project_snapshots_take(day=day)
    indicators = indicator_snapshots_take(day=day)
    governance_snapshot_take(day=day)
    return {"projects": projects, "workstreams": workstreams, "indicators": indicators}
