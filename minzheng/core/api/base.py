"""The base of every API view: JSON in, JSON out, signed-in staff, per-method permissions.

Views stay thin: validate with a serializer, call one service or selector, render. They never
touch ``Model.objects``; the selectors apply the jurisdiction scope.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import translation
from rest_framework import generics, serializers
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated

from minzheng.core.api.authentication import ExpiringTokenAuthentication, SessionAuthentication
from minzheng.core.api.permissions import MethodPermission
from minzheng.core.api.schema import AutoSchema
from minzheng.core.audit import access_record_many


class ApiView(generics.GenericAPIView):
    # Token first: DRF answers an unauthenticated request with the first class's challenge, and
    # a token client needs "401 + WWW-Authenticate: Token", not a bare 403.
    authentication_classes = [ExpiringTokenAuthentication, SessionAuthentication]
    parser_classes = [JSONParser]
    permission_classes = [IsAuthenticated, MethodPermission]
    # Filtering is done by the selectors, which know the scope; no generic filter backends.
    filter_backends: list[Any] = []
    schema = AutoSchema()
    required_permissions: dict[str, str] = {}
    query_serializer_class: type[serializers.Serializer] | None = None
    query_serializer_in_schema = True  # see minzheng.core.api.schema.AutoSchema

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        # The API's messages are a contract, documented in Chinese: DRF's own (required,
        # method not allowed, ...) must not switch to English for a browser that prefers it.
        translation.activate(settings.LANGUAGE_CODE)
        super().initial(request, *args, **kwargs)

    def query_params(self) -> dict[str, Any]:
        """The validated query string (400 with Chinese reasons when it is wrong).

        Read as a plain dict, not as form data: DRF's form rules drop an empty optional value
        (``until=``) without a word, and a parameter given wrong must be named, not ignored."""
        assert self.query_serializer_class is not None
        query = self.query_serializer_class(data=self.request.query_params.dict())
        query.is_valid(raise_exception=True)
        return dict(query.validated_data)

    def paginated(self, queryset: Any, serializer_class: type[serializers.BaseSerializer], *,
                  shows: Callable[[Any], models.Model | None] | None = None) -> Any:
        """One page of ``queryset``. With ``shows`` (a row's person), the people the page shows
        are access-logged first (``views_record``)."""
        page = self.paginate_queryset(queryset)
        if shows is not None:
            self.views_record(shows(row) for row in page or [])
        return self.get_paginated_response(serializer_class(page, many=True, context=self.get_serializer_context()).data)

    def views_record(self, subjects: Iterable[models.Model | None]) -> None:
        """Log that this answer shows ``subjects`` (people, whose personal data it carries): one
        access-log row per subject, however many of its rows name them, in one statement."""
        access_record_many(actor=self.request.user, subjects=subjects, channel="api")
