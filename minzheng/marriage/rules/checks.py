"""The legal checks of a marriage registration, without a database: the single source that the
registration service, the check API and the demo all use. Each failed rule gives one Chinese
reason naming the party and the rule (Civil Code arts. 1042, 1047, 1048; 婚姻登记条例)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from minzheng.marriage import messages
from minzheng.marriage.rules.ages import age_on, age_reached_on

MINIMUM_AGE = {"M": 22, "F": 20}
MARITAL_STATUSES = ("unmarried", "married", "divorced", "widowed")


@dataclass(frozen=True)
class Party:
    gender: str  # "M" or "F"
    birth_date: dt.date
    marital_status: str  # one of MARITAL_STATUSES
    alive: bool = True


def party_labels(parties: tuple[Party, Party] | list[Party]) -> list[str]:
    """男方/女方 for a man and a woman; 第一方/第二方 when the genders do not tell them apart."""
    genders = [p.gender for p in parties]
    if sorted(genders) == ["F", "M"]:
        return [messages.PARTY_LABELS[g] for g in genders]
    return ["第一方", "第二方"]


@dataclass(frozen=True)
class Failure:
    """One failed rule: ``party`` is 0 or 1 for a rule of one party, None for one of the couple."""

    party: int | None
    text: str


def marriage_failures(
    *, registration_date: dt.date, parties: tuple[Party, Party] | list[Party], prohibited_relationship_declared_absent: bool
) -> list[Failure]:
    """Every rule the couple fails on ``registration_date``, one failure each; empty means allowed."""
    failures: list[Failure] = []
    if sorted(p.gender for p in parties) != ["F", "M"]:
        failures.append(Failure(None, messages.NOT_MAN_AND_WOMAN))
    for index, (label, party) in enumerate(zip(party_labels(parties), parties, strict=True)):
        if not party.alive:
            failures.append(Failure(index, messages.PARTY_DECEASED.format(party=label)))
        minimum = MINIMUM_AGE.get(party.gender)
        age = age_on(party.birth_date, registration_date)
        if minimum is not None and age < minimum:
            reach = age_reached_on(party.birth_date, minimum)
            failures.append(
                Failure(
                    index,
                    messages.AGE_TOO_YOUNG.format(
                        party=label, gender=messages.GENDER_LABELS[party.gender], minimum=minimum,
                        age=max(age, 0), reach=f"{reach:%Y-%m-%d}",
                    ),
                )
            )
        if party.marital_status == "married":
            failures.append(Failure(index, messages.PARTY_MARRIED.format(party=label)))
    if not prohibited_relationship_declared_absent:
        failures.append(Failure(None, messages.PROHIBITED_NOT_DECLARED))
    return failures


def marriage_reasons(
    *, registration_date: dt.date, parties: tuple[Party, Party] | list[Party], prohibited_relationship_declared_absent: bool
) -> list[str]:
    """The Chinese reasons of ``marriage_failures``, in order."""
    return [
        f.text
        for f in marriage_failures(
            registration_date=registration_date, parties=parties,
            prohibited_relationship_declared_absent=prohibited_relationship_declared_absent,
        )
    ]
