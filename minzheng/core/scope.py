"""The one jurisdiction helper. Every selector, page, API endpoint, export and search uses it.

A user's scope is the prefix of their region's 12-digit code: the city administrator sees
``3305…``, a county officer ``330502…``, a village worker exactly their own 12 digits. A record
outside the scope is answered with 404, never 403, so nobody learns that it exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from minzheng.core import messages
from minzheng.core.regions import scope_prefix

if TYPE_CHECKING:
    from minzheng.core.models import User

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Scope:
    """A region prefix. ``prefix=None`` is the empty scope: it contains nothing."""

    prefix: str | None

    def contains(self, region_code: str | None) -> bool:
        return self.prefix is not None and bool(region_code) and str(region_code).startswith(self.prefix)

    def as_q(self, *, field: str = "region_code") -> Q:
        """The scope as a condition. A range rather than LIKE 'prefix%': both SQLite and
        PostgreSQL answer it from a plain B-tree index, whatever the collation."""
        if self.prefix is None:
            return Q(pk__in=[])
        return Q(**{f"{field}__gte": self.prefix, f"{field}__lt": _next_prefix(self.prefix)})

    def filter(self, queryset: QuerySet[M], *, field: str = "region_code") -> QuerySet[M]:
        if self.prefix is None:
            return queryset.none()
        return queryset.filter(self.as_q(field=field))

    @property
    def is_empty(self) -> bool:
        return self.prefix is None


NOWHERE = Scope(prefix=None)


def _next_prefix(prefix: str) -> str:
    """The smallest string after every string that starts with ``prefix`` (digits only)."""
    return str(int(prefix) + 1).zfill(len(prefix)) if prefix.strip("9") else "9" * len(prefix) + ":"


def scope_for(user: User | Any) -> Scope:
    """The scope of a signed-in member of staff; anonymous users and staff without a region
    have the empty scope."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOWHERE
    region_code = getattr(user, "region_id", None)
    if not region_code:
        return NOWHERE
    return Scope(prefix=scope_prefix(region_code))


def scoped(queryset: QuerySet[M], *, user: User | Any, field: str = "region_code") -> QuerySet[M]:
    """``queryset`` cut down to what ``user`` may see."""
    return scope_for(user).filter(queryset, field=field)


def get_in_scope(queryset: QuerySet[M], *, user: User | Any, field: str = "region_code", **lookup: Any) -> M:
    """One object inside the user's scope, or 404 whether it is missing or merely elsewhere."""
    try:
        return scoped(queryset, user=user, field=field).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404(messages.NOT_FOUND) from exc
