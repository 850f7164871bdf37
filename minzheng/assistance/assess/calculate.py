"""The trial calculation (试算): the programs' own policies run on facts typed in, not read from
the records. Nothing is saved and no person is looked up; the only reads are reference data (the
region and the standards). The staff API and the public self-check page both call these.

Bad input is refused with a ``ValidationError`` keyed by field in Chinese: an unknown region on
``region_code``, a month without a standard on ``month``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from minzheng.assistance import messages
from minzheng.benefits.programs.models import Program, Standard
from minzheng.benefits.programs.policy import (
    Assessment,
    AssetFacts,
    Facts,
    MemberFacts,
    SubjectFacts,
    policy_for,
    standard_code_for,
)
from minzheng.benefits.programs.selectors import program_get, standard_for
from minzheng.core.models import Region

HOUSEHOLD_PROGRAMS = ("dibao", "dibian")


@dataclass(frozen=True)
class MemberInput:
    monthly_income: Decimal
    work_capable: bool = False


def region_for_trial(region_code: str) -> Region:
    """The region of a trial: any division of the city, by its 12-digit code."""
    region = Region.objects.filter(code=(region_code or "").strip()).first() if region_code else None
    if region is None:
        raise ValidationError({"region_code": [messages.ASSESS_REGION_UNKNOWN.format(code=region_code)]})
    return region


def _standard(code: str, region: Region, month: dt.date) -> tuple[Program, Standard]:
    program = program_get(code=standard_code_for(code))
    standard = standard_for(program=program, region_code=region.code, month=month) if program else None
    if program is None or standard is None:
        name = program.name if program is not None else code
        raise ValidationError({"month": [messages.ASSESS_NO_STANDARD.format(
            month=f"{month.year}年{month.month}月", program=name)]})
    return program, standard


def _params(code: str) -> Mapping[str, Any]:
    program = program_get(code=code)
    return dict(program.params) if program is not None else {}


def trial_household(*, code: str, region_code: str, month: dt.date, members: Sequence[MemberInput],
                    assets: AssetFacts) -> Assessment:
    """Dibao or dibian for a household whose 共同生活家庭成员 are ``members``, as the engine's
    economic check would assess it (the same policy, params and standard)."""
    if code not in HOUSEHOLD_PROGRAMS:
        raise ValueError(code)
    if not members:
        raise ValidationError({"members": [messages.ASSESS_MEMBERS_REQUIRED]})
    region = region_for_trial(region_code)
    _, standard = _standard(code, region, month)
    facts = Facts(members=[MemberFacts(name=f"成员{n}", monthly_income=m.monthly_income, work_capable=m.work_capable)
                           for n, m in enumerate(members, start=1)], assets=assets)
    return policy_for(code).assess(facts, standard=standard.amount, params=_params(code))


def trial_tekun(*, region_code: str, month: dt.date, age: int, monthly_income: Decimal, supporters: str,
                assets: AssetFacts, disability: Mapping[str, Any] | None = None,
                self_care: Mapping[str, bool] | None = None) -> Assessment:
    """Tekun for one person: the tekun standard (the amount) and the dibao standard (the income
    test) of the region and month, as the engine's check reads them."""
    region = region_for_trial(region_code)
    _, tekun_standard = _standard("tekun", region, month)
    _, dibao_standard = _standard("dibao", region, month)
    extra: dict[str, Any] = {"dibao_standard": dibao_standard.amount, "monthly_income": monthly_income,
                             "supporters": supporters,
                             "certificates": [dict(disability)] if disability else []}
    if self_care:
        extra["self_care"] = dict(self_care)
    facts = Facts(members=(), assets=assets, subject=SubjectFacts(age=age, extra=extra))
    return policy_for("tekun").assess(facts, standard=tekun_standard.amount, params=_params("tekun"))


def townships_grouped() -> list[tuple[str, list[tuple[str, str]]]]:
    """The city's townships under their counties, for the public page's select (reference data;
    nothing about a person)."""
    counties = {r.code: r.name for r in Region.objects.filter(level="county").only("code", "name")}
    grouped: dict[str, list[tuple[str, str]]] = {}
    for township in Region.objects.filter(level="township").order_by("code").only("code", "name"):
        county = counties.get(township.code[:6] + "000000", "")
        grouped.setdefault(county, []).append((township.code, township.name))
    return list(grouped.items())


def township_get(code: str) -> Region | None:
    return Region.objects.filter(code=code, level="township").first()
