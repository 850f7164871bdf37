"""The signed-in user and their permissions from the cache: Django's ModelBackend asks the database for
the user on every request, and for their permissions (two joins: the user's own, and their role's) on
every page. Accounts and roles change a few times a year; pages are opened hundreds of times a second.

The cached user is dropped whenever the row is saved or deleted (a new password, a deactivation, a
new region, the last login), so the session check against the password hash and ``is_active`` stay
exact, and when their region or one above it is renamed (the header shows its name and full name),
once the rename has committed. It also expires after ``TTL_SECONDS``, in case the cache is bypassed.

The cached set is keyed by a generation that any change to who holds what replaces: adding or removing
a role or a permission (``m2m_changed``), deleting a role or a permission, and every migration. So a
role taken away counts on the very next request, in every process. The entry also expires after
``TTL_SECONDS`` in case the cache itself is lost or bypassed (a raw SQL edit of the role tables).
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from rest_framework.authtoken.models import Token

from minzheng.core import events
from minzheng.core.models import Region, User

GENERATION_KEY = "permissions:generation"
TTL_SECONDS = 300


def _user_key(pk: Any) -> str:
    return f"user:{pk}"


# Whose an API token is (core.api.authentication), kept under a hash of the token, never the token.
TOKEN_CACHE_SECONDS = 300


def token_cache_key(key: str) -> str:
    return "api-token:" + hashlib.sha256(key.encode()).hexdigest()


def token_deleted(*, instance: Token, **_: Any) -> None:
    cache.delete(token_cache_key(instance.key))


def user_changed(*, instance: User, **_: Any) -> None:
    cache.delete(_user_key(instance.pk))


def region_renamed(*, region: Region, **_: Any) -> None:
    """``core.events.region_renamed``: forget the users of the region and of every region below it.
    After the commit: a rename rewrites the addresses inside it in the same transaction, and a request
    that read the user meanwhile would cache the old name again."""
    keys = [_user_key(pk) for pk in User.objects.filter(region__code__startswith=region.prefix).values_list("pk", flat=True)]
    if keys:
        transaction.on_commit(lambda: cache.delete_many(keys))


def _generation() -> str:
    return str(cache.get_or_set(GENERATION_KEY, lambda: uuid.uuid4().hex, None))


def permissions_changed(**_: Any) -> None:
    """Forget every cached permission set (a new generation: the old keys are never read again)."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


class CachedPermissionBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        user = cache.get(_user_key(user_id))
        if user is None:
            # With the region: every page's header names it, and scoping reads it.
            user = User.objects.select_related("region").filter(pk=user_id).first()
            if user is None:
                return None
            cache.set(_user_key(user_id), user, TTL_SECONDS)
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            # date_joined tells apart two users who were given the same id (a test database that
            # rolled back; SQLite reuses ids), and is_superuser changes the answer outright.
            key = (f"permissions:{_generation()}:{user_obj.pk}:{user_obj.date_joined.timestamp()}:"
                   f"{int(user_obj.is_superuser)}")
            cached = cache.get(key)
            if cached is None:
                cached = super().get_all_permissions(user_obj)
                cache.set(key, cached, TTL_SECONDS)
            user_obj._perm_cache = set(cached)
        return user_obj._perm_cache


def connect() -> None:
    """Called from ``CoreConfig.ready``: in every process, not only those that checked a permission
    (a management command that changes a role must still start a new generation)."""
    for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(permissions_changed, sender=through, dispatch_uid=f"permissions-{through.__name__}")
    post_delete.connect(permissions_changed, sender=Group, dispatch_uid="permissions-group-deleted")
    post_delete.connect(permissions_changed, sender=Permission, dispatch_uid="permissions-permission-deleted")
    post_migrate.connect(permissions_changed, dispatch_uid="permissions-migrated")
    post_delete.connect(token_deleted, sender=Token, dispatch_uid="api-token-deleted")
    post_save.connect(user_changed, sender=User, dispatch_uid="user-saved")
    post_delete.connect(user_changed, sender=User, dispatch_uid="user-deleted")
    events.region_renamed.connect(region_renamed, dispatch_uid="users-follow-region-rename")
