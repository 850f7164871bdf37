"""Test helpers of the charity sub-domains: organizations made directly (the registry's own
services belong to another sub-domain and may be stricter than a charity test needs), and
charities recognized and qualified through the real services."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from stdnum.cn import uscc as stdnum_uscc

from minzheng.civil_society.charity import services
from minzheng.civil_society.registry.models import Organization
from minzheng.core.models import User
from tests.factories import PersonFactory
from tests.personas import MY_VILLAGE, OTHER_COUNTY_VILLAGE
from tests.places.factories import AddressFactory, RoadFactory

_serial = itertools.count(1)


def uscc_for(n: int) -> str:
    """A valid unified social credit code (51: a social organization) per ``n``."""
    body = f"51330500MJ{n:07d}"
    return body + stdnum_uscc.calc_check_digit(body)


def org_make(
    *,
    name: str = "",
    region_code: str = MY_VILLAGE,
    registered_on: dt.date = dt.date(2018, 3, 1),
    kind: str = Organization.Kind.FOUNDATION,
    status: str = Organization.Status.ACTIVE,
) -> Organization:
    n = next(_serial)
    road = RoadFactory(region_code=MY_VILLAGE)
    return Organization.objects.create(
        name=name or f"测试慈善基金会{n}",
        kind=kind,
        uscc="" if kind == Organization.Kind.COMMUNITY else uscc_for(n),
        region_code=region_code,
        authority_code=region_code[:6] + "000000",
        registered_on=registered_on,
        legal_representative=PersonFactory(),
        address=AddressFactory(road=road),
        funds=Decimal("4000000.00"),
        scope="扶贫济困、扶老助残",
        status=status,
        status_since=registered_on,
    )


def charity_make(
    actor: User,
    *,
    region_code: str = MY_VILLAGE,
    registered_on: dt.date = dt.date(2018, 3, 1),
    recognized_on: dt.date = dt.date(2019, 6, 10),
    qualified_on: dt.date | None = None,
    federation: bool = False,
    name: str = "",
) -> Organization:
    """An organization recognized as a charity on ``recognized_on`` (applied 5 days before), and,
    with ``qualified_on``, holding the public fundraising qualification from then."""
    org = org_make(name=name, region_code=region_code, registered_on=registered_on)
    rec = services.recognition_apply(
        actor=actor, organization=org, applied_on=recognized_on - dt.timedelta(days=5), federation=federation
    )
    services.recognition_decide(actor=actor, recognition=rec, decision="granted", decided_on=recognized_on)
    if qualified_on is not None:
        qual = services.qualification_apply(
            actor=actor, organization=org, applied_on=qualified_on - dt.timedelta(days=5)
        )
        services.qualification_decide(
            actor=actor,
            qualification=qual,
            decision="granted",
            decided_on=qualified_on,
            certificate_number=f"GM{org.pk:05d}",
        )
    return org


__all__ = ["OTHER_COUNTY_VILLAGE", "charity_make", "org_make", "uscc_for"]
