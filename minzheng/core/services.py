"""Writes on the platform's own reference data: regions and staff."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from rest_framework.authtoken.models import Token

from minzheng.core import events, messages
from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import Region, User
from minzheng.core.regions import LEVEL_WORDS, Level
from minzheng.core.roles import ROLE_PERMISSIONS, Role

DIVISIONS_CSV = Path(__file__).resolve().parent / "data" / "huzhou_divisions.csv"


@transaction.atomic
def regions_load_divisions(*, path: Path = DIVISIONS_CSV) -> int:
    """Load the city, counties and townships from the official list. Idempotent: codes that
    exist are updated in place, so running it twice changes nothing."""
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    known = {r.code: r for r in Region.objects.filter(code__in=[row["code"] for row in rows])}
    renamed = [(known[row["code"]], row["name"]) for row in rows
               if row["code"] in known and known[row["code"]].name != row["name"]]
    for region, name in renamed:  # first, so that the names below them follow
        _rename(actor=None, region=region, name=name)
    known = {r.code: r for r in Region.objects.filter(code__in=[row["code"] for row in rows])}
    by_code: dict[str, Region] = {}
    for row in rows:
        parent = by_code.get(row["parent_code"])
        full_name = (parent.full_name if parent else "") + row["name"]
        region = known.get(row["code"]) or Region(code=row["code"])
        region.name, region.level, region.kind = row["name"], row["level"], row["kind"]
        region.parent, region.full_name = parent, full_name
        by_code[row["code"]] = region
    Region.objects.bulk_create(
        list(by_code.values()),
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "level", "kind", "parent", "full_name"],
        batch_size=500,
    )
    return len(by_code)


@transaction.atomic
def role_ensure(role: Role) -> Group:
    """Create one role's group with exactly its permissions. Idempotent."""
    group, _ = Group.objects.get_or_create(name=role.value)
    wanted = Q(pk__in=[])
    for dotted in ROLE_PERMISSIONS[role]:
        app_label, codename = dotted.split(".")
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    group.permissions.set(Permission.objects.filter(wanted))
    return group


@transaction.atomic
def roles_ensure() -> dict[Role, Group]:
    """Create every role group with its permissions. Idempotent."""
    return {role: role_ensure(role) for role in ROLE_PERMISSIONS}


@transaction.atomic
def staff_create(
    *,
    actor: User | None,
    username: str,
    password: str,
    role: Role,
    region: Region,
    display_name: str = "",
) -> User:
    """Create a member of staff with one role and one region, or bring an existing one back to
    that role and region (so the demo can run twice)."""
    group = role_ensure(role)
    user, created = User.objects.get_or_create(username=username)
    before = None if created else snapshot(user, ["display_name", "region", "is_active"])
    user.display_name = display_name
    user.region = region
    user.is_active = True
    user.is_staff = role == Role.CITY_ADMIN
    user.set_password(password)
    user.save()
    user.groups.set([group])
    audit_record(
        actor=actor,
        action="core.staff.created" if created else "core.staff.updated",
        obj=user,
        region_code=region.code,
        before=before,
        after={**snapshot(user, ["display_name", "region", "is_active"]), "role": role.value},
    )
    return user


REGION_NAME_MAX = 64
REGION_NAME_CHARACTERS = re.compile(r"^[\u3400-\u9fff0-9０-９]+$")


@transaction.atomic
def region_rename(*, actor: User, region: Region, name: str) -> Region:
    """Give a region its new official name (撤乡设镇, 村社合并…). The full names below it, the
    standard texts of the addresses inside it and the matcher's keys follow in the same
    transaction (``events.region_renamed``); codes do not change, so neither does any scope."""
    if not actor.has_perm("core.change_region"):
        raise PermissionDenied(messages.PERMISSION_DENIED)
    region = Region.objects.select_for_update().get(pk=region.pk)
    name = region_name_validate(region=region, name=name)
    if name == region.name:
        return region
    return _rename(actor=actor, region=region, name=name)


def region_name_validate(*, region: Region, name: str) -> str:
    """The name, stripped, if ``region`` may take it; a ValidationError on ``name`` otherwise."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": [messages.REGION_NAME_REQUIRED]})
    if len(name) > REGION_NAME_MAX:
        raise ValidationError({"name": [messages.REGION_NAME_TOO_LONG.format(max=REGION_NAME_MAX)]})
    if not REGION_NAME_CHARACTERS.match(name):
        raise ValidationError({"name": [messages.REGION_NAME_BAD_CHARACTERS]})
    words = LEVEL_WORDS[Level(region.level)]
    if len(name) < 2 or name in words:
        raise ValidationError({"name": [messages.REGION_NAME_TOO_SHORT]})
    if not name.endswith(words):
        raise ValidationError({"name": [messages.REGION_NAME_LEVEL_WORD.format(words="、".join(words))]})
    if Region.objects.filter(parent_id=region.parent_id, name=name).exclude(pk=region.pk).exists():
        raise ValidationError({"name": [messages.REGION_NAME_TAKEN.format(name=name)]})
    return name


def _rename(*, actor: User | None, region: Region, name: str) -> Region:
    before = snapshot(region, ["name", "full_name"])
    old_full = region.full_name
    parent = Region.objects.filter(pk=region.parent_id).first()
    region.name, region.full_name = name, (parent.full_name if parent is not None else "") + name
    region.save(update_fields=["name", "full_name"])
    below = [r for r in Region.objects.filter(code__startswith=region.prefix).exclude(pk=region.pk)
             if r.full_name.startswith(old_full)]
    for r in below:
        r.full_name = region.full_name + r.full_name[len(old_full):]
    Region.objects.bulk_update(below, ["full_name"], batch_size=1000)
    audit_record(actor=actor, action="core.region.renamed", obj=region, region_code=region.code,
                 before=before, after=snapshot(region, ["name", "full_name"]))
    events.region_renamed.send(sender=Region, region=region, old_full_name=old_full,
                               new_full_name=region.full_name, actor=actor)
    return region


def role_of(user: User) -> Role | None:
    names = {g.name for g in user.groups.all()}
    for role in Role:
        if role.value in names:
            return role
    return None


def region_level(region: Region) -> Level:
    return Level(region.level)


def token_expired(token: Token, *, now: dt.datetime | None = None) -> bool:
    """An API token lives ``MINZHENG_API_TOKEN_HOURS`` from its creation, like a working day's
    sign-in: a leaked one is not good for ever."""
    return (now or timezone.now()) - token.created >= dt.timedelta(hours=settings.MINZHENG_API_TOKEN_HOURS)


@transaction.atomic
def api_token_issue(*, user: User) -> Token:
    """The user's API token (one per user), reused until it expires; then a fresh one."""
    token, created = Token.objects.select_for_update().get_or_create(user=user)
    if not created and token_expired(token):
        token.delete()
        token = Token.objects.create(user=user)
    return token
