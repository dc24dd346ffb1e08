"""Errors the API answers with beyond DRF's own."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.views import defaults
from drf_standardized_errors.handler import ExceptionHandler
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, ParseError


class Conflict(APIException):
    """The record would duplicate one that exists (e.g. a second report for a month)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "This would duplicate an existing record."
    default_code = "conflict"


class PreconditionFailed(APIException):
    """The record changed since the client read it (``If-Match`` names an older version)."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The record has changed since you read it."
    default_code = "precondition_failed"


class PayloadTooLarge(APIException):
    """The request's body is larger than the API reads."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request's body is too large."
    default_code = "payload_too_large"


class APIExceptionHandler(ExceptionHandler):
    """drf-standardized-errors' handler, which also answers in the API's format the refusals
    Django makes while reading a request's body (too large, too many fields or files): left
    to Django, they would be an HTML page, or a 500."""

    def convert_known_exceptions(self, exc: Exception) -> Exception:
        if isinstance(exc, RequestDataTooBig):
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024
            return PayloadTooLarge(
                f"The request's body is larger than the {limit:.1f} MB the API reads. Send "
                "long text in smaller changes, and files as multipart uploads."
            )
        if isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
            return ParseError(
                "The request sends more fields or files than the API reads at once. Send fewer."
            )
        return super().convert_known_exceptions(exc)


# How errors look in the OpenAPI schema. Every error answer has a type and a list of errors,
# each with a machine code, a message for people and, for bad input, the field or query
# parameter it concerns.
class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="A stable code, e.g. “invalid”, “required”, “conflict”.")
    detail = serializers.CharField(help_text="What is wrong and how to put it right.")
    attr = serializers.CharField(
        allow_null=True,
        help_text="The field or query parameter at fault (“non_field_errors” for the whole "
        "record), or null.",
    )


class ValidationErrorResponseSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["validation_error"])
    errors = ErrorSerializer(many=True)


class ConflictResponseSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["client_error"])
    errors = ErrorSerializer(many=True)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 404 for an address no view answers; under ``/api/`` in the API's own error
    format (JSON), as scripts and Power BI read every other API error."""
    if not request.path_info.startswith("/api/"):
        return defaults.page_not_found(request, exception)
    detail = (
        f"There is nothing at {request.path}. The API's addresses are at {reverse('api-docs')}."
    )
    return JsonResponse(
        {"type": "client_error", "errors": [{"code": "not_found", "detail": detail, "attr": None}]},
        status=status.HTTP_404_NOT_FOUND,
    )
