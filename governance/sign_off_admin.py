"""The officers' door to the sign-offs of jointly owned plan actions: the programme office
records a named owner's sign-off (who, for which organisation, their statement) and withdraws
one with a reason, through the same services as the API; nobody edits or deletes a sign-off,
so its history stays whole. The plan action's page lists its sign-offs and says whose is
still awaited. A partner officer who is a named owner signs off (as themselves) and withdraws
for their own organisation only, and sees the sign-offs of the actions their organisation
owns."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from sendtrack.kernel.admin import AccessibleTabularInline, ModelAdmin

from .models import Person, PlanAction, PlanActionSignOff
from .ownership import is_jointly_owned
from .permissions import (
    can_sign_off_for,
    people_visible_to,
    plan_actions_visible_to,
    sign_offs_visible_to,
)
from .services import (
    plan_action_sign_off,
    plan_action_sign_off_check,
    plan_action_withdraw_sign_off,
    plan_action_withdraw_sign_off_check,
)
from .sign_offs import awaiting_text, sign_offs_awaited

SHOWN = (
    "plan_action",
    "organisation",
    "signed_by",
    "signed_at",
    "statement",
    "recorded_by",
    "withdrawn_at",
    "withdrawn_by",
    "withdrawal_reason",
)


def state_of(sign_off: PlanActionSignOff) -> str:
    """Whether the sign-off stands, or when it was withdrawn."""
    if sign_off.withdrawn_at is None:
        return "Standing"
    return f"Withdrawn on {timezone.localtime(sign_off.withdrawn_at):%-d %B %Y}"


class SignOffForm(forms.ModelForm):
    """A new sign-off: the action, the named owner who signs and their statement, checked by
    the service's rules before anything is saved."""

    user = None  # who records it, set by the admin

    class Meta:
        model = PlanActionSignOff
        fields = ("plan_action", "signed_by", "statement")

    def clean(self):
        cleaned = super().clean()
        action, person = cleaned.get("plan_action"), cleaned.get("signed_by")
        if action is None or person is None or "statement" not in cleaned:
            return cleaned
        if not can_sign_off_for(user=self.user, person=person):
            self.add_error(
                "signed_by",
                "A partner officer signs off as themselves, for their own organisation: "
                "choose yourself.",
            )
            return cleaned
        try:
            cleaned["statement"] = plan_action_sign_off_check(
                action=action, person=person, statement=cleaned["statement"]
            )
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned


class WithdrawForm(forms.ModelForm):
    """Withdrawing a standing sign-off: the reason is required."""

    class Meta:
        model = PlanActionSignOff
        fields = ("withdrawal_reason",)
        help_texts = {
            "withdrawal_reason": "To withdraw this sign-off, say why and save. The sign-off "
            "stays on record as withdrawn; its organisation may sign again after."
        }
        widgets = {"withdrawal_reason": forms.Textarea(attrs={"rows": 3, "cols": 60})}

    def clean_withdrawal_reason(self):
        reason = self.cleaned_data.get("withdrawal_reason", "")
        try:
            return plan_action_withdraw_sign_off_check(sign_off=self.instance, reason=reason)
        except ValidationError as error:
            raise ValidationError(error.message_dict["withdrawal_reason"]) from error


@admin.register(PlanActionSignOff)
class PlanActionSignOffAdmin(ModelAdmin):
    list_display = ("plan_action", "organisation", "signed_by", "signed_at", "state")
    list_display_links = ("plan_action",)
    list_filter = ("organisation", ("withdrawn_at", admin.EmptyFieldListFilter))
    list_select_related = ("plan_action", "organisation", "signed_by")
    search_fields = ("plan_action__reference", "plan_action__title", "signed_by__name")
    autocomplete_fields = ("plan_action", "signed_by")
    date_hierarchy = "signed_at"

    def get_queryset(self, request):
        visible = sign_offs_visible_to(user=request.user, queryset=super().get_queryset(request))
        return visible.select_related("plan_action", "organisation", "signed_by", "recorded_by")

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = type("SignOffForm", (SignOffForm,), {"user": request.user})
        else:
            kwargs["form"] = WithdrawForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        return SignOffForm.Meta.fields if obj is None else SHOWN

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        if obj.withdrawn_at is None and self.has_change_permission(request, obj):
            return tuple(f for f in SHOWN if f != "withdrawal_reason")
        return SHOWN

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "signed_by":
            kwargs["queryset"] = people_visible_to(
                user=request.user, queryset=Person.objects.select_related("organisation")
            )
        elif db_field.name == "plan_action":
            kwargs["queryset"] = plan_actions_visible_to(user=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        # A sign-off is a record: withdrawn, never deleted.
        return False

    def save_model(self, request, obj, form, change):
        if change:
            withdrawn = plan_action_withdraw_sign_off(
                sign_off=obj, reason=form.cleaned_data["withdrawal_reason"], user=request.user
            )
        else:
            withdrawn = plan_action_sign_off(
                action=form.cleaned_data["plan_action"],
                person=form.cleaned_data["signed_by"],
                statement=form.cleaned_data["statement"],
                user=request.user,
            )
        obj.pk = withdrawn.pk
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        return  # a sign-off has no related rows to save

    @admin.display(description="State", ordering="withdrawn_at")
    def state(self, obj: PlanActionSignOff) -> str:
        return state_of(obj)


class SignOffInline(AccessibleTabularInline):
    """The action's sign-offs, standing and withdrawn, read only: each is given and withdrawn
    on its own page."""

    model = PlanActionSignOff
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = "sign-offs"
    fields = ("organisation", "signed_by", "signed_at", "statement", "state")
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("plan_action", "organisation", "signed_by")
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="State")
    def state(self, obj: PlanActionSignOff) -> str:
        return state_of(obj)


def sign_off_status(action: PlanAction, *, can_add: bool) -> str:
    """What the plan action's page says about its sign-off, with a link to record one."""
    if action.pk is None or not is_jointly_owned(action):
        return "Owned by its lead organisation alone: no sign-off is needed."
    today = timezone.localdate()
    complete = action.status == PlanAction.Status.COMPLETE and action.completed_on
    if not complete:
        text = "Owned jointly: once it is marked complete, each owning organisation signs it off."
    else:
        names = sign_offs_awaited(action_ids=[action.pk], as_at=today).get(action.pk, [])
        text = (
            f"Complete, {awaiting_text(names)}."
            if names
            else "Signed off by every owning organisation."
        )
    if not (can_add and complete):
        return text
    url = reverse("admin:governance_planactionsignoff_add") + f"?plan_action={action.pk}"
    # The link in a paragraph of its own, so that it is not told from the text by colour alone.
    return format_html('<p>{}</p><p><a href="{}">Record a sign-off</a></p>', text, url)
