"""Governance records: the nine areas, the reporting lines, the request log and plan actions."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from governance.models import AreaOfWeakness, InformationRequest, PlanAction
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_area_numbers_are_1_to_9_and_unique_per_inspection():
    inspection = f.InspectionFactory()
    f.AreaOfWeaknessFactory(inspection=inspection, number=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        AreaOfWeakness.objects.create(inspection=inspection, number=3, title="Again")
    with pytest.raises(IntegrityError), transaction.atomic():
        AreaOfWeakness.objects.create(inspection=inspection, number=10, title="Tenth")
    with pytest.raises(IntegrityError), transaction.atomic():
        AreaOfWeakness.objects.create(inspection=inspection, number=0, title="Zeroth")
    # the same number is fine for another inspection (the revisit)
    AreaOfWeakness.objects.create(inspection=f.InspectionFactory(), number=3, title="Revisit 3")


def test_a_body_cannot_report_to_itself_through_a_loop():
    top = f.BodyFactory()
    middle = f.BodyFactory(reports_to=top)
    bottom = f.BodyFactory(reports_to=middle)
    top.reports_to = bottom
    with pytest.raises(ValidationError) as caught:
        top.full_clean()
    assert "loop" in caught.value.message_dict["reports_to"][0]


def test_provided_request_needs_its_date():
    request = f.InformationRequestFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        InformationRequest.objects.filter(pk=request.pk).update(status="provided")
    request.status = InformationRequest.Status.PROVIDED
    with pytest.raises(ValidationError) as caught:
        request.full_clean()
    assert "provided_on" in caught.value.message_dict


def test_complete_action_needs_completion_date():
    action = f.PlanActionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanAction.objects.filter(pk=action.pk).update(status="complete")


def test_membership_cannot_end_before_it_starts():
    membership = f.MembershipFactory(start_date=date(2023, 1, 1))
    membership.end_date = date(2022, 1, 1)
    with pytest.raises(ValidationError):
        membership.full_clean()
