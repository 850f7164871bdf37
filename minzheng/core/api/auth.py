"""``POST /api/auth/token/``: trade a username and password for an API token.

The password goes through ``django.contrib.auth.authenticate`` with the request, so django-axes
counts the failure and locks the account after ``AXES_FAILURE_LIMIT`` of them, exactly as the
login page does.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, user_logged_in
from django.utils import translation
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import exceptions, parsers, serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from minzheng.core import messages
from minzheng.core.api import messages as api_messages
from minzheng.core.api.schema import FIELD_ERRORS_SCHEMA, AutoSchema, ErrorDetailSerializer
from minzheng.core.services import api_token_issue


def _required(message: str) -> dict[str, str]:
    return {"required": message, "blank": message, "null": message}


class TokenObtainSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150, error_messages=_required(api_messages.USERNAME_REQUIRED))
    password = serializers.CharField(
        max_length=4096, trim_whitespace=False, write_only=True, style={"input_type": "password"},
        error_messages=_required(api_messages.PASSWORD_REQUIRED),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # The DRF request, not the Django one: axes marks the request it is given, and the
        # lockout page of axes' middleware must not replace this JSON answer.
        request: Request = self.context["request"]
        user = authenticate(request=request, username=attrs["username"], password=attrs["password"])
        if user is None:
            if getattr(request, "axes_locked_out", False):
                raise exceptions.PermissionDenied(messages.ACCOUNT_LOCKED)
            raise serializers.ValidationError(messages.BAD_CREDENTIALS, code="authorization")
        # A token sign-in is a sign-in: axes clears the failure count, Django stamps last_login.
        user_logged_in.send(sender=type(user), request=request, user=user)
        attrs["user"] = user
        return attrs


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="在请求头中使用：Authorization: Token <token>")


class TokenObtainApi(ObtainAuthToken):
    """Sign in with a username and password; the answer is a token for the Authorization header."""

    authentication_classes: list[Any] = []  # a sign-in needs no prior session, and so no CSRF token
    permission_classes = [AllowAny]
    parser_classes = [parsers.JSONParser, parsers.FormParser]
    serializer_class = TokenObtainSerializer
    schema = AutoSchema()

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        translation.activate(settings.LANGUAGE_CODE)  # Chinese messages, as in ApiView
        super().initial(request, *args, **kwargs)

    @extend_schema(
        operation_id="auth_token_create",
        summary="获取 API 令牌",
        tags=["auth"],
        request=TokenObtainSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(FIELD_ERRORS_SCHEMA, description=api_messages.DOC_400),
            403: OpenApiResponse(ErrorDetailSerializer, description=api_messages.DOC_LOCKED),
        },
        examples=[
            OpenApiExample("用户名或密码错误", value={"non_field_errors": [messages.BAD_CREDENTIALS]},
                           status_codes=["400"], response_only=True),
            OpenApiExample("账户已锁定", value={"detail": messages.ACCOUNT_LOCKED},
                           status_codes=["403"], response_only=True),
        ],
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token = api_token_issue(user=serializer.validated_data["user"])
        return Response({"token": token.key})
