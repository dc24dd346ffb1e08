"""Delivery: the programme's workstreams, its projects, and their milestones, risks and monthly
status reports. Derived figures (slippage, overdue, latest RAG) live in ``selectors``."""

from .finance import SafetyValveTarget, SavingsMonth, SavingsYear
from .milestones import Milestone
from .programme import Project, Workstream
from .reports import StatusReport
from .risks import Risk, RiskQuerySet
from .snapshots import ProjectSnapshot, WorkstreamSnapshot

__all__ = [
    "Milestone",
    "Project",
    "ProjectSnapshot",
    "Risk",
    "RiskQuerySet",
    "SafetyValveTarget",
    "SavingsMonth",
    "SavingsYear",
    "StatusReport",
    "Workstream",
    "WorkstreamSnapshot",
]
