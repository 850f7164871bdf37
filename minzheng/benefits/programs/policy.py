"""The policy registry: one class per program code decides eligibility and the monthly amount.

A policy is pure: it reads the facts, the standard and the program's params, and returns an
``Assessment``. It never reads the database, so the same code serves the engine (an application's
economic check), the trial calculation (试算) and the public self-check, and a test can call it
with plain values.

To add a program's rules (see CONTRIBUTING.md, "How to add a benefit program")::

    from minzheng.benefits.programs.policy import Assessment, Facts, Policy, register

    @register
    class TekunPolicy(Policy):
        code = "tekun"
        params_doc = {"care_amounts": "..."}

        def assess(self, facts, *, standard, params):
            ...

and import the module in your app's ``AppConfig.ready()`` so the class is registered before any
request. ``policy_for(code)`` answers ``PolicyMissing`` for a code nobody registered.

Money in an Assessment: ``per_capita_income`` is kept unrounded (pages round it to 2 places for
display); ``monthly_amount`` is rounded half up to the fen once, at the end (``money.yuan``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar

from minzheng.benefits import messages
from minzheng.benefits.money import ZERO, to_decimal, yuan


@dataclass(frozen=True)
class MemberFacts:
    """One member of the household as the economic check found them.

    ``counted`` says whether they are a 共同生活家庭成员 (``applications.counting``); members who
    are not counted, and deceased members, bring neither income nor a share of the amount.
    ``monthly_income`` is the sum of their monthly income items, in yuan."""

    name: str = ""
    monthly_income: Decimal = ZERO
    work_capable: bool = False
    income_stable: bool = True
    counted: bool = True
    deceased: bool = False
    age: int | None = None
    relationship: str = ""
    person_id: int | None = None


@dataclass(frozen=True)
class AssetFacts:
    """The household's assets: deposits and securities in yuan, vehicles and houses as counts."""

    deposits: Decimal = ZERO
    vehicles: int = 0
    houses: int = 0


@dataclass(frozen=True)
class SubjectFacts:
    """The person a person-unit program is for (tekun, disability and elder subsidies): their age
    on the assessed month, whether they have died, and whatever else a policy needs (disability
    grade and kind, self-care items, low-income status...) under ``extra``."""

    age: int | None = None
    deceased: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Facts:
    members: Sequence[MemberFacts] = ()
    assets: AssetFacts = field(default_factory=AssetFacts)
    subject: SubjectFacts | None = None


@dataclass(frozen=True)
class Assessment:
    eligible: bool
    per_capita_income: Decimal
    standard: Decimal
    monthly_amount: Decimal
    reasons: list[str]
    counted_members: int = 0
    household_income: Decimal = ZERO

    def as_dict(self) -> dict[str, Any]:
        return {"eligible": self.eligible, "per_capita_income": self.per_capita_income, "standard": self.standard,
                "monthly_amount": self.monthly_amount, "reasons": list(self.reasons),
                "counted_members": self.counted_members, "household_income": self.household_income}


def counted_members(facts: Facts) -> tuple[list[MemberFacts], list[str]]:
    """The members who count (counted and alive), and a reason naming each deceased one: the
    first step of every household policy."""
    reasons = [messages.POLICY_MEMBER_DECEASED.format(name=m.name or "—") for m in facts.members if m.deceased]
    return [m for m in facts.members if m.counted and not m.deceased], reasons


def asset_failures(assets: AssetFacts, *, standard: Decimal, size: int, params: Mapping[str, Any]) -> list[str]:
    """The reasons the assets break the limits in ``params`` (``deposits_per_capita_months``:
    per-capita deposits at most that many months of the standard; ``vehicles_max``;
    ``houses_max``), or an empty list. Shared by the household policies (dibao, dibian)."""
    failures = []
    months = to_decimal(params.get("deposits_per_capita_months"), Decimal(24))
    if assets.deposits > standard * months * size:
        failures.append(messages.ASSET_DEPOSITS_OVER.format(
            deposits=f"{yuan(assets.deposits / size):,.2f}", limit=f"{yuan(standard * months):,.2f}", months=months))
    vehicles_max = int(to_decimal(params.get("vehicles_max"), Decimal(0)))
    if assets.vehicles > vehicles_max:
        failures.append(messages.ASSET_VEHICLES_OVER.format(count=assets.vehicles, limit=vehicles_max))
    houses_max = int(to_decimal(params.get("houses_max"), Decimal(1)))
    if assets.houses > houses_max:
        failures.append(messages.ASSET_HOUSES_OVER.format(count=assets.houses, limit=houses_max))
    return failures


class PolicyMissing(LookupError):
    """No policy is registered for the program code."""


class Policy:
    """The rules of one program. Subclasses set ``code`` and implement ``assess``.

    ``params_doc`` names the keys of ``Program.params`` the policy reads, with their meaning;
    every key has a default in the policy, so a missing key is never an error.

    Review intervals (复核) are shared by all policies through ``review_interval_months``:
    ``review_months_unstable`` (default 6) for a household with a work-capable member whose
    income is unstable, ``review_months_stable`` (default 12) otherwise. A program reviewed on a
    fixed cycle sets both to the same number."""

    code: ClassVar[str] = ""
    params_doc: ClassVar[dict[str, str]] = {}
    # The program whose standard ``assess`` receives; empty for the program's own. Dibian and
    # temporary aid are measured against the dibao standard (``standard_code_for``).
    standard_program: ClassVar[str] = ""

    def assess(self, facts: Facts, *, standard: Decimal | None, params: Mapping[str, Any]) -> Assessment:
        raise NotImplementedError

    def review_interval_months(self, facts: Facts, *, params: Mapping[str, Any]) -> int:
        unstable = any(m.counted and not m.deceased and m.work_capable and not m.income_stable
                       for m in facts.members)
        key, default = ("review_months_unstable", 6) if unstable else ("review_months_stable", 12)
        return int(to_decimal(params.get(key), Decimal(default)))


_REGISTRY: dict[str, type[Policy]] = {}


def register(cls: type[Policy]) -> type[Policy]:
    """Class decorator: make ``cls`` the policy of ``cls.code``. Registering a second class for a
    code is a programming error, refused at import time."""
    if not cls.code:
        raise ValueError(f"{cls.__name__} has no code")
    existing = _REGISTRY.get(cls.code)
    if existing is not None and existing is not cls:
        raise ValueError(f"policy for {cls.code!r} already registered by {existing.__name__}")
    _REGISTRY[cls.code] = cls
    return cls


def policy_for(code: str) -> Policy:
    try:
        return _REGISTRY[code]()
    except KeyError:
        raise PolicyMissing(code) from None


def registered_codes() -> list[str]:
    return sorted(_REGISTRY)


def standard_code_for(code: str) -> str:
    """The code of the program whose standard the policy of ``code`` is assessed against."""
    policy = _REGISTRY.get(code)
    return (policy.standard_program if policy is not None else "") or code


# Facts a person program reads from the records (a disability certificate, low-income status, an
# ability level), gathered by the app that owns those records: a provider is registered per
# program code and called by the economic check with the person and the assessed month. The
# policy itself stays pure; the provider is the only part that reads the database.
SubjectFactsProvider = Callable[..., Mapping[str, Any]]
_SUBJECT_FACTS: dict[str, SubjectFactsProvider] = {}


def register_subject_facts(*codes: str) -> Callable[[SubjectFactsProvider], SubjectFactsProvider]:
    """Decorator: ``provider(*, person, month) -> Mapping`` supplies ``SubjectFacts.extra`` for
    the programs ``codes``."""

    def decorate(provider: SubjectFactsProvider) -> SubjectFactsProvider:
        for code in codes:
            _SUBJECT_FACTS[code] = provider
        return provider

    return decorate


def subject_facts_extra(code: str, *, person: Any, month: Any) -> dict[str, Any]:
    """The registered provider's facts about ``person`` in ``month`` for program ``code``, or {}."""
    provider = _SUBJECT_FACTS.get(code)
    return dict(provider(person=person, month=month)) if provider is not None else {}


@dataclass(frozen=True)
class OfficerFacts:
    """Facts about the person that only the officer knows (tekun's supporters and self-care items,
    temporary aid's kind and need): ``fields()`` gives the form fields the economic check page adds
    (name → Django form field), ``to_extra(values)`` turns their cleaned values into
    ``SubjectFacts.extra`` (the service's ``subject_extra``)."""

    fields: Callable[[], dict[str, Any]]
    to_extra: Callable[[Mapping[str, Any]], dict[str, Any]]


_OFFICER_FACTS: dict[str, OfficerFacts] = {}


def register_officer_facts(*codes: str, facts: OfficerFacts) -> None:
    for code in codes:
        _OFFICER_FACTS[code] = facts


def officer_facts_for(code: str) -> OfficerFacts | None:
    return _OFFICER_FACTS.get(code)
