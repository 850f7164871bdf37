"""Fixtures for home services: two providers of two operators (a community care centre in the
persona township 爱山街道, one in 安吉县), each with an operator account (no region) and a
caregiver, and an elder at home in 爱山街道 with a love card holding 200 元."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from minzheng.core.models import User
from minzheng.eldercare.caregivers.models import Caregiver
from minzheng.eldercare.love_cards.models import LoveCard
from minzheng.eldercare.love_cards.services import love_card_activate, love_card_top_up
from minzheng.facilities.models import Facility, Operator
from minzheng.facilities.operators import services as operator_services
from minzheng.people.models import Person
from tests.core.api.support import static_root_exists  # noqa: F401  (autouse fixture)
from tests.eldercare.beds.conftest import api, fresh, login  # noqa: F401  (the bed tests' client fixtures)
from tests.eldercare.home_services.factories import caregiver, elder_at_home, provider
from tests.facilities.factories import USCC_A, USCC_B
from tests.personas import OTHER_COUNTY_VILLAGE, Personas

PASSWORD = "Liuzhu-2024-hz"


@dataclass
class World:
    a: Operator
    b: Operator
    op_a: User  # acts for a: runs `mine`
    op_b: User  # acts for b: runs `anji`
    mine: Facility  # 仪凤桥居家养老服务中心, MY_VILLAGE (爱山街道, 吴兴区)
    anji: Facility  # 递铺居家养老服务中心, OTHER_COUNTY_VILLAGE (安吉县)
    carer: Caregiver  # works at mine
    anji_carer: Caregiver
    elder: Person  # at home in MY_VILLAGE, with a card
    card: LoveCard


@pytest.fixture
def world(personas: Personas) -> World:
    return build_world(personas)


def build_world(personas: Personas) -> World:
    admin = personas.city_admin
    a = operator_services.operator_create(
        actor=admin, name="湖州颐康养老服务有限公司", uscc=USCC_A, region_code="330500000000"
    )
    b = operator_services.operator_create(
        actor=admin, name="安吉仁爱养老服务中心", uscc=USCC_B, region_code="330500000000"
    )
    op_a = operator_services.operator_account_create(
        actor=admin, operator=a, username="home_op_a", password=PASSWORD, display_name="颐康派单员"
    ).user
    op_b = operator_services.operator_account_create(
        actor=admin, operator=b, username="home_op_b", password=PASSWORD, display_name="仁爱派单员"
    ).user
    mine = provider(operator=a)
    anji = provider(operator=b, name="递铺居家养老服务中心", region_code=OTHER_COUNTY_VILLAGE)
    elder = elder_at_home()
    card = love_card_activate(actor=personas.aishan_officer, person=elder)
    love_card_top_up(
        actor=personas.aishan_officer,
        card=card,
        kind="family",
        amount="200.00",
        payer="女儿",
        idempotency_key="home-fund-1",
    )
    card.refresh_from_db()
    return World(
        a=a,
        b=b,
        op_a=op_a,
        op_b=op_b,
        mine=mine,
        anji=anji,
        carer=caregiver(employer=mine),
        anji_carer=caregiver(employer=anji),
        elder=elder,
        card=card,
    )
