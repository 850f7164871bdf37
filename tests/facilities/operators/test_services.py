"""Service providers and their operator accounts: the unified social credit code is checked
(python-stdnum, GB 32100), an operator is kept by the region it is registered in, and an operator
account has no region and belongs to one operator."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from minzheng.core.models import AuditEntry, Region, User
from minzheng.core.roles import Role
from minzheng.core.services import role_ensure, staff_create
from minzheng.facilities import messages
from minzheng.facilities.models import Operator, OperatorMember
from minzheng.facilities.operators import selectors, services
from tests.facilities.conftest import PASSWORD, Providers, fresh
from tests.facilities.factories import USCC_C, USCC_D
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def test_an_operator_is_registered_by_its_code_with_an_audit_entry(personas: Personas) -> None:
    operator = services.operator_create(actor=fresh(personas.wuxing_officer), name=" 织里镇老年食堂管理中心 ",
                                        uscc="９１３３０５０２ma2b3c4d8h", region_code="330502100000")
    assert (operator.name, operator.uscc) == ("织里镇老年食堂管理中心", USCC_D)
    entry = AuditEntry.objects.get(action="facilities.operator.created")
    assert entry.after == {"name": "织里镇老年食堂管理中心", "uscc": USCC_D, "region_code": "330502100000"}


@pytest.mark.parametrize(("field", "value", "message"), [
    ("name", " ", messages.OPERATOR_NAME_REQUIRED),
    ("name", "机" * 101, messages.OPERATOR_NAME_TOO_LONG.format(max=100)),
    ("uscc", "", messages.OPERATOR_USCC_REQUIRED),
    ("uscc", "91330502MA2B3C4D5", messages.OPERATOR_USCC_LENGTH.format(length=17)),
    ("uscc", "91330502MA2B3C4DI8", messages.OPERATOR_USCC_CHARACTERS),
    ("uscc", "91330502MA2B3C4D59", messages.OPERATOR_USCC_CHECKSUM),
    ("region_code", "330502", messages.OPERATOR_REGION_INVALID),
    ("region_code", "330502999000", messages.OPERATOR_REGION_UNKNOWN.format(code="330502999000")),
    ("region_code", "330523000000", messages.OPERATOR_REGION_OUT_OF_SCOPE),
])
def test_each_wrong_field_is_named(personas: Personas, field: str, value: str, message: str) -> None:
    values = {"name": "湖州康养", "uscc": USCC_D, "region_code": "330502000000", field: value}
    with pytest.raises(ValidationError) as caught:
        services.operator_create(actor=fresh(personas.wuxing_officer), **values)
    assert caught.value.message_dict == {field: [message]}
    assert not Operator.objects.exists()


def test_a_code_is_registered_once(personas: Personas, providers: Providers) -> None:
    with pytest.raises(ValidationError) as caught:
        services.operator_create(actor=fresh(personas.city_admin), name="另一家", uscc=providers.a.uscc.lower(),
                                 region_code="330500000000")
    assert caught.value.message_dict == {"uscc": [messages.OPERATOR_USCC_TAKEN.format(name=providers.a.name)]}


def test_only_managers_register_operators(personas: Personas) -> None:
    for who in (personas.aishan_officer, personas.village_worker, personas.auditor):
        with pytest.raises(PermissionDenied):
            services.operator_create(actor=fresh(who), name="x", uscc=USCC_C, region_code="330523000000")


def test_an_operator_is_corrected_only_where_it_is_registered(personas: Personas, providers: Providers) -> None:
    changed = services.operator_update(actor=fresh(personas.wuxing_officer), operator=providers.b, name="仁爱社工中心")
    assert changed.name == "仁爱社工中心"
    assert AuditEntry.objects.get(action="facilities.operator.updated").diff == {
        "name": ["吴兴区仁爱社会工作服务中心", "仁爱社工中心"]}
    with pytest.raises(Http404):  # registered with the city: the county reads it, but does not keep it
        services.operator_update(actor=fresh(personas.wuxing_officer), operator=providers.a, name="改名")


def test_who_reads_which_operator(personas: Personas, providers: Providers) -> None:
    anji = services.operator_create(actor=fresh(personas.anji_officer), name="安吉县康养中心", uscc=USCC_C,
                                    region_code="330523000000")

    def seen(user: User) -> set[str]:
        return {o.name for o in selectors.operator_list(user=fresh(user))}

    assert seen(personas.city_admin) == {providers.a.name, providers.b.name, anji.name}
    # A county sees its own and those registered above it (the city-wide provider).
    assert seen(personas.wuxing_officer) == {providers.a.name, providers.b.name}
    assert seen(personas.anji_officer) == {providers.a.name, anji.name}
    assert seen(personas.village_worker) == {providers.a.name, providers.b.name}
    assert seen(personas.nobody) == set()
    assert seen(providers.op_a) == {providers.a.name}
    with pytest.raises(Http404):
        selectors.operator_get(user=fresh(personas.anji_officer), pk=providers.b.pk)


def test_an_operator_account_has_no_region_and_one_operator(personas: Personas, providers: Providers) -> None:
    user = fresh(providers.op_a)
    assert user.region_id is None and user.check_password(PASSWORD)
    assert set(user.groups.values_list("name", flat=True)) == {Role.PROVIDER_OPERATOR.value}
    assert user.has_perm("facilities.operate_facilities") and not user.has_perm("facilities.manage_facilities")
    assert selectors.operator_ids_of(user) == [providers.a.pk]
    entry = AuditEntry.objects.get(action="facilities.operator_member.account_created", after__user="op_a")
    assert entry.after == {"operator": providers.a.pk, "user": "op_a", "role": Role.PROVIDER_OPERATOR.value}


def test_opening_an_account_checks_name_and_password(personas: Personas, providers: Providers) -> None:
    admin = fresh(personas.city_admin)
    with pytest.raises(ValidationError) as caught:
        services.operator_account_create(actor=admin, operator=providers.a, username="op_a", password=PASSWORD)
    assert caught.value.message_dict == {"username": [messages.MEMBER_USERNAME_TAKEN.format(username="op_a")]}
    with pytest.raises(ValidationError) as caught:
        services.operator_account_create(actor=admin, operator=providers.a, username="a b", password=PASSWORD)
    assert caught.value.message_dict == {"username": [messages.MEMBER_USERNAME_INVALID]}
    with pytest.raises(ValidationError) as caught:
        services.operator_account_create(actor=admin, operator=providers.a, username="op_new", password="12345678")
    assert list(caught.value.message_dict) == ["password"]
    assert caught.value.message_dict["password"][0].startswith("密码不符合要求：")
    assert not User.objects.filter(username="op_new").exists()


def test_an_existing_account_joins_only_if_it_is_a_bare_operator_account(personas: Personas,
                                                                         providers: Providers) -> None:
    admin = fresh(personas.city_admin)

    def refused(user: User) -> list[str]:
        with pytest.raises(ValidationError) as caught:
            services.operator_member_add(actor=admin, operator=providers.a, user=user)
        return caught.value.message_dict["username"]

    assert refused(personas.village_worker) == [messages.MEMBER_NOT_OPERATOR_ROLE]
    with_region = staff_create(actor=None, username="op_region", password=PASSWORD, role=Role.PROVIDER_OPERATOR,
                               region=Region.objects.get(code="330500000000"))
    assert refused(with_region) == [messages.MEMBER_HAS_REGION]
    assert refused(providers.op_a) == [messages.MEMBER_ALREADY]
    assert refused(providers.op_b) == [messages.MEMBER_OF_OTHER_OPERATOR.format(name=providers.b.name)]
    bare = User.objects.create_user(username="op_bare", password=PASSWORD)
    bare.groups.set([role_ensure(Role.PROVIDER_OPERATOR)])
    member = services.operator_member_add(actor=admin, operator=providers.a, user=bare)
    assert member.operator == providers.a
    assert selectors.operator_ids_of(fresh(bare)) == [providers.a.pk]


def test_a_removed_account_sees_no_facility(personas: Personas, providers: Providers) -> None:
    member = OperatorMember.objects.get(user=providers.op_a)
    services.operator_member_remove(actor=fresh(personas.city_admin), member=member)
    assert selectors.operator_ids_of(fresh(providers.op_a)) == []
    entry = AuditEntry.objects.get(action="facilities.operator_member.removed")
    assert entry.before["user"] == "op_a" and entry.after is None
