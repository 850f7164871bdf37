"""The demo staff: one login per role and level, the same accounts as the test personas."""

from __future__ import annotations

from dataclasses import dataclass

from minzheng.core.models import Region, User
from minzheng.core.roles import Role
from minzheng.core.services import staff_create

DEMO_PASSWORD = "minzheng-demo"

# (username, role, region code, display-name suffix)
DEMO_STAFF: tuple[tuple[str, Role, str, str], ...] = (
    ("city_admin", Role.CITY_ADMIN, "330500000000", "民政局管理员"),
    ("city_checker", Role.CITY_ADMIN, "330500000000", "民政局发放复核人"),
    ("wuxing_officer", Role.COUNTY_OFFICER, "330502000000", "民政局经办人"),
    ("anji_officer", Role.COUNTY_OFFICER, "330523000000", "民政局经办人"),
    ("aishan_officer", Role.TOWNSHIP_OFFICER, "330502003000", "民政经办人"),
    ("village_worker", Role.VILLAGE_WORKER, "330502003001", "网格员"),
    ("auditor", Role.AUDITOR, "330500000000", "民政局审计员"),
)

# The city's monthly payment runs are made by one and approved by the other (maker and checker).
PAYMENTS_MAKER, PAYMENTS_CHECKER = "city_admin", "city_checker"


@dataclass(frozen=True)
class Login:
    username: str
    role: Role
    region: Region
    password: str
    created: bool  # False when the account was already as wanted and left alone


def _as_wanted(user: User, role: Role, region: Region, display_name: str) -> bool:
    return (
        user.is_active
        and user.region_id == region.code
        and user.display_name == display_name
        and [g.name for g in user.groups.all()] == [role.value]
        and user.check_password(DEMO_PASSWORD)
    )


def demo_staff_ensure() -> list[Login]:
    """Create the demo accounts, or bring them back to their role, region and password.

    An account that is already exactly as wanted is not touched, so a second run writes
    nothing (not even an audit entry); ``staff_create`` audits every real change.
    """
    logins: list[Login] = []
    for username, role, code, suffix in DEMO_STAFF:
        region = Region.objects.get(code=code)
        display_name = f"{region.name}{suffix}"
        user = User.objects.filter(username=username).prefetch_related("groups").first()
        changed = user is None or not _as_wanted(user, role, region, display_name)
        if changed:
            staff_create(actor=None, username=username, password=DEMO_PASSWORD, role=role, region=region,
                         display_name=display_name)
        logins.append(Login(username, role, region, DEMO_PASSWORD, changed))
    return logins
