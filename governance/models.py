"""Who is accountable for what, and to whom: organisations, people, boards, meetings, the
inspection and its areas of weakness, and the improvement plans that answer them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from .validators import validate_not_in_future


class Record(models.Model):
    """Fields every record carries: when it was made and changed, and whether it is invented."""

    is_demo = models.BooleanField(
        "demonstration data",
        default=False,
        help_text="Ticked for invented records loaded to demonstrate the system.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Organisation(Record):
    class Kind(models.TextChoices):
        COUNCIL = "council", "Local authority"
        HEALTH = "health", "NHS body"
        PARENT_CARER = "parent_carer", "Parent carer forum"
        EDUCATION = "education", "Education provider or trust"
        GOVERNMENT = "government", "Central government"
        ADVISORY = "advisory", "Adviser or improvement partner"
        VOLUNTARY = "voluntary", "Voluntary or community sector"

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=60, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name


class Person(Record):
    """Someone named in the programme: a lead, an owner, a board member. May have a login."""

    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="people", null=True, blank=True
    )
    email = models.EmailField(
        blank=True, help_text="Used for reminders. Leave blank only if the person has none."
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        help_text="The login account of this person, if they use sendtrack.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return f"{self.name} ({self.job_title})" if self.job_title else self.name


class Body(Record):
    """A board, group or committee, and the body it reports to (its escalation route)."""

    class Kind(models.TextChoices):
        BOARD = "board", "Board"
        GROUP = "group", "Group"
        COMMITTEE = "committee", "Committee of elected members"
        TEAM = "team", "Management team"

    class Cadence(models.TextChoices):
        WEEKLY = "weekly", "Weekly"
        FORTNIGHTLY = "fortnightly", "Fortnightly"
        MONTHLY = "monthly", "Monthly"
        SIX_WEEKLY = "six_weekly", "Every six weeks"
        BIMONTHLY = "bimonthly", "Every two months"
        QUARTERLY = "quarterly", "Quarterly"
        AS_NEEDED = "as_needed", "As needed"

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=60, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="bodies",
        help_text="The organisation that hosts the body.",
    )
    reports_to = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reporting_bodies",
        help_text="Where this body escalates to and gives assurance to.",
    )
    purpose = models.TextField(blank=True)
    terms_of_reference = models.TextField(blank=True)
    terms_review_date = models.DateField("terms of reference review date", null=True, blank=True)
    cadence = models.CharField(
        "meets", max_length=20, choices=Cadence.choices, default=Cadence.MONTHLY
    )
    established_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(
        null=True, blank=True, help_text="Set when the body is abolished or stands down."
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "bodies"
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(established_on__isnull=True)
                | Q(ended_on__gte=F("established_on")),
                name="body_ends_after_it_starts",
                violation_error_message="A body cannot end before it is established.",
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def clean(self) -> None:
        # Walk up the reporting line: a body may not report to itself, directly or indirectly.
        seen = {self.pk} if self.pk else set()
        parent = self.reports_to
        while parent is not None:
            if parent.pk in seen:
                raise ValidationError(
                    {
                        "reports_to": "This would make a loop: a body cannot report to itself, "
                        "directly or through other bodies."
                    }
                )
            seen.add(parent.pk)
            parent = parent.reports_to


class Membership(Record):
    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        CO_CHAIR = "co_chair", "Co-chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"
        MEMBER = "member", "Member"
        OFFICER = "officer", "Officer in attendance"
        ATTENDEE = "attendee", "In attendance (e.g. a Cabinet Member)"
        ADVISER = "adviser", "Adviser"
        SECRETARIAT = "secretariat", "Secretariat"

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["body", "role", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "person", "role"],
                condition=Q(end_date__isnull=True),
                name="membership_one_current_role_per_person",
                violation_error_message="This person already holds this role on this body.",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="membership_ends_after_it_starts",
                violation_error_message="A membership cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name}: {self.get_role_display()} of {self.body}"


class Meeting(Record):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField()
    title = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    location = models.CharField(max_length=200, blank=True)
    papers_url = models.URLField("link to papers", blank=True)
    minutes = models.TextField(blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-date", "body__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "date"],
                name="meeting_one_per_body_per_day",
                violation_error_message="This body already has a meeting on this date.",
            ),
        ]
        indexes = [models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.body} – {self.date:%-d %B %Y}"


class InformationRequestQuerySet(models.QuerySet):
    def outstanding(self) -> InformationRequestQuerySet:
        """Requests still waiting for a response."""
        return self.filter(status__in=InformationRequest.OUTSTANDING)


class InformationRequest(Record):
    """Something members asked for at a meeting, of whom, by when, and what came back."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        PROVIDED = "provided", "Provided"
        WITHDRAWN = "withdrawn", "Withdrawn"

    OUTSTANDING = (Status.OPEN, Status.IN_PROGRESS)

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        related_name="information_requests",
        help_text="The meeting at which members asked for the information.",
    )
    reference = models.CharField(max_length=20, help_text="As minuted, for example “21a”.")
    request = models.TextField(help_text="What members asked for, in the words of the minutes.")
    requested_of = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="information_requests",
        null=True,
        blank=True,
        help_text="The officer asked to provide it.",
    )
    due_date = models.DateField(
        null=True,
        blank=True,
        help_text="Leave blank to use the date of the body's next meeting.",
    )
    recurring = models.BooleanField(
        default=False, help_text="Tick if members asked for this at every meeting."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    response = models.TextField(blank=True)
    provided_on = models.DateField(null=True, blank=True, validators=[validate_not_in_future])

    objects = InformationRequestQuerySet.as_manager()

    class Meta:
        ordering = ["meeting__date", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "reference"],
                name="information_request_reference_unique_per_meeting",
                violation_error_message="This meeting already has a request with this reference.",
            ),
            models.CheckConstraint(
                condition=~Q(status="provided") | Q(provided_on__isnull=False),
                name="information_request_provided_has_date",
                violation_error_message="Give the date the information was provided.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.request[:80]}"

    def clean(self) -> None:
        if self.status == self.Status.PROVIDED and not self.provided_on:
            raise ValidationError({"provided_on": "Give the date the information was provided."})
        if self.provided_on and self.meeting_id and self.provided_on < self.meeting.date:
            raise ValidationError(
                {"provided_on": "The information cannot be provided before it was asked for."}
            )


class Inspection(Record):
    class Kind(models.TextChoices):
        INSPECTION = "inspection", "Inspection"
        REVISIT = "revisit", "Revisit"

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    inspectorates = models.CharField(max_length=100, default="Ofsted and CQC")
    local_area = models.CharField(max_length=100)
    start_date = models.DateField()
    end_date = models.DateField()
    letter_published_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    revisit_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="revisits"
    )

    class Meta:
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="inspection_ends_after_it_starts",
                violation_error_message="An inspection cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.start_date:%B %Y})"


class AreaOfWeakness(Record):
    """One of the nine areas of significant weakness an inspection found."""

    class RevisitJudgement(models.TextChoices):
        NOT_REVISITED = "not_revisited", "Not yet revisited"
        INSUFFICIENT = "insufficient", "Insufficient progress"
        SUFFICIENT = "sufficient", "Sufficient progress"

    inspection = models.ForeignKey(
        Inspection, on_delete=models.PROTECT, related_name="areas_of_weakness"
    )
    number = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text="The area's number in the inspection letter, 1 to 9.",
    )
    title = models.CharField(max_length=300)
    wording_confirmed = models.BooleanField(
        default=True, help_text="Untick while the title is a working summary awaiting checking."
    )
    finding = models.TextField(blank=True, help_text="What the inspectors found.")
    revisit_judgement = models.CharField(
        max_length=20, choices=RevisitJudgement.choices, default=RevisitJudgement.NOT_REVISITED
    )
    lead = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="areas_led",
        help_text="The senior officer accountable for improvement in this area.",
    )

    class Meta:
        ordering = ["inspection__start_date", "number"]
        verbose_name_plural = "areas of weakness"
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "number"],
                name="area_of_weakness_number_unique_per_inspection",
                violation_error_message="This inspection already has an area with this number.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=9),
                name="area_of_weakness_number_1_to_9",
                violation_error_message="Areas of weakness are numbered 1 to 9.",
            ),
        ]

    def __str__(self) -> str:
        return f"Area {self.number}: {self.title}"


class AreaAssessment(Record):
    """A dated self-assessment of progress in an area; the latest is the current one."""

    class Rating(models.TextChoices):
        NO_PROGRESS = "no_progress", "Not yet improving"
        SOME_PROGRESS = "some_progress", "Some progress"
        GOOD_PROGRESS = "good_progress", "Good progress"
        RESOLVED = "resolved", "Weakness resolved"

    area = models.ForeignKey(AreaOfWeakness, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField()
    rating = models.CharField(max_length=20, choices=Rating.choices)
    rationale = models.TextField(help_text="Why this rating: the evidence it rests on.")
    assessed_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="assessments"
    )

    class Meta:
        ordering = ["area", "-assessed_on"]
        get_latest_by = "assessed_on"
        constraints = [
            models.UniqueConstraint(
                fields=["area", "assessed_on"],
                name="area_assessment_one_per_day",
                violation_error_message="This area already has an assessment on this date.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.get_rating_display()} on {self.assessed_on}"


class ImprovementPlan(Record):
    """A plan answering the inspection: WSoA, representation, Improvement Notice, APP."""

    class Kind(models.TextChoices):
        WSOA = "wsoa", "Written Statement of Action"
        REPRESENTATION = "representation", "Representation to the Minister"
        IMPROVEMENT_NOTICE = "improvement_notice", "Improvement Notice"
        APP = "app", "Accelerated Progress Plan"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"
        SUPERSEDED = "superseded", "Superseded"
        CLOSED = "closed", "Closed"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=200)
    version = models.CharField(max_length=20, default="1")
    inspection = models.ForeignKey(
        Inspection, on_delete=models.PROTECT, related_name="plans", null=True, blank=True
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_on = models.DateField(null=True, blank=True)
    approved_on = models.DateField(null=True, blank=True)
    approved_by = models.CharField(
        max_length=200, blank=True, help_text="Who approved the plan, e.g. “DfE and NHS England”."
    )
    summary = models.TextField(blank=True)
    supersedes = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )

    class Meta:
        ordering = ["submitted_on", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "title", "version"],
                name="improvement_plan_version_unique",
                violation_error_message="This plan already has this version.",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_on__isnull=False),
                name="improvement_plan_approved_has_date",
                violation_error_message="Give the date the plan was approved.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class PlanActionQuerySet(models.QuerySet):
    def open(self) -> PlanActionQuerySet:
        """Actions not yet complete or withdrawn."""
        return self.exclude(status__in=PlanAction.CLOSED_STATUSES)


class PlanAction(Record):
    class Timescale(models.TextChoices):
        NEXT_MEETING = "next_meeting", "By the next meeting"
        SIX_WEEKS = "six_weeks", "Within 6 weeks"
        THREE_MONTHS = "three_months", "Within 3 months"
        SIX_MONTHS = "six_months", "3 to 6 months"
        TWELVE_MONTHS = "twelve_months", "6 to 12 months"
        EIGHTEEN_MONTHS = "eighteen_months", "12 to 18 months"

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETE = "complete", "Complete"
        WITHDRAWN = "withdrawn", "Withdrawn"
        CARRIED_FORWARD = "carried_forward", "Carried forward to a later plan"

    # Statuses in which an action no longer counts as open or overdue.
    CLOSED_STATUSES = (Status.COMPLETE, Status.WITHDRAWN, Status.CARRIED_FORWARD)

    plan = models.ForeignKey(ImprovementPlan, on_delete=models.PROTECT, related_name="actions")
    reference = models.CharField(max_length=30)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    areas = models.ManyToManyField(
        AreaOfWeakness,
        related_name="plan_actions",
        blank=True,
        help_text="The areas of weakness this action addresses.",
    )
    accountable_owner = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="actions_owned"
    )
    lead = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="actions_led"
    )
    timescale = models.CharField(max_length=20, choices=Timescale.choices, blank=True)
    promised_at = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions_promised",
        help_text="The meeting at which the action was promised, if it was promised to one.",
    )
    due_date = models.DateField(
        null=True,
        blank=True,
        help_text="Leave blank for an action promised “by the next meeting”: it is then due "
        "on the date of that body's next meeting.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    completed_on = models.DateField(null=True, blank=True, validators=[validate_not_in_future])
    evidence_of_completion = models.TextField(blank=True)
    impact_measure = models.TextField(
        blank=True, help_text="How we will know the action has made a difference."
    )
    carried_forward_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_forward_to",
        help_text="The action in an earlier plan that this one continues.",
    )

    objects = PlanActionQuerySet.as_manager()

    class Meta:
        ordering = ["plan__submitted_on", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "reference"],
                name="plan_action_reference_unique_per_plan",
                violation_error_message="This plan already has an action with this reference.",
            ),
            models.CheckConstraint(
                condition=~Q(status="complete") | Q(completed_on__isnull=False),
                name="plan_action_complete_has_date",
                violation_error_message="Give the date the action was completed.",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def clean(self) -> None:
        if self.status == self.Status.COMPLETE and not self.completed_on:
            raise ValidationError({"completed_on": "Give the date the action was completed."})
        if self.carried_forward_from_id and self.carried_forward_from_id == self.pk:
            raise ValidationError({"carried_forward_from": "An action cannot continue itself."})
