"""Writes for delivery: risks are numbered in their register when they have no reference."""

from __future__ import annotations

import pytest

from projects.models import Risk
from projects.services import risk_save
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_new_project_risk_takes_the_next_number_in_the_projects_register():
    project = f.ProjectFactory(code="SUF-01")
    f.RiskFactory(project=project, reference="SUF-01-R1")
    f.RiskFactory(project=project, reference="SUF-01-R3")
    f.RiskFactory(project=f.ProjectFactory(code="SUF-011"), reference="SUF-011-R9")

    risk = risk_save(risk=f.RiskFactory.build(project=project, owner=project.lead, reference=""))

    assert risk.reference == "SUF-01-R4"


def test_a_programme_risk_is_numbered_in_the_programme_register():
    f.RiskFactory(project=None, level=Risk.Level.PROGRAMME, reference="PRG-R08")
    owner = f.PersonFactory()

    risk = risk_save(
        risk=f.RiskFactory.build(project=None, level=Risk.Level.PROGRAMME, owner=owner)
    )

    assert risk.reference == "PRG-R09"


def test_a_reference_given_is_kept():
    project = f.ProjectFactory()
    risk = risk_save(risk=f.RiskFactory.build(project=project, owner=project.lead, reference="X"))
    assert risk.reference == "X"


def test_a_number_already_typed_on_another_risk_is_skipped():
    project = f.ProjectFactory(code="SUF-01")
    f.RiskFactory(project=f.ProjectFactory(code="INC-02"), reference="SUF-01-R1")

    risk = risk_save(risk=f.RiskFactory.build(project=project, owner=project.lead))

    assert risk.reference == "SUF-01-R2"
