"""Writes on the platform's own reference data: regions and staff."""

from __future__ import annotations

import csv
from pathlib import Path

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

from minzheng.core.audit import audit_record, snapshot
from minzheng.core.models import Region, User
from minzheng.core.regions import Level
from minzheng.core.roles import ROLE_PERMISSIONS, Role

DIVISIONS_CSV = Path(__file__).resolve().parent / "data" / "huzhou_divisions.csv"


@transaction.atomic
def regions_load_divisions(*, path: Path = DIVISIONS_CSV) -> int:
    """Load the city, counties and townships from the official list. Idempotent: codes that
    exist are updated in place, so running it twice changes nothing."""
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
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


def role_of(user: User) -> Role | None:
    names = {g.name for g in user.groups.all()}
    for role in Role:
        if role.value in names:
            return role
    return None


def region_level(region: Region) -> Level:
    return Level(region.level)
