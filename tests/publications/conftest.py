"""A small programme to publish: the Sub-Committee's meeting of 22 March 2023, an area of
weakness with its self-assessment and a promised action, a red project with its commentary,
one public and one internal indicator, a members' request and the workforce figures, all as
they stood before that meeting (reports and figures for February 2023), which a publication
for it reads as at its date; and the people who draft, approve and publish."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.test import Client

from governance.models import AreaAssessment, Body, InformationRequest
from sendtrack.kernel.rag import RAG
from sendtrack.publications import services
from sendtrack.publications.models import Publication, PublicationVersion
from tests import factories as f


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def pmo(db):
    user = f.pmo_user(username="pmo", first_name="Hannah", last_name="Okafor")
    f.PersonFactory(name="Hannah Okafor", job_title="Programme manager", user=user)
    return user


@pytest.fixture
def director(db):
    user = f.director_user(username="director", first_name="Helen", last_name="Marsh")
    f.PersonFactory(name="Helen Marsh", job_title="Director of Education and SEND", user=user)
    return user


@pytest.fixture
def lead(db):
    return f.lead_user(username="lead")


# The month before the meeting of 22 March 2023: its reports and figures are the latest.
LAST_MONTH = date(2023, 2, 1)


@pytest.fixture
def programme(db):
    last_month = LAST_MONTH
    body = f.BodyFactory(name="SEND Scrutiny Sub-Committee", kind=Body.Kind.COMMITTEE)
    meeting = f.MeetingFactory(body=body, date=date(2023, 3, 22))
    f.MeetingFactory(body=body, date=date(2023, 7, 19))
    area = f.AreaOfWeaknessFactory(
        number=3, title="The limited role of parents and carers in designing services"
    )
    assessment = f.AreaAssessmentFactory(
        area=area,
        assessed_on=date(2023, 3, 1),
        rating=AreaAssessment.Rating.SOME_PROGRESS,
        rationale="Parent carer forum now co-chairs the board.",
    )
    action = f.PlanActionFactory(
        reference="ST2", title="Establish the SEND Enquiries Hub", promised_at=meeting
    )
    action.areas.add(area)
    project = f.ProjectFactory(code="SUF-01", title="Specialist resource provision places")
    report = f.StatusReportFactory(
        project=project,
        period=last_month,
        rag=RAG.RED,
        commentary="Building works delayed by six weeks.",
    )
    public = f.IndicatorFactory(
        code="KPI-01", title="New EHC plans issued within 20 weeks", is_public=True
    )
    f.TargetFactory(indicator=public, value=Decimal("60"), applies_from=date(2022, 1, 1))
    measurement = f.MeasurementFactory(indicator=public, period=last_month, value=Decimal("41.5"))
    internal = f.IndicatorFactory(code="KPI-99", title="Internal caseload pressure index")
    f.MeasurementFactory(indicator=internal, period=last_month, value=Decimal("77.7"))
    request = f.InformationRequestFactory(
        meeting=meeting,
        reference="21d",
        request="A snapshot of the number of staff, and staff vacancies, at each meeting.",
        recurring=True,
        status=InformationRequest.Status.OPEN,
    )
    workforce = f.WorkforceFigureFactory(
        as_at=date(2023, 3, 1),
        team="Educational psychology",
        posts_established=58,
        staff_in_post=39,
        vacancies=19,
    )
    return SimpleNamespace(
        meeting=meeting,
        area=area,
        assessment=assessment,
        action=action,
        project=project,
        report=report,
        public=public,
        measurement=measurement,
        internal=internal,
        request=request,
        workforce=workforce,
    )


@pytest.fixture
def draft(programme):
    return Publication.objects.create(
        meeting=programme.meeting, title="Progress summary for members"
    )


@pytest.fixture
def publish(pmo, director):
    """Take a publication through submit, approve and publish; returns the new version."""

    def publish_(publication: Publication) -> PublicationVersion:
        publication = services.publication_submit(publication=publication, user=pmo)
        publication = services.publication_approve(publication=publication, user=director)
        return services.publication_publish(publication=publication, user=pmo)

    return publish_


@pytest.fixture
def published(draft, publish):
    return publish(draft)


@pytest.fixture
def anonymous():
    return Client()
