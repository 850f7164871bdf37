"""Who may call what. Reading is open to any signed-in member of staff, because the scope
(``minzheng.core.scope``) already limits what they see; writing and revealing need the Django
permission that the role carries (``minzheng.core.roles``)."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission

from minzheng.core import messages
from minzheng.core.selectors import can_read_logs


class MethodPermission(BasePermission):
    """The view lists, per HTTP method, the Django permission it needs:
    ``required_permissions = {"POST": "people.add_person"}``. Methods not listed need none."""

    message = messages.PERMISSION_DENIED

    def has_permission(self, request: Any, view: Any) -> bool:
        perm = getattr(view, "required_permissions", {}).get(request.method)
        return perm is None or bool(request.user.has_perm(perm))


class CanReadLogs(BasePermission):
    """Auditors only: the audit and access logs."""

    message = messages.PERMISSION_DENIED

    def has_permission(self, request: Any, view: Any) -> bool:
        return can_read_logs(request.user)
