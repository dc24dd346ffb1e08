"""The filters every dashboard offers: lead organisation, workstream, overseeing body and
director. They live in the URL (a GET form), so that a filtered view can be bookmarked and
shared."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from governance.models import Body, Organisation, Person
from projects.models import Project, Workstream
from sendtrack.kernel.date_input import DateField
from sendtrack.visibility import choices_scoped_for, choices_visible_to

FORTNIGHT = timedelta(days=14)


class DashboardFilters(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Lead organisation",
        queryset=Organisation.objects.filter(
            Exists(Project.objects.filter(organisation=OuterRef("pk")))
        ),
        required=False,
        empty_label="All organisations",
    )
    workstream = forms.ModelChoiceField(
        queryset=Workstream.objects.all(), required=False, empty_label="All workstreams"
    )
    body = forms.ModelChoiceField(
        label="Overseeing board or group",
        queryset=Body.objects.filter(
            Exists(Project.objects.filter(overseeing_body=OuterRef("pk")))
        ),
        required=False,
        empty_label="All boards and groups",
    )
    director = forms.ModelChoiceField(
        queryset=Person.objects.filter(Exists(Workstream.objects.filter(director=OuterRef("pk")))),
        required=False,
        empty_label="All directors",
    )

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self._scope_choices(user)
        for field in self.fields.values():
            field.widget.attrs["class"] = "govuk-select"
        self.is_valid()

    def _scope_choices(self, user) -> None:
        # Each list offers only what the user may choose (``sendtrack.visibility``): a partner
        # officer sees the organisations, boards and directors of the projects they see, and
        # no list of records their role does not read at all (the council's boards).
        if not choices_scoped_for(user):
            return
        projects = choices_visible_to(user=user, queryset=Project.objects.all())
        self.fields["organisation"].queryset = choices_visible_to(
            user=user,
            queryset=Organisation.objects.filter(
                Exists(projects.filter(organisation=OuterRef("pk")))
            ),
        )
        self.fields["body"].queryset = choices_visible_to(
            user=user,
            queryset=Body.objects.filter(Exists(projects.filter(overseeing_body=OuterRef("pk")))),
        )
        self.fields["director"].queryset = choices_visible_to(
            user=user, queryset=self.fields["director"].queryset
        )
        for name, field in list(self.fields.items()):
            opts = field.queryset.model._meta
            if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
                del self.fields[name]

    def value(self, name: str):
        return self.cleaned_data.get(name) if hasattr(self, "cleaned_data") else None

    @property
    def active(self) -> bool:
        return any(self.value(name) for name in self.fields)

    def _project_q(self, prefix: str = "") -> Q:
        q = Q()
        if organisation := self.value("organisation"):
            q &= Q(**{f"{prefix}organisation": organisation})
        if workstream := self.value("workstream"):
            q &= Q(**{f"{prefix}workstream": workstream})
        if body := self.value("body"):
            q &= Q(**{f"{prefix}overseeing_body": body})
        if director := self.value("director"):
            q &= Q(**{f"{prefix}workstream__director": director})
        return q

    def projects(self, queryset: QuerySet) -> QuerySet:
        return queryset.filter(self._project_q())

    def project_records(self, queryset: QuerySet) -> QuerySet:
        """Milestones, risks or reports of the projects in view. Programme and partnership
        risks belong to no project: they drop out once any filter is chosen."""
        if not self.active:
            return queryset
        return queryset.filter(self._project_q("project__"))

    def indicators(self, queryset: QuerySet) -> QuerySet:
        """Indicators linked to a project in view."""
        if not self.active:
            return queryset
        links = Project.indicators.through.objects.filter(indicator=OuterRef("pk"))
        return queryset.filter(Exists(links.filter(self._project_q("project__"))))

    def plan_actions(self, queryset: QuerySet) -> QuerySet:
        """Plan actions delivered by a project in view."""
        if not self.active:
            return queryset
        links = Project.plan_actions.through.objects.filter(planaction=OuterRef("pk"))
        return queryset.filter(Exists(links.filter(self._project_q("project__"))))

    def meetings(self, queryset: QuerySet, *, body_path: str = "body") -> QuerySet:
        """Meetings (or what hangs off them) of the chosen body, if one is chosen."""
        if body := self.value("body"):
            return queryset.filter(**{body_path: body})
        return queryset

    def query(self, **extra) -> str:
        """The filters as a query string, for links that keep them."""
        from urllib.parse import urlencode

        params = {name: self.value(name).pk for name in self.fields if self.value(name)}
        params.update({k: v for k, v in extra.items() if v is not None})
        return urlencode(params)


class SinceForm(forms.Form):
    since = DateField(
        label="Changes since",
        name="The date to compare with",
        required=False,
        show_initial_when_blank=True,
        in_fieldset=True,
        help_text="Usually a fortnight ago, the last review. For example, 11 11 2026.",
    )

    def __init__(self, data=None, **kwargs):
        # Left blank, the day to compare with is a fortnight ago, and the boxes say so.
        kwargs.setdefault("initial", {"since": timezone.localdate() - FORTNIGHT})
        super().__init__(data, **kwargs)

    def clean_since(self):
        since = self.cleaned_data.get("since")
        if since and since > timezone.localdate():
            raise forms.ValidationError("The date to compare with must be today or in the past.")
        return since
