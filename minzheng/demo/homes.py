"""Where the demo's households live: a dwelling of their own village, given as they are generated.

The standard addresses are built before the people. Just before a township is generated, the
parent process reads that township's dwellings (``township_homes``: rooms in compounds and
houses on roads, never a compound gate or a whole building) and hands them to the worker with
the township; the worker gives every household one of them (``Homes``) and writes the link
rows (``places.HouseholdAddress``, ``places.PersonAddress``) and the address texts in the same
bulk load as the people. Nothing is matched or rewritten afterwards.

Placement, village by village: one household per dwelling, drawn at random among the dwellings
that the data-quality report would not flag (so a household has its address's coordinates and
its standard text); dwellings with a planted quality defect only when the clean ones run out;
several households share a dwelling only where the village has fewer dwellings than households.

Texts: the household registered the standard text (one in four without the city, as people
write it); each member's own text is the standard text or a variant as people write it
(``messy_text``). The link row points at the dwelling whatever the text says. Its method and
score are those of a confirmed link (``manual``, 1.000): the address was recorded, not guessed
by the matcher, so the background matching never overwrites it.

Planted for the registry linking (counted in the build report): one household in about
``1 / PLANTED_SHARE`` has no link. Half of those registered a text of their dwelling, as an
imported registry arrives (the background matching links them); the other half a text that
names no standard address (the village and a 组 or a number only), which an officer has to
link by hand.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from minzheng.core.synthetic import names
from minzheng.demo.people import TownshipPlan, stream
from minzheng.places.addresses.demo import dwellings, messy_text
from minzheng.places.models import PersonAddress

CITY_NAME = "湖州市"
WITHOUT_CITY_SHARE = 0.25
PLANTED_SHARE = 0.002
# What the link rows of a generated registry say: recorded, as a confirmed link is.
LINK_METHOD = PersonAddress.Method.MANUAL.value
LINK_SCORE = Decimal("1.000")


@dataclass(frozen=True)
class VillageHomes:
    """A village's dwellings, the clean ones first (each part in code order)."""

    ids: tuple[int, ...]
    texts: tuple[str, ...]
    clean: int


def township_homes(township_code: str) -> dict[str, VillageHomes]:
    """The dwellings of one township, by village code. Read by the parent, one township at a
    time, so the city's two million addresses are never all in memory at once."""
    by_village: dict[str, tuple[list[tuple[int, str]], list[tuple[int, str]]]] = {}
    for pk, region_code, text, clean in dwellings(township_code[:9]):
        good, flagged = by_village.setdefault(region_code, ([], []))
        (good if clean else flagged).append((pk, text))
    out = {}
    for code, (good, flagged) in by_village.items():
        rows = good + flagged
        out[code] = VillageHomes(tuple(r[0] for r in rows), tuple(r[1] for r in rows), len(good))
    return out


def placement(households: int, dwellings: int, clean: int, rng: random.Random) -> list[int]:
    """Which dwelling (index, clean ones first) each of a village's households gets, in order."""
    if households <= clean:
        return sorted(rng.sample(range(clean), households))
    if households <= dwellings:
        return sorted([*range(clean), *rng.sample(range(clean, dwellings), households - clean)])
    pool = clean or dwellings
    return sorted([*range(dwellings), *(rng.randrange(pool) for _ in range(households - dwellings))])


@dataclass(frozen=True, slots=True)
class Home:
    address_id: int | None  # None: planted without a link
    text: str  # what the household registered
    standard: str  # the dwelling's standard text ("" when the registered text names none)


@dataclass
class HomeCounts:
    households_linked: int = 0
    persons_linked: int = 0
    households_sharing: int = 0  # households beyond one per dwelling
    planted_unlinked: int = 0  # a text of their dwelling, no link
    planted_unknown: int = 0  # a text that names no standard address

    def add(self, other: HomeCounts) -> None:
        for key, value in other.__dict__.items():
            setattr(self, key, getattr(self, key) + value)


@dataclass
class Homes:
    """Hands out the homes of one township's households, in the plan's order."""

    seed: int
    scale: float
    plan: TownshipPlan
    homes: dict[str, VillageHomes]
    counts: HomeCounts = field(default_factory=HomeCounts)

    def __post_init__(self) -> None:
        self.rng = stream(self.seed, self.scale, self.plan.township.code, "homes")
        per_village = Counter(self.plan.village_of)
        self.picks: dict[str, Iterator[int]] = {}
        for index, village in enumerate(self.plan.villages):
            found = self.homes.get(village.code)
            if found is None or not found.ids:
                raise RuntimeError(f"village {village.code} has no dwelling to house its households: "
                                   "its standard addresses must be built before its people")
            wanted = per_village[index]
            self.picks[village.code] = iter(placement(wanted, len(found.ids), found.clean, self.rng))
            self.counts.households_sharing += max(0, wanted - len(found.ids))

    def household(self, village_code: str, village_full_name: str, village_kind: str) -> Home:
        found = self.homes[village_code]
        index = next(self.picks[village_code])
        standard = found.texts[index]
        rng = self.rng
        text = standard.removeprefix(CITY_NAME) if rng.random() < WITHOUT_CITY_SHARE else standard
        if rng.random() >= PLANTED_SHARE:
            self.counts.households_linked += 1
            return Home(found.ids[index], text, standard)
        if rng.random() < 0.5:
            self.counts.planted_unlinked += 1
            return Home(None, text, standard)
        self.counts.planted_unknown += 1
        if village_kind == "村":
            group = names.GROUP_NUMERALS[rng.randrange(len(names.GROUP_NUMERALS))]
            return Home(None, f"{village_full_name}{group}组{rng.randint(1, 80)}号", "")
        return Home(None, f"{village_full_name}{rng.randint(1, 200)}号", "")

    def deceased(self, village_code: str) -> Home:
        """The last home of a resident who died: any dwelling of the village, shared or not."""
        found = self.homes[village_code]
        index = self.rng.randrange(found.clean or len(found.ids))
        return Home(found.ids[index], found.texts[index], found.texts[index])

    def person_text(self, home: Home, village_full_name: str) -> str:
        if not home.standard:
            return home.text
        return messy_text(home.standard, self.rng, region_full_name=village_full_name)
