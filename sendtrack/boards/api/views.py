"""Board business in the API, read only: ``agenda-items``, ``decisions`` and ``board-actions``
(the action log across meetings, filterable by body, meeting, status, owner and whether
overdue), and for one meeting ``meetings/{id}/action-log/`` and ``meetings/{id}/escalations/``,
answered by the same selectors as the meeting's page. Read by the programme office, directors
and the body's members (a partner officer, only the bodies their organisation hosts), as on
the pages; a record of another body is "not found"."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from governance.models import AreaOfWeakness
from projects.models import Project, Risk
from sendtrack.kernel.api.views import ResourceViewSet

from .. import selectors
from ..models import AgendaItem, BoardAction, Decision
from ..permissions import board_actions_visible_to, meeting_access, meeting_business_visible_to
from . import filters, serializers


class BoardBusinessViewSet(ResourceViewSet):
    """Read by whoever may read the body's business: the scopes below, not a role's model
    permission, decide (a body's member may be of any role)."""

    http_method_names = ["get", "head", "options"]
    permission_classes = [IsAuthenticated]

    def visible(self, queryset):
        return meeting_business_visible_to(user=self.request.user, queryset=queryset)


class AgendaItemViewSet(BoardBusinessViewSet):
    """Meetings' agenda items in order, with who presents each, its paper and the projects,
    areas of weakness and risks it concerns."""

    queryset = AgendaItem.objects.all()
    serializer_class = serializers.AgendaItemSerializer
    filterset_class = filters.AgendaItemFilter
    search_fields = ["title"]
    ordering_fields = ["meeting__date", "number"]

    def annotate(self, queryset):
        return queryset.select_related("meeting__body", "owner").prefetch_related(
            Prefetch("projects", Project.objects.only("pk", "code").order_by("code")),
            Prefetch("areas", AreaOfWeakness.objects.only("pk").order_by("pk")),
            Prefetch("risks", Risk.objects.only("pk").order_by("pk")),
        )


class DecisionViewSet(BoardBusinessViewSet):
    """What meetings decided, and by whom, with the agenda item it was decided under."""

    queryset = Decision.objects.all()
    serializer_class = serializers.DecisionSerializer
    filterset_class = filters.DecisionFilter
    search_fields = ["reference", "decision"]
    ordering_fields = ["meeting__date", "reference"]

    def annotate(self, queryset):
        return queryset.select_related("meeting__body", "agenda_item")


class BoardActionViewSet(BoardBusinessViewSet):
    """The bodies' action log: every action their meetings set, carried from meeting to meeting
    until done or dropped, with the day it is due (its date, or its due meeting's) and whether
    it is overdue today. Also read by the action's owner."""

    queryset = BoardAction.objects.all()
    serializer_class = serializers.BoardActionSerializer
    filterset_class = filters.BoardActionFilter
    search_fields = ["reference", "action", "update"]
    ordering_fields = ["raised_at__date", "due_on", "status", "reference"]
    table_title = "Board actions"

    def visible(self, queryset):
        return board_actions_visible_to(user=self.request.user, queryset=queryset)

    def annotate(self, queryset):
        return selectors.board_actions_with_status(today=timezone.localdate(), queryset=queryset)


class MeetingBusinessView(GenericAPIView):
    """One meeting's business, as its page shows it (JSON, not paged)."""

    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONRenderer]
    pagination_class = None
    filter_backends = []

    def rows(self, meeting) -> list:
        raise NotImplementedError

    def get(self, request, pk: int):
        meeting = meeting_access(user=request.user, meeting_id=pk)
        return Response(self.get_serializer(self.rows(meeting), many=True).data)


@extend_schema(
    summary="A meeting's action log",
    description="The body's action log as the meeting takes it, as on the meeting's page: the "
    "actions set at earlier meetings still open (or done or dropped since the meeting before), "
    "then those set at this one, each overdue if due before the meeting's day and not done.",
    responses=serializers.ActionLogEntrySerializer(many=True),
)
class MeetingActionLogView(MeetingBusinessView):
    serializer_class = serializers.ActionLogEntrySerializer

    def rows(self, meeting):
        return selectors.action_log(meeting=meeting)


@extend_schema(
    summary="The escalations that reached a meeting",
    description="As on the meeting's page: the “decisions or escalations needed” of the "
    "monthly reports of projects the body oversees, filed since its last meeting, and the open "
    "risks escalated to it, each with the responses recorded at this meeting or earlier ones.",
    responses=serializers.EscalationSerializer(many=True),
)
class MeetingEscalationsView(MeetingBusinessView):
    serializer_class = serializers.EscalationSerializer

    def rows(self, meeting):
        return selectors.escalations_for_meeting(meeting=meeting)
