"""How the API describes itself. Every operation lists the error answers it can give, with
their Chinese shape, so that clients (and the schemathesis run) know what to expect."""

from __future__ import annotations

from typing import Any

from drf_spectacular import openapi
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import AllowAny

from minzheng.core.api import messages as api_messages


class ErrorDetailSerializer(serializers.Serializer):
    """错误说明（401、403、404、405）：一句中文。"""  # shown in the API docs

    detail = serializers.CharField(help_text="中文说明")

    class Meta:
        ref_name = "ErrorDetail"


# 400 answers are keyed by field; each value is a list of Chinese reasons. A request body that
# is not JSON at all is answered with a single ``detail`` string instead.
FIELD_ERRORS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": {
        "anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}],
    },
}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's AutoSchema, plus the error responses and the query serializer.

    A view may set ``query_serializer_class``: its fields are documented as query parameters
    (the view validates the query string with it). A view that lists its query parameters in
    ``extend_schema(parameters=...)`` itself sets ``query_serializer_in_schema = False``.
    """

    def get_description(self) -> str:
        # Docstrings are English notes for developers; the Chinese text of an operation is its
        # summary (or a description given to extend_schema).
        return ""

    def get_override_parameters(self) -> list[Any]:
        params = list(super().get_override_parameters())
        query = getattr(self.view, "query_serializer_class", None)
        if query is not None and self.method == "GET" and getattr(self.view, "query_serializer_in_schema", True):
            params.append(query)
        return params

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        bodies = super()._get_response_bodies(direction)
        for code, response in self._error_responses().items():
            if code not in bodies:
                bodies[code] = self._get_response_for_code(response, code, direction=direction)
        return dict(sorted(bodies.items()))

    def _error_responses(self) -> dict[str, OpenApiResponse]:
        out: dict[str, OpenApiResponse] = {}
        has_query = self.method == "GET" and getattr(self.view, "query_serializer_class", None) is not None
        if self.method in ("POST", "PUT", "PATCH") or has_query:
            out["400"] = OpenApiResponse(FIELD_ERRORS_SCHEMA, description=api_messages.DOC_400)
        if not self._is_public():
            out["401"] = OpenApiResponse(ErrorDetailSerializer, description=api_messages.DOC_401)
            out["403"] = OpenApiResponse(ErrorDetailSerializer, description=api_messages.DOC_403)
            # Detail routes answer 404 out of scope; lists answer 404 to a stale cursor or page.
            out["404"] = OpenApiResponse(ErrorDetailSerializer, description=api_messages.DOC_404)
        return out

    def _is_public(self) -> bool:
        return any(isinstance(p, AllowAny) for p in self.view.get_permissions())
