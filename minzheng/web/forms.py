from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm

from minzheng.core import messages

ACCOUNT_INACTIVE = "该账户已停用，请联系管理员"


class LoginForm(AuthenticationForm):
    """Django's login form, answering in the platform's own words."""

    error_messages = {
        "invalid_login": messages.BAD_CREDENTIALS,
        "inactive": ACCOUNT_INACTIVE,
    }
