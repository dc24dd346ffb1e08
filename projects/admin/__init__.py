"""The officers' door to delivery: a lead updates their projects' monthly reports, milestones
and risks from the project page; the programme office sees and changes everything; directors
read. Lists are built on the selectors, so they show the same figures as every other page."""

from . import finance, project, records, snapshots

__all__ = ["finance", "project", "records", "snapshots"]
