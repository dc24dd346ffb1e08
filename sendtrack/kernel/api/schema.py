"""How the OpenAPI schema describes what every list, record and report shares: the ``format``
parameter, files as files, errors always in JSON, unreadable bodies and conflicting writes."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer
from drf_standardized_errors.openapi import AutoSchema as StandardizedErrorsAutoSchema
from drf_standardized_errors.openapi_serializers import ParseErrorResponseSerializer

from sendtrack.kernel.api.exceptions import ConflictResponseSerializer

JSON = "application/json"
# A CSV or XLSX answer is a file, not the JSON object: say so, so that clients do not parse it.
FILE_SCHEMAS = {
    "text/csv": {
        "type": "string",
        "description": "The rows as CSV (UTF-8, with a header line of column names).",
    },
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
        "type": "string",
        "format": "binary",
        "description": "A workbook with a sheet per table (and, for a report, an About sheet).",
    },
}
WRITES = ("POST", "PUT", "PATCH")


class AutoSchema(StandardizedErrorsAutoSchema):
    def _get_format_parameters(self):
        parameters = super()._get_format_parameters()
        for parameter in parameters:
            parameter["description"] = (
                "json (default), csv (the rows) or xlsx (every table). The Accept header "
                "works too. Errors are always JSON."
            )
        return parameters

    def _get_response_bodies(self, direction="response"):
        # The views describe themselves with this class: imported here, not at the top.
        from sendtrack.kernel.api.views import WritableResourceViewSet

        responses = super()._get_response_bodies(direction=direction)
        # Every write saves through ``WritableResourceViewSet._save``, which answers a write
        # that the database refuses as a duplicate (two people saving at once) with a 409.
        if (
            direction == "response"
            and self.method in WRITES
            and isinstance(self.view, WritableResourceViewSet)
            and "409" not in responses
        ):
            responses["409"] = self._get_response_for_code(ConflictResponseSerializer, "409")
        # ``If-Match`` naming an out-of-date copy (or a save that lost a race) is a 412.
        if (
            direction == "response"
            and self.method in ("PUT", "PATCH")
            and isinstance(self.view, WritableResourceViewSet)
        ):
            responses["412"] = self._get_response_for_code(ConflictResponseSerializer, "412")
        return responses

    def get_override_parameters(self):
        from sendtrack.kernel.api.views import WritableResourceViewSet

        parameters = list(super().get_override_parameters())
        if self.method in ("PUT", "PATCH") and isinstance(self.view, WritableResourceViewSet):
            parameters.append(
                OpenApiParameter(
                    "If-Match",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    description="The ETag of the copy you read (GET answers it). A record "
                    "changed since is refused with 412 instead of being overwritten. Optional.",
                )
            )
        return parameters

    def _get_response_for_code(
        self, serializer, status_code, media_types=None, direction="response"
    ):
        response = super()._get_response_for_code(serializer, status_code, media_types, direction)
        content = response.get("content")
        if not content:
            return response
        if status_code.startswith(("4", "5")):
            # ``TabularMixin`` answers errors in JSON whatever format was asked for.
            if JSON in content:
                response["content"] = {JSON: content[JSON]}
            return response
        for media_type, schema in FILE_SCHEMAS.items():
            if media_type in content:
                content[media_type] = {"schema": schema}
        return response

    def _get_error_response_serializer(self, status_code):
        serializer = super()._get_error_response_serializer(status_code)
        # A body that is not JSON (or not UTF-8) is refused by the parser before any field is
        # read: a "client_error" with code "parse_error", beside the usual field errors.
        if (
            status_code == "400"
            and self.method in WRITES
            and self._should_add_parse_error_response()
        ):
            return PolymorphicProxySerializer(
                component_name="WriteErrorResponse400",
                serializers={
                    "validation_error": serializer,
                    "client_error": ParseErrorResponseSerializer,
                },
                resource_type_field_name="type",
            )
        return serializer
