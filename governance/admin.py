"""The programme office's door to governance: organisations, people, boards and their meetings,
members' information requests, the inspection and its areas of weakness, and the improvement
plans. Overdue flags and current assessments come from the selectors."""

from __future__ import annotations

from django.contrib import admin
from django.utils import timezone
from django.utils.text import Truncator

from sendtrack.kernel.admin import (
    HTTPS_LINKS,
    AccessibleTabularInline,
    CheckedModelForm,
    FlagListFilter,
    ModelAdmin,
    ReadOnlyModelAdmin,
    StackedInline,
    preloading,
)

from .models import (
    AreaAssessment,
    AreaOfWeakness,
    Body,
    GovernanceSnapshot,
    ImprovementPlan,
    InformationRequest,
    Inspection,
    Meeting,
    Membership,
    Organisation,
    Person,
    PlanAction,
)
from .ownership import CoOwnersFormMixin
from .permissions import (
    PARTNER_EDITABLE,
    can_change_plan_action_details,
    people_visible_to,
    plan_actions_visible_to,
)
from .selectors import (
    areas_with_current_assessment,
    information_requests_with_status,
    plan_actions_with_status,
)
from .sign_off_admin import SignOffInline, sign_off_status


class OverdueFilter(FlagListFilter):
    title = "overdue"
    parameter_name = "overdue"
    annotation = "is_overdue"
    yes_label = "Overdue"
    no_label = "Not overdue"


class DueDisplay:
    """The effective due date and overdue flag that the selectors work out."""

    @admin.display(description="Due", ordering="effective_due_date")
    def due(self, obj) -> str:
        due = getattr(obj, "effective_due_date", None)
        if due is None:
            return "No date yet"
        suffix = "" if obj.due_date else " (the body's next meeting)"
        return f"{due:%-d %B %Y}{suffix}"

    @admin.display(description="Overdue", ordering="is_overdue")
    def overdue(self, obj) -> str:
        return "Overdue" if getattr(obj, "is_overdue", False) else ""


@admin.register(Organisation)
class OrganisationAdmin(ModelAdmin):
    formfield_overrides = HTTPS_LINKS
    list_display = ("name", "short_name", "kind", "is_demo")
    list_filter = ("kind", "is_demo")
    search_fields = ("name", "short_name")


class EmailFilter(admin.SimpleListFilter):
    """People with and without an email address: without one, reminders cannot reach them."""

    title = "email address"
    parameter_name = "email"

    def lookups(self, request, model_admin):
        return [("missing", "Missing"), ("given", "Given")]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.filter(email="")
        if self.value() == "given":
            return queryset.exclude(email="")
        return queryset


@admin.register(Person)
class PersonAdmin(ModelAdmin):
    list_display = ("name", "job_title", "organisation", "email", "has_login")
    list_filter = (EmailFilter, "organisation", "is_demo")
    list_select_related = ("organisation",)
    search_fields = ("name", "job_title", "email")
    autocomplete_fields = ("organisation",)
    raw_id_fields = ("user",)

    def get_queryset(self, request):
        # A partner officer sees the people of their own organisation (also in autocompletes).
        return people_visible_to(user=request.user, queryset=super().get_queryset(request))

    @admin.display(description="Has a login", boolean=True, ordering="user")
    def has_login(self, obj: Person) -> bool:
        return obj.user_id is not None


class MembershipFormSet(preloading("person")):
    """One open role per person per body, across the rows of the page as well as saved ones."""

    def clean(self) -> None:
        super().clean()
        seen = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or self._should_delete_form(form) or data.get("end_date"):
                continue
            key = (data.get("person"), data.get("role"))
            if None in key:
                continue
            if key in seen:
                form.add_error(None, "This person already holds this role on this body.")
            seen.add(key)


class MembershipInline(AccessibleTabularInline):
    """A body's members, grouped by the organisation each belongs to."""

    model = Membership
    formset = MembershipFormSet
    extra = 0
    fields = ("person", "organisation", "role", "start_date", "end_date")
    readonly_fields = ("organisation",)
    autocomplete_fields = ("person",)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("person__organisation", "body")
            .order_by("person__organisation__name", "role", "person__name")
        )

    @admin.display(description="Organisation")
    def organisation(self, obj: Membership) -> str:
        return str(obj.person.organisation) if obj.pk else ""


@admin.register(Body)
class BodyAdmin(ModelAdmin):
    list_display = ("name", "kind", "reports_to", "cadence", "organisation", "ended_on")
    list_filter = ("kind", "cadence", "organisation")
    list_select_related = ("reports_to", "organisation")
    search_fields = ("name", "short_name", "purpose")
    autocomplete_fields = ("organisation", "reports_to")
    inlines = (MembershipInline,)


@admin.register(Membership)
class MembershipAdmin(ModelAdmin):
    @admin.display(description="Organisation", ordering="person__organisation__name")
    def organisation(self, obj: Membership) -> str:
        return str(obj.person.organisation)

    list_display = ("person", "organisation", "role", "body", "start_date", "end_date")
    list_filter = ("role", "body", "person__organisation")
    list_select_related = ("person__organisation", "body")
    ordering = ("body", "person__organisation__name", "role", "person__name")
    search_fields = ("person__name", "body__name")
    autocomplete_fields = ("person", "body")


class InformationRequestInline(StackedInline):
    model = InformationRequest
    formset = preloading("requested_of")
    extra = 0
    fields = (
        ("reference", "status", "recurring"),
        "request",
        ("requested_of", "due_date"),
        "response",
        "provided_on",
    )
    autocomplete_fields = ("requested_of",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("requested_of")


@admin.register(Meeting)
class MeetingAdmin(ModelAdmin):
    formfield_overrides = HTTPS_LINKS
    list_display = ("date", "body", "title", "status")
    list_display_links = ("date", "body")
    list_filter = ("status", "body__kind", "body")
    list_select_related = ("body",)
    search_fields = ("title", "body__name", "minutes", "note")
    date_hierarchy = "date"
    autocomplete_fields = ("body",)
    inlines = (InformationRequestInline,)


@admin.register(InformationRequest)
class InformationRequestAdmin(DueDisplay, ModelAdmin):
    list_display = (
        "reference",
        "short_request",
        "asked_at",
        "asked_of",
        "due",
        "status",
        "overdue",
    )
    list_filter = (OverdueFilter, "status", "recurring", "meeting__body")
    search_fields = ("reference", "request", "response")
    autocomplete_fields = ("meeting", "requested_of")
    readonly_fields = ("due",)
    fields = (
        "meeting",
        "reference",
        "request",
        "requested_of",
        "due_date",
        "due",
        "recurring",
        "status",
        "response",
        "provided_on",
        "is_demo",
    )

    def get_queryset(self, request):
        return information_requests_with_status(
            today=timezone.localdate(), queryset=super().get_queryset(request)
        )

    @admin.display(description="Request")
    def short_request(self, obj: InformationRequest) -> str:
        return Truncator(obj.request).words(16)

    @admin.display(description="Asked at", ordering="meeting__date")
    def asked_at(self, obj: InformationRequest) -> str:
        return f"{obj.meeting.body}, {obj.meeting.date:%-d %b %Y}"

    @admin.display(description="Asked of", ordering="requested_of__name")
    def asked_of(self, obj: InformationRequest) -> str:
        return obj.requested_of.name if obj.requested_of else "–"


class AreaOfWeaknessInline(AccessibleTabularInline):
    model = AreaOfWeakness
    formset = preloading("lead")
    extra = 0
    fields = ("number", "title", "revisit_judgement", "lead")
    autocomplete_fields = ("lead",)
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("lead")


@admin.register(Inspection)
class InspectionAdmin(ModelAdmin):
    list_display = ("title", "kind", "local_area", "start_date", "end_date", "letter_published_on")
    list_filter = ("kind",)
    search_fields = ("title", "outcome")
    inlines = (AreaOfWeaknessInline,)


class AreaAssessmentInline(StackedInline):
    model = AreaAssessment
    formset = preloading("assessed_by")
    extra = 0
    fields = (("assessed_on", "rating", "assessed_by"), "rationale")
    autocomplete_fields = ("assessed_by",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("area", "assessed_by")


@admin.register(AreaOfWeakness)
class AreaOfWeaknessAdmin(ModelAdmin):
    list_display = ("number", "title", "inspection", "current", "revisit_judgement", "lead")
    list_display_links = ("number", "title")
    list_filter = ("inspection", "revisit_judgement", "wording_confirmed")
    search_fields = ("title", "finding")
    autocomplete_fields = ("lead",)
    readonly_fields = ("current",)
    inlines = (AreaAssessmentInline,)

    def get_queryset(self, request):
        return areas_with_current_assessment(queryset=super().get_queryset(request))

    @admin.display(description="Current self-assessment", ordering="current_rating")
    def current(self, obj: AreaOfWeakness) -> str:
        rating = getattr(obj, "current_rating", None)
        if not rating:
            return "Not yet assessed"
        label = AreaAssessment.Rating(rating).label
        return f"{label} ({obj.current_assessed_on:%-d %B %Y})"


@admin.register(AreaAssessment)
class AreaAssessmentAdmin(ModelAdmin):
    list_display = ("area", "assessed_on", "rating", "assessed_by")
    list_filter = ("rating", "area")
    list_select_related = ("area", "assessed_by")
    search_fields = ("rationale", "area__title")
    autocomplete_fields = ("area", "assessed_by")
    date_hierarchy = "assessed_on"


@admin.register(ImprovementPlan)
class ImprovementPlanAdmin(ModelAdmin):
    list_display = ("title", "kind", "version", "status", "submitted_on", "approved_on")
    list_filter = ("kind", "status")
    search_fields = ("title", "summary")
    autocomplete_fields = ("inspection", "supersedes")


@admin.display(description="Sign-off")
def sign_off_for_readers(action: PlanAction) -> str:
    return sign_off_status(action, can_add=False)


@admin.display(description="Sign-off")
def sign_off_for_the_office(action: PlanAction) -> str:
    return sign_off_status(action, can_add=True)


SIGN_OFF = {False: sign_off_for_readers, True: sign_off_for_the_office}


class PlanActionForm(CoOwnersFormMixin, CheckedModelForm):
    """A plan action: its co-owners are organisations other than its lead organisation."""


@admin.register(PlanAction)
class PlanActionAdmin(DueDisplay, ModelAdmin):
    form = PlanActionForm
    list_display = (
        "reference",
        "title",
        "plan",
        "lead",
        "timescale",
        "due",
        "status",
        "overdue",
    )
    list_display_links = ("reference", "title")
    list_filter = (OverdueFilter, "status", "plan", "timescale", "areas")
    search_fields = ("reference", "title", "description")
    autocomplete_fields = (
        "plan",
        "areas",
        "accountable_owner",
        "lead",
        "organisation",
        "co_owners",
        "promised_at",
        "carried_forward_from",
    )
    readonly_fields = ("due",)
    inlines = (SignOffInline,)

    def get_readonly_fields(self, request, obj=None):
        # The page links to recording a sign-off for those who may record one.
        can_add = request.user.has_perm("governance.add_planactionsignoff")
        readonly = (*super().get_readonly_fields(request, obj), SIGN_OFF[can_add])
        if can_change_plan_action_details(user=request.user):
            return readonly
        # A partner officer updates the action's progress; the rest, its owners included,
        # is the programme office's.
        fields = [
            f.name
            for f in self.opts.get_fields()
            if (f.concrete or f.many_to_many) and f.editable and not f.auto_created
        ]
        return (*readonly, *(f for f in fields if f not in PARTNER_EDITABLE))

    def get_queryset(self, request):
        visible = plan_actions_visible_to(user=request.user, queryset=super().get_queryset(request))
        return plan_actions_with_status(today=timezone.localdate(), queryset=visible)


@admin.register(GovernanceSnapshot)
class GovernanceSnapshotAdmin(ReadOnlyModelAdmin):
    """The daily counts of open and overdue plan actions and information requests."""

    list_display = (
        "day",
        "plan_actions_open",
        "plan_actions_overdue",
        "information_requests_outstanding",
        "information_requests_overdue",
    )
    list_filter = (("day", admin.DateFieldListFilter),)
    date_hierarchy = "day"


# Evidence items have their own module; importing it registers their admin.
from . import evidence_admin  # noqa: E402, F401
