"""``/api/v1/plan-action-sign-offs/``: the sign-offs of jointly owned plan actions, standing
and withdrawn. The programme office records one (POST) and withdraws one with a reason
(``/withdraw/``), through the same services as the admin; nothing is changed or deleted
otherwise, so each sign-off's history stays whole. Directors read them. A partner officer sees
the sign-offs of the actions their organisation owns, and signs off (as themselves) and
withdraws only for their own organisation."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from sendtrack.kernel.api.views import ResourceViewSet
from sendtrack.kernel.concurrency import etag_for

from ..models import Person, PlanAction, PlanActionSignOff
from ..permissions import can_sign_off_for, plan_actions_visible_to, sign_offs_visible_to
from ..services import plan_action_sign_off, plan_action_withdraw_sign_off
from .filters import organisation_filter


class PlanActionSignOffSerializer(serializers.ModelSerializer):
    # Ids as plain numbers: a sign-off is read here, never written through this serializer.
    plan_action = serializers.IntegerField(source="plan_action_id", read_only=True)
    organisation = serializers.IntegerField(source="organisation_id", read_only=True)
    signed_by = serializers.IntegerField(source="signed_by_id", read_only=True)
    plan_action_reference = serializers.CharField(
        source="plan_action.reference", read_only=True, label="Plan action reference"
    )
    organisation_name = serializers.CharField(
        source="organisation.name", read_only=True, label="Organisation name"
    )
    signed_by_name = serializers.CharField(
        source="signed_by.name", read_only=True, label="Signed by (name)"
    )
    withdrawn_by_name = serializers.CharField(
        source="withdrawn_by.username",
        read_only=True,
        default=None,
        allow_null=True,
        label="Withdrawn by (username)",
    )

    class Meta:
        model = PlanActionSignOff
        fields = [
            "id",
            "plan_action",
            "plan_action_reference",
            "organisation",
            "organisation_name",
            "signed_by",
            "signed_by_name",
            "signed_at",
            "statement",
            "withdrawn_at",
            "withdrawn_by_name",
            "withdrawal_reason",
        ]
        read_only_fields = fields


class SignOffRequestSerializer(serializers.Serializer):
    plan_action = serializers.PrimaryKeyRelatedField(
        queryset=PlanAction.objects.all(), help_text="Id of the jointly owned, complete action."
    )
    signed_by = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.select_related("organisation"),
        help_text="Id of the named owner who signs, a person of an owning organisation.",
    )
    statement = serializers.CharField(help_text="What the person confirms.")


class WithdrawRequestSerializer(serializers.Serializer):
    withdrawal_reason = serializers.CharField(help_text="Why the sign-off is withdrawn.")


class PlanActionSignOffFilter(filters.FilterSet):
    organisation = organisation_filter(help_text="Id of the organisation that signed off.")
    plan_action = filters.ModelChoiceFilter(queryset=PlanAction.objects.all())
    withdrawn = filters.BooleanFilter(
        field_name="withdrawn_at",
        lookup_expr="isnull",
        exclude=True,
        help_text="Withdrawn (true) or standing (false).",
    )

    class Meta:
        model = PlanActionSignOff
        fields = ["organisation", "plan_action", "withdrawn"]


def _refused(error: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(serializers.as_serializer_error(error))


class PlanActionSignOffViewSet(mixins.CreateModelMixin, ResourceViewSet):
    """Sign-offs of jointly owned plan actions, oldest first. POST one for a named owner (201),
    refused with 400 naming the field (an action not jointly owned or not marked complete, a
    person of another organisation, an organisation that has signed already); withdraw one with
    a reason at ``/withdraw/``. The programme office writes; directors read."""

    queryset = PlanActionSignOff.objects.all()
    serializer_class = PlanActionSignOffSerializer
    filterset_class = PlanActionSignOffFilter
    search_fields = ["statement", "plan_action__reference", "signed_by__name"]
    ordering_fields = ["signed_at", "withdrawn_at"]
    table_title = "Plan action sign-offs"

    denied_message = "You may sign off and withdraw only for your own organisation."

    def visible(self, queryset):
        return sign_offs_visible_to(user=self.request.user, queryset=queryset)

    def annotate(self, queryset):
        return queryset.select_related("plan_action", "organisation", "signed_by", "withdrawn_by")

    def _answer(self, sign_off: PlanActionSignOff, *, status: int = 200) -> Response:
        fresh = self.annotate(PlanActionSignOff.objects.filter(pk=sign_off.pk)).get()
        data = PlanActionSignOffSerializer(fresh, context=self.get_serializer_context()).data
        return Response(data, status=status, headers={"ETag": etag_for(fresh)})

    @extend_schema(
        summary="Sign off a jointly owned plan action",
        request=SignOffRequestSerializer,
        responses={201: PlanActionSignOffSerializer},
    )
    def create(self, request, *args, **kwargs):
        given = SignOffRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        action = given.validated_data["plan_action"]
        if not plan_actions_visible_to(user=request.user).filter(pk=action.pk).exists():
            # An action the user may not see is answered as one that does not exist.
            raise serializers.ValidationError(
                {"plan_action": [f'Invalid pk "{action.pk}" - object does not exist.']}
            )
        if not can_sign_off_for(user=request.user, person=given.validated_data["signed_by"]):
            raise PermissionDenied(
                "A partner officer signs off as themselves, for their own organisation: "
                "choose yourself as the person who signs."
            )
        try:
            sign_off = plan_action_sign_off(
                action=given.validated_data["plan_action"],
                person=given.validated_data["signed_by"],
                statement=given.validated_data["statement"],
                user=request.user,
            )
        except DjangoValidationError as error:
            raise _refused(error) from error
        return self._answer(sign_off, status=201)

    @extend_schema(
        summary="Withdraw a sign-off, saying why",
        request=WithdrawRequestSerializer,
        responses={200: PlanActionSignOffSerializer},
        filters=False,
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def withdraw(self, request, pk=None):
        sign_off = self.get_object()
        if not request.user.has_perm("governance.change_planactionsignoff", sign_off):
            raise PermissionDenied(self.denied_message)
        given = WithdrawRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            sign_off = plan_action_withdraw_sign_off(
                sign_off=sign_off,
                reason=given.validated_data["withdrawal_reason"],
                user=request.user,
            )
        except DjangoValidationError as error:
            raise _refused(error) from error
        return self._answer(sign_off)
