"""Login lockout on two levels (django-axes).

Failures are counted per pair (username, client address): five wrong passwords from one address
lock that account from that address only, so nobody can lock a colleague out by guessing from
elsewhere. A much higher ceiling per username, summed over every address, still stops a guessing
attack spread over many addresses. ``minzheng axes_reset_username USER`` lifts both.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


class PairThenUsernameHandler(AxesDatabaseHandler):
    """Expects ``AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]``: the first
    group is the pair, the second the username over all addresses."""

    def get_failures(self, request: Any, credentials: dict | None = None) -> int:
        pair, username = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if username >= settings.MINZHENG_LOGIN_USERNAME_CEILING:
            return max(pair, settings.AXES_FAILURE_LIMIT)
        return pair
