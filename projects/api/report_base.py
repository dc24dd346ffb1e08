"""What the monthly reports share: the month asked for (``?period=YYYY-MM``, by default the
latest complete month), the workstream and body filters, and the envelope every report comes
in: title, month, the day it was judged on, summary, rows, and any further tables."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.utils.serializer_helpers import ReturnDict

from governance.models import Body
from projects.models import Workstream
from projects.reports import Month, Report
from projects.selectors import month_add
from sendtrack.kernel.api.fastjson import ReportJSONRenderer
from sendtrack.kernel.api.filters import refuse_empty
from sendtrack.kernel.api.periods import MonthField
from sendtrack.kernel.api.permissions import ReportPermissions
from sendtrack.kernel.api.renderers import CSVRenderer, XLSXRenderer
from sendtrack.kernel.api.tables import Table, columns_for
from sendtrack.kernel.api.views import TabularMixin


class ReportQuerySerializer(serializers.Serializer):
    period = MonthField(
        required=False,
        help_text="The month, as YYYY-MM. Default: the latest complete month.",
    )
    workstream = serializers.PrimaryKeyRelatedField(
        queryset=Workstream.objects.all(), required=False, help_text="Only this workstream (id)."
    )
    body = serializers.PrimaryKeyRelatedField(
        queryset=Body.objects.all(),
        required=False,
        help_text="Only what this board or group oversees (id).",
    )


class FiltersSerializer(serializers.Serializer):
    workstream = serializers.IntegerField(allow_null=True)
    workstream_name = serializers.CharField(allow_null=True)
    body = serializers.IntegerField(allow_null=True)
    body_name = serializers.CharField(allow_null=True)


class ReportSerializer(serializers.Serializer):
    """The envelope of every report; subclasses add ``summary``, ``results`` and tables."""

    report = serializers.CharField()
    title = serializers.CharField()
    period = serializers.CharField(help_text="The month, YYYY-MM.")
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    as_at = serializers.DateField(
        help_text="The day the month is judged on: its last day, or today while it runs."
    )
    filters = FiltersSerializer()
    generated_at = serializers.DateTimeField()
    count = serializers.IntegerField(help_text="The number of rows in results.")


class ReportView(TabularMixin, GenericAPIView):
    """A monthly report. Subclasses name the report, the permissions it needs, its response
    serializer (whose ``results`` child is the row) and how to build it."""

    permission_classes = [ReportPermissions]
    renderer_classes = [ReportJSONRenderer, CSVRenderer, XLSXRenderer]
    pagination_class = None
    filter_backends = []
    slug = ""
    title = ""
    required_permissions: tuple[str, ...] = ()
    response_serializer: type[serializers.Serializer]
    # Further tables beside the rows: key in the answer -> sheet title.
    extra_tables: dict[str, str] = {}
    about_labels = {
        "title": "Report",
        "period": "Month",
        "as_at": "As at",
        "filters": "Filters",
        "generated_at": "Produced",
    }

    def build(
        self, *, user, month: Month, workstream: Workstream | None, body: Body | None
    ) -> Report:
        """The report for ``month`` as ``user`` may see it."""
        raise NotImplementedError

    def get_serializer_class(self):
        return self.response_serializer

    def get_tables(self) -> list[Table]:
        fields = self.response_serializer().fields
        tables = [Table("results", self.title, columns_for(fields["results"].child))]
        for key, title in self.extra_tables.items():
            tables.append(Table(key, title, columns_for(fields[key].child)))
        return tables

    def get_filename(self, data: Any) -> str:
        return f"{self.slug}-report-{data['period']}"

    def get(self, request, *args, **kwargs):
        query = ReportQuerySerializer(data=request.query_params)
        unknown = sorted(set(request.query_params) - {*query.fields, "format"})
        if unknown:
            raise exceptions.ValidationError(
                {
                    name: [f"Unknown parameter “{name}”. Reports take: period, workstream, body."]
                    for name in unknown
                }
            )
        refuse_empty(request.query_params, known=set(query.fields))
        query.is_valid(raise_exception=True)
        today = timezone.localdate()
        start = query.validated_data.get("period") or month_add(today, -1)
        data = self.report_data(
            user=request.user,
            month=Month(start=start, today=today),
            workstream=query.validated_data.get("workstream"),
            body=query.validated_data.get("body"),
        )
        return Response(data)

    def report_data(
        self, *, user, month: Month, workstream: Workstream | None, body: Body | None
    ) -> dict[str, Any]:
        """The report in its envelope, as every format (and the reports pack) carries it."""
        report = self.build(user=user, month=month, workstream=workstream, body=body)
        data = {
            "report": self.slug,
            "title": f"{self.title} for {month.start:%B %Y}",
            "period": f"{month.start:%Y-%m}",
            "period_start": month.start,
            "period_end": month.end,
            "as_at": month.as_at,
            "filters": {
                "workstream": workstream.pk if workstream else None,
                "workstream_name": workstream.name if workstream else None,
                "body": body.pk if body else None,
                "body_name": body.name if body else None,
            },
            "generated_at": timezone.now(),
            "count": len(report.rows),
            "summary": report.summary,
            "results": report.rows,
            **report.tables,
        }
        return represent(self.response_serializer(data))


# Fields whose representation of a value of this exact type is the value itself.
_UNCHANGED = {
    serializers.CharField.to_representation: str,
    serializers.IntegerField.to_representation: int,
    serializers.BooleanField.to_representation: bool,
}


def _plain_fields(serializer: serializers.Serializer) -> list[tuple[str, Any, type]] | None:
    """A row serializer's fields as (name, representation, type it leaves unchanged), if
    every one is a plain field read from the row's key of the same name; None otherwise."""
    fields = []
    for name, field in serializer.fields.items():
        if field.write_only:
            continue
        if isinstance(field, serializers.BaseSerializer) or field.source != name:
            return None
        unchanged = _UNCHANGED.get(type(field).to_representation, type(None))
        if type(field).to_representation is serializers.ChoiceField.to_representation and all(
            type(choice) is str for choice in field.choice_strings_to_values.values()
        ):
            # Text choices: a choice (or any other text) is given back as it is.
            unchanged = str
        fields.append((name, field.to_representation, unchanged))
    return fields


def represent(serializer: serializers.Serializer) -> ReturnDict:
    """``serializer.data`` for a report's envelope, with each table of plain rows (dicts)
    represented field by field as the row serializer would, without its per-row machinery:
    a value of None stays None, text, whole numbers and yes/no that their field would give
    back unchanged stay as they are, and any other goes through its field's
    ``to_representation``.
    The same answer, several times faster for reports of thousands of rows."""
    instance = serializer.instance
    data = {}
    for name, field in serializer.fields.items():
        if field.write_only:
            continue
        plain = (
            _plain_fields(field.child) if isinstance(field, serializers.ListSerializer) else None
        )
        value = instance[name] if isinstance(instance, dict) and name in instance else None
        if plain is None or value is None or not all(isinstance(row, dict) for row in value):
            attribute = field.get_attribute(instance)
            data[name] = None if attribute is None else field.to_representation(attribute)
            continue
        data[name] = [
            {
                key: cell
                if (cell := row[key]) is None or type(cell) is unchanged
                else to_representation(cell)
                for key, to_representation, unchanged in plain
            }
            for row in value
        ]
    return ReturnDict(data, serializer=serializer)


def report_schema(view: type[ReportView]) -> type[ReportView]:
    """Document a report: its query parameters and its answer (``format`` is documented for
    every view by ``schema.AutoSchema``)."""
    return extend_schema(
        parameters=[ReportQuerySerializer],
        responses={200: view.response_serializer},
    )(view)
