"""The child categories as pure rules (docs/DOMAIN.md, "Children"): the facts of one child as of a
day in, the categories that hold and the Chinese reasons out. Nothing is read or written here; the
API (``categories.api``), the profile pages and services and the demo all call ``categorize``.

**Counting.** An age is reached on the birthday itself, 29 February's on 1 March in a common year
(``benefits.applications.counting.age_on``): a child is under 18 up to the day before the 18th
birthday, and under 16 likewise. Six months of a situation are counted from its ``since`` day the
same way: they are reached on the day with the same number six months later, or, when that month
has no such day (31 August + 6 months), on the 1st of the month after (1 March), as a birthday of
29 February is reached on 1 March (``months_reached``).

- **孤儿 (orphan):** under 18; both parents dead or missing (one dead and the other missing counts).
- **事实无人抚养儿童 (民发〔2019〕62号):** under 18, not an orphan; each parent is one of: severely
  disabled, seriously ill, imprisoned or detained for 6 months or more, unreachable for 6 months or
  more; or one is dead or missing and the other is one of those. A parent's severe disability
  (grade 1–2, or 3–4 mental or intellectual) is decided when the facts are gathered
  (``severe_disability``); the rules take the status as given.
- **困境儿童 (国发〔2016〕36号):** under 18 and any of: poverty (the family in dibao, 特困 or
  低保边缘, the ``dibao`` fact), the child's own disability (any grade 1–4), absent or improper
  guardianship (no parent who is alive and able to act as guardian). An orphan or a de-facto
  unsupported child is in difficulty by the last reason too; both are listed.
- **留守儿童:** under 16, rural household registration (农业户口), both parents alive and working
  away, or one working away and the other unable to act as guardian (not alive and well, or marked
  unable).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from minzheng.benefits.applications.counting import age_on
from minzheng.children import messages
from minzheng.children.codes import Category, Hukou, ParentStatus

ADULT_AGE = 18
LEFT_BEHIND_AGE = 16
SITUATION_MONTHS = 6
GONE = (ParentStatus.DEAD, ParentStatus.MISSING)
# A parent in one of these cannot raise the child (事实无人抚养); the last two only after 6 months.
UNABLE = (
    ParentStatus.SEVERELY_DISABLED,
    ParentStatus.SERIOUSLY_ILL,
    ParentStatus.IMPRISONED,
    ParentStatus.UNREACHABLE,
)
TIMED = (ParentStatus.IMPRISONED, ParentStatus.UNREACHABLE)
# Disabilities that make a parent severely disabled: any kind at grade 1–2, these kinds at 3–4.
SEVERE_AT_3_4 = ("mental", "intellectual")


@dataclass(frozen=True)
class ParentFacts:
    status: str
    since: dt.date | None = None
    works_away: bool = False
    can_guard: bool = True
    label: str = "父母一方"


@dataclass(frozen=True)
class ChildFacts:
    as_of: dt.date
    birth_date: dt.date
    hukou: str
    disability_grade: int | None = None
    dibao: bool = False
    parents: tuple[ParentFacts, ...] = ()


@dataclass
class Verdict:
    """The categories that hold, in ``Category`` order, with the reason of each; and, for each
    derived category that does not hold, the reason it does not."""

    held: dict[str, str] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)

    @property
    def categories(self) -> list[str]:
        return list(self.held)

    @property
    def reasons(self) -> list[str]:
        return list(self.held.values())


def months_reached(since: dt.date, months: int) -> dt.date:
    """The day ``months`` months of a situation since ``since`` are reached: the same day number,
    or the 1st of the month after when the month is too short (like a 29 February birthday)."""
    index = since.year * 12 + since.month - 1 + months
    year, month = index // 12, index % 12 + 1
    try:
        return dt.date(year, month, since.day)
    except ValueError:
        return dt.date(year + (month == 12), month % 12 + 1, 1)


def severe_disability(*, kind: str, grade: int) -> bool:
    """A parent's certificate that counts as 重残 (民发〔2019〕62号): grade 1–2, or 3–4 mental or intellectual."""
    return grade in (1, 2) or (grade in (3, 4) and kind in SEVERE_AT_3_4)


def _status_label(status: str) -> str:
    return ParentStatus(status).label if status in ParentStatus.values else status


def _unable(parent: ParentFacts, as_of: dt.date) -> tuple[bool, str]:
    """Whether the parent counts as unable to raise the child (事实无人抚养), and why (not)."""
    label = _status_label(parent.status)
    if parent.status not in UNABLE:
        return False, messages.WHY_PARENT_NOT_UNABLE.format(parent=parent.label, status=label)
    if parent.status in TIMED:
        if parent.since is None:
            return False, messages.WHY_PARENT_SINCE_UNKNOWN.format(parent=parent.label, status=label)
        reached = months_reached(parent.since, SITUATION_MONTHS)
        if as_of < reached:
            return False, messages.WHY_PARENT_TOO_RECENT.format(
                parent=parent.label, status=label, since=parent.since.isoformat(), reached=reached.isoformat()
            )
        return True, messages.PARENT_TIMED.format(
            parent=parent.label, status=label, since=parent.since.isoformat()
        )
    return True, messages.PARENT_UNABLE.format(parent=parent.label, status=label)


def _can_guard(parent: ParentFacts) -> bool:
    return parent.status == ParentStatus.ALIVE and parent.can_guard


def categorize(facts: ChildFacts) -> Verdict:
    """The derived categories of a child on ``facts.as_of`` (see the module's docstring)."""
    verdict = Verdict()
    age = age_on(facts.birth_date, facts.as_of)
    parents = facts.parents
    if age >= ADULT_AGE:
        adult = messages.WHY_ADULT.format(age=age)
        for category in (Category.ORPHAN, Category.DE_FACTO, Category.IN_DIFFICULTY, Category.LEFT_BEHIND):
            verdict.refused[category] = adult
        return verdict
    two = len(parents) == 2
    gone = [p for p in parents if p.status in GONE]
    # Orphan: both parents dead or missing.
    if two and len(gone) == 2:
        verdict.held[Category.ORPHAN] = messages.ORPHAN.format(
            parents="、".join(f"{p.label}{_status_label(p.status)}" for p in parents)
        )
    else:
        verdict.refused[Category.ORPHAN] = messages.WHY_NOT_ORPHAN
    # De facto unsupported: each parent unable, or one gone and the other unable.
    if Category.ORPHAN in verdict.held:
        verdict.refused[Category.DE_FACTO] = messages.WHY_DE_FACTO_ORPHAN
    elif not two:
        verdict.refused[Category.DE_FACTO] = messages.WHY_PARENTS_TWO
    else:
        judged = [(p, *_unable(p, facts.as_of)) for p in parents]
        ok = all(p.status in GONE or unable for p, unable, _ in judged) and any(
            unable for _, unable, _ in judged
        )
        if ok:
            parts = [
                messages.PARENT_GONE.format(parent=p.label, status=_status_label(p.status))
                if p.status in GONE
                else why
                for p, _, why in judged
            ]
            verdict.held[Category.DE_FACTO] = messages.DE_FACTO.format(parts="；".join(parts))
        else:
            why_not = [why for p, unable, why in judged if p.status not in GONE and not unable]
            verdict.refused[Category.DE_FACTO] = messages.WHY_NOT_DE_FACTO.format(parts="；".join(why_not))
    # In difficulty: poverty, own disability, or no parent able to guard.
    reasons = []
    if facts.dibao:
        reasons.append(messages.DIFFICULTY_POVERTY)
    if facts.disability_grade is not None:
        reasons.append(messages.DIFFICULTY_DISABILITY.format(grade=facts.disability_grade))
    if not any(_can_guard(p) for p in parents):
        reasons.append(messages.DIFFICULTY_GUARDIANSHIP)
    if reasons:
        verdict.held[Category.IN_DIFFICULTY] = messages.IN_DIFFICULTY.format(parts="；".join(reasons))
    else:
        verdict.refused[Category.IN_DIFFICULTY] = messages.WHY_NOT_IN_DIFFICULTY
    # Left behind: under 16, rural, both parents away, or one away and the other unable to guard.
    away = [p for p in parents if p.status == ParentStatus.ALIVE and p.works_away]
    if age >= LEFT_BEHIND_AGE:
        verdict.refused[Category.LEFT_BEHIND] = messages.WHY_LEFT_BEHIND_AGE.format(age=age)
    elif facts.hukou != Hukou.RURAL:
        verdict.refused[Category.LEFT_BEHIND] = messages.WHY_LEFT_BEHIND_URBAN
    elif two and len(away) == 2:
        verdict.held[Category.LEFT_BEHIND] = messages.LEFT_BEHIND_BOTH
    elif two and len(away) == 1 and not _can_guard(next(p for p in parents if p is not away[0])):
        other = next(p for p in parents if p is not away[0])
        verdict.held[Category.LEFT_BEHIND] = messages.LEFT_BEHIND_ONE.format(
            away=away[0].label, other=other.label
        )
    else:
        verdict.refused[Category.LEFT_BEHIND] = messages.WHY_NOT_LEFT_BEHIND
    order = [c for c in Category.values if c in verdict.held]
    verdict.held = {c: verdict.held[c] for c in order}
    return verdict
