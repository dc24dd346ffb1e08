"""The governance resources: bodies, meetings, members' information requests, the areas of
weakness and the improvement plans' actions. The programme office writes them; every role
that may view them reads them all."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

from sendtrack.kernel.api.views import WritableResourceViewSet, field_differs
from sendtrack.kernel.roles import is_programme_office

from .. import permissions, selectors
from ..models import (
    AreaOfWeakness,
    Body,
    EvidenceItem,
    InformationRequest,
    Meeting,
    Organisation,
    PlanAction,
)
from . import filters, serializers


class ProgrammeOfficeWrites(WritableResourceViewSet):
    denied_message = "Only the programme office changes governance records."

    def can_write(self, *, instance, data):
        return is_programme_office(self.request.user)


class OrganisationViewSet(ProgrammeOfficeWrites):
    """The partner organisations of the local area: the council, the NHS, the parent carer
    forum, schools and settings. Every list's ``organisation`` filter takes their ids."""

    queryset = Organisation.objects.all()
    serializer_class = serializers.OrganisationSerializer
    filterset_class = filters.OrganisationFilter
    search_fields = ["name", "short_name"]
    ordering_fields = ["name", "kind"]


class BodyViewSet(ProgrammeOfficeWrites):
    """Boards, groups and committees, and the body each reports to."""

    queryset = Body.objects.all()
    serializer_class = serializers.BodySerializer
    filterset_class = filters.BodyFilter
    search_fields = ["name", "short_name", "purpose"]
    ordering_fields = ["name", "kind"]
    table_title = "Bodies"

    def annotate(self, queryset):
        return queryset.select_related("organisation", "reports_to")


class MeetingViewSet(ProgrammeOfficeWrites):
    """Meetings of the bodies, held and scheduled."""

    queryset = Meeting.objects.all()
    serializer_class = serializers.MeetingSerializer
    filterset_class = filters.MeetingFilter
    search_fields = ["title", "body__name", "note"]
    ordering_fields = ["date"]

    def annotate(self, queryset):
        return queryset.select_related("body")


class InformationRequestViewSet(ProgrammeOfficeWrites):
    """What members asked for at meetings, with the due date (the date set, else the body's
    next meeting) and whether it is overdue."""

    queryset = InformationRequest.objects.all()
    serializer_class = serializers.InformationRequestSerializer
    filterset_class = filters.InformationRequestFilter
    search_fields = ["reference", "request", "response"]
    ordering_fields = ["effective_due_date", "status", "meeting__date", "reference"]

    def annotate(self, queryset):
        return selectors.information_requests_with_status(
            today=timezone.localdate(), queryset=queryset
        )


class AreaOfWeaknessViewSet(ProgrammeOfficeWrites):
    """The inspection's areas of weakness with their current self-assessment."""

    queryset = AreaOfWeakness.objects.all()
    serializer_class = serializers.AreaOfWeaknessSerializer
    filterset_class = filters.AreaOfWeaknessFilter
    search_fields = ["title", "finding"]
    ordering_fields = ["number"]
    table_title = "Areas of weakness"

    def annotate(self, queryset):
        return selectors.areas_with_current_assessment(queryset=queryset)


class PlanActionViewSet(ProgrammeOfficeWrites):
    """Improvement plan actions with their effective due date and whether they are overdue. A
    partner officer sees those their organisation leads or co-owns and updates their progress
    (status, completion date, evidence of completion); the programme office changes the rest."""

    queryset = PlanAction.objects.all()
    serializer_class = serializers.PlanActionSerializer
    filterset_class = filters.PlanActionFilter
    search_fields = ["reference", "title", "description"]
    ordering_fields = ["reference", "effective_due_date", "status", "completed_on"]

    def visible(self, queryset):
        return permissions.plan_actions_visible_to(user=self.request.user, queryset=queryset)

    def can_write(self, *, instance, data):
        user = self.request.user
        if is_programme_office(user):
            return True
        if instance is None or not user.has_perm("governance.change_planaction", instance):
            return False
        changed = {name for name, value in data.items() if field_differs(instance, name, value)}
        if changed - set(permissions.PARTNER_EDITABLE):
            self.denied_message = (
                "Partner officers update an action's status, completion date and evidence of "
                "completion; the programme office changes the rest "
                f"({', '.join(sorted(changed - set(permissions.PARTNER_EDITABLE)))})."
            )
            return False
        return True

    def annotate(self, queryset):
        return selectors.plan_actions_with_status(
            today=timezone.localdate(), queryset=queryset
        ).prefetch_related(
            Prefetch("areas", queryset=AreaOfWeakness.objects.only("pk")),
            Prefetch("co_owners", queryset=Organisation.objects.only("pk")),
        )


class EvidenceItemViewSet(ProgrammeOfficeWrites):
    """Evidence on the areas of weakness and plan actions. The programme office adds it (a
    file as multipart form data, refused with 400 unless it is a PDF, DOCX, XLSX, CSV, PNG or
    JPEG within the size limit whose content matches its name); directors read it."""

    queryset = EvidenceItem.objects.all()
    serializer_class = serializers.EvidenceItemSerializer
    filterset_class = filters.EvidenceItemFilter
    search_fields = ["title", "summary"]
    ordering_fields = ["dated", "reviewed_on", "title"]
    table_title = "Evidence"
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def annotate(self, queryset):
        return queryset.select_related("reviewed_by")
