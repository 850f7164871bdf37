"""The demo staff: one login per role and level, the same accounts as the test personas."""

from __future__ import annotations

from dataclasses import dataclass

from minzheng.core.models import Region, User
from minzheng.core.roles import Role
from minzheng.core.services import staff_create
from minzheng.demo.facilities import demo_operator
from minzheng.facilities.models import OperatorMember
from minzheng.facilities.operators.services import (
    operator_account_create,
    operator_member_add,
    operator_member_remove,
)
from minzheng.facilities.sites.models import Kind

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
    ("marriage_registrar", Role.MARRIAGE_REGISTRAR, "330502000000", "婚姻登记员"),
    ("funeral_registrar", Role.FUNERAL_REGISTRAR, "330502000000", "殡葬登记员"),
)

# Provider operators (no region: their operator's sites are all they see), made once the demo's
# sites exist (demo.facilities): (username, the kind of site their operator runs, name suffix).
DEMO_OPERATORS: tuple[tuple[str, str, str], ...] = (
    ("carehome_operator", Kind.CARE_HOME, "养老机构操作员"),
    ("mealsite_operator", Kind.MEAL_SITE, "助餐点操作员"),
    # Serves the home-service visits (六助) of its community care centres: 今日上门 and the orders.
    ("homecare_operator", Kind.COMMUNITY_CARE_CENTRE, "居家服务操作员"),
    # Records the rehab services of its rehab organizations' patients (demo.rehab registers the providers).
    ("rehab_operator", Kind.MENTAL_REHAB_CENTRE, "精神康复操作员"),
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


def demo_operators_ensure(*, actor: User) -> list[Login]:
    """The provider operators' accounts, acting for the demo's busiest care-home and meal-site
    operators (``demo.facilities.demo_operator``), opened by ``actor`` through the operator
    services. An account already acting for its operator is left alone. The table shows the
    operator's registration region: the account itself has none."""
    logins: list[Login] = []
    for username, kind, suffix in DEMO_OPERATORS:
        operator = demo_operator(kind)
        if operator is None:
            continue
        user = User.objects.filter(username=username).first()
        member = OperatorMember.objects.filter(user=user).first() if user is not None else None
        changed = member is None or member.operator_id != operator.pk
        if user is None:
            operator_account_create(actor=actor, operator=operator, username=username, password=DEMO_PASSWORD,
                                    display_name=f"{operator.name}{suffix}")
        elif changed:
            if member is not None:
                operator_member_remove(actor=actor, member=member)
            operator_member_add(actor=actor, operator=operator, user=user)
        logins.append(Login(username, Role.PROVIDER_OPERATOR, Region.objects.get(code=operator.region_code),
                            DEMO_PASSWORD, changed))
    return logins
