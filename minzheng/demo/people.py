"""Synthetic residents and households for one township: pure Python, no database.

A township is the unit of generation. Everything in it is drawn from ``random.Random`` streams
keyed by (seed, scale, township code), so one township's people never depend on another's: the
townships can be generated in any order, in parallel processes, and always come out the same.

How a household is made:
1. Its *composition* (single elder, young couple, couple with two children, three generations
   under one roof ...) is drawn from a table whose weights differ between 街道 and 镇/乡.
2. The head's age is drawn from the city's age pyramid, restricted to the composition's range;
   the other members' ages follow from the head's: a spouse of the opposite sex within a few
   years, children 23–34 years younger than their mother (siblings 1–5 years apart), parents
   22–36 years older, and grandchildren a generation below the adult child. Where a range
   leaves a choice, ages are drawn with the pyramid's weights too.
3. Surnames follow the family: children take their father's surname (sometimes the mother's),
   the head's father shares the head's surname.

ID numbers carry the person's county code (or, for older residents of the two districts, the
former 湖州市市辖区 code 330501). Uniqueness across the whole city, without any coordination
between processes, comes from giving each township its own slice of the 3-digit sequence
number space for each county code, the way real sequence numbers are allotted to police
stations. A small share of residents is recently deceased; they keep their last address but
belong to no household any more (their 户口 was cancelled). Where each household lives is given
as the township is generated, from the standard addresses built before it (``homes.py``).
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from minzheng.core.idnumber import make_id_number
from minzheng.core.synthetic import names
from minzheng.core.synthetic.regions import Township, Village

# Ages are reckoned at a fixed date, not today, so that the same seed gives the same ID numbers
# whenever the demo is rebuilt (birth dates would otherwise drift by a day every day).
AS_OF = dt.date(2026, 1, 1)
CITY_RESIDENTS = 3_400_000
DECEASED_SHARE = 0.008  # about one year of deaths, still on file
OLD_CITY_CODE = "330501"  # 湖州市市辖区, on IDs issued before 吴兴区 and 南浔区 had their own
OLD_CITY_COUNTIES = ("330502", "330503")
OLD_CITY_CODE_UNTIL = 2003  # born before this year: the old code is possible
OLD_CITY_CODE_SHARE = 0.35
MAX_AGE = 100

# The city's age pyramid by 5-year band (0–4, 5–9, … 95–99), relative weights. It is shaped on
# Huzhou's published structure: about 12% under 15 and about a quarter aged 60 or over. Heads of
# household draw from it; the final pyramid also depends on the compositions below (tested).
PYRAMID_5Y = [3.6, 4.4, 4.4, 4.0, 4.6, 5.8, 7.6, 7.0, 6.9, 8.2, 8.8, 8.4,
              7.2, 7.2, 5.4, 3.6, 2.4, 1.4, 0.55, 0.15]
AGE_WEIGHTS = [PYRAMID_5Y[min(a // 5, len(PYRAMID_5Y) - 1)] for a in range(MAX_AGE + 1)]


@dataclass(frozen=True)
class Composition:
    """A kind of household. ``members`` lists who lives in it besides the head."""

    key: str
    members: tuple[str, ...]
    head_ages: tuple[int, int]
    male_head: float  # probability that the head is a man
    urban: float  # relative weight in a 街道
    rural: float  # relative weight in a 镇 or 乡

    @property
    def size(self) -> int:
        return 1 + sum(2 if m == "parents" else 1 for m in self.members)


# Member codes: spouse, child (with the head's couple as parents), adult_child (grown up, in an
# older head's household), in_law (the adult child's spouse), grandchild, parent (one, widowed),
# parents (a couple), sibling.
COMPOSITIONS: tuple[Composition, ...] = (
    Composition("single", (), (18, 49), 0.60, 14.0, 10.0),
    Composition("single_elder", (), (60, 100), 0.38, 9.0, 9.5),
    Composition("young_couple", ("spouse",), (22, 39), 0.70, 6.0, 4.5),
    Composition("empty_nest", ("spouse",), (40, 59), 0.75, 10.5, 9.0),
    Composition("elder_couple", ("spouse",), (60, 95), 0.80, 11.0, 12.0),
    Composition("siblings", ("sibling",), (20, 70), 0.60, 0.8, 0.8),
    Composition("single_parent", ("child",), (28, 60), 0.35, 2.5, 1.8),
    Composition("elder_with_child", ("adult_child",), (60, 95), 0.35, 2.0, 2.5),
    Composition("nuclear_1", ("spouse", "child"), (29, 60), 0.75, 17.0, 12.0),
    Composition("couple_with_parent", ("spouse", "parent"), (30, 60), 0.75, 2.0, 2.2),
    Composition("elders_with_child", ("spouse", "adult_child"), (55, 85), 0.80, 4.0, 5.0),
    Composition("nuclear_2", ("spouse", "child", "child"), (30, 55), 0.75, 6.0, 7.0),
    Composition("three_gen_4", ("spouse", "adult_child", "grandchild"), (50, 80), 0.80, 2.4, 4.2),
    Composition("nuclear_1_parent", ("spouse", "child", "parent"), (30, 60), 0.75, 2.8, 3.6),
    Composition("three_gen_5", ("spouse", "adult_child", "in_law", "grandchild"), (50, 80), 0.80, 1.6, 3.6),
    Composition("nuclear_1_parents", ("spouse", "child", "parents"), (30, 55), 0.75, 1.5, 2.3),
    Composition("nuclear_2_parent", ("spouse", "child", "child", "parent"), (30, 55), 0.75, 0.9, 1.5),
    Composition("three_gen_6", ("spouse", "adult_child", "in_law", "grandchild", "grandchild"), (52, 80),
                0.80, 0.7, 1.8),
    Composition("nuclear_2_parents", ("spouse", "child", "child", "parents"), (30, 52), 0.75, 0.45, 0.9),
)
URBAN_CUM = list(itertools.accumulate(c.urban for c in COMPOSITIONS))
RURAL_CUM = list(itertools.accumulate(c.rural for c in COMPOSITIONS))

# Relationship to the head, as stored in Membership.relationship.
RELATIONSHIP = {
    "self": "self", "spouse": "spouse", "child": "child", "adult_child": "child", "in_law": "other",
    "grandchild": "grandchild", "parent": "parent", "parents": "parent", "sibling": "sibling",
}


def mean_household_size(urban_share: float) -> float:
    """Expected members per household for a city whose households are this share urban."""
    out = 0.0
    for weights, share in ((URBAN_CUM, urban_share), (RURAL_CUM, 1 - urban_share)):
        total = weights[-1]
        prev = 0.0
        for comp, cum in zip(COMPOSITIONS, weights, strict=True):
            out += share * comp.size * (cum - prev) / total
            prev = cum
    return out


def _cum_age_weights(low: int, high: int) -> list[float]:
    return list(itertools.accumulate(AGE_WEIGHTS[low : high + 1]))


HEAD_AGE_CUM = {c.key: (list(range(c.head_ages[0], c.head_ages[1] + 1)), _cum_age_weights(*c.head_ages))
                for c in COMPOSITIONS}
DECEASED_AGES = (list(range(55, MAX_AGE + 1)),
                 list(itertools.accumulate(max(0.1, (a - 50) ** 1.6) * AGE_WEIGHTS[a] for a in range(55, MAX_AGE + 1))))

PHONE_PREFIXES = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153",
    "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180", "181", "182",
    "183", "184", "185", "186", "187", "188", "189", "191", "193", "195", "196", "198", "199",
)


# ---- the plan: how many households of which kind, in which village ---------------------------

def stream(seed: int, scale: float, township_code: str, purpose: str) -> random.Random:
    """One independent random stream per (seed, scale, township, purpose). String seeds are
    hashed with SHA-512 by ``random``, so they do not depend on PYTHONHASHSEED."""
    return random.Random(f"minzheng-demo:{seed}:{scale!r}:{township_code}:{purpose}")


@dataclass(frozen=True)
class TownshipPlan:
    """What one township will hold. Cheap to compute: the parent process computes it to size
    each township's block of ids before any worker generates a single person."""

    township: Township
    villages: tuple[Village, ...]
    compositions: tuple[int, ...]  # index into COMPOSITIONS, one per household, in id order
    village_of: tuple[int, ...]  # index into villages, one per household, in id order
    deceased: int

    @property
    def households(self) -> int:
        return len(self.compositions)

    @property
    def living(self) -> int:
        return sum(COMPOSITIONS[c].size for c in self.compositions)

    @property
    def persons(self) -> int:
        return self.living + self.deceased


def plan_township(*, seed: int, scale: float, township: Township, villages: tuple[Village, ...],
                  households: int) -> TownshipPlan:
    households = max(households, len(villages))  # every village has at least one household
    cum = URBAN_CUM if township.kind == "街道" else RURAL_CUM
    rng = stream(seed, scale, township.code, "structure")
    comps = rng.choices(range(len(COMPOSITIONS)), cum_weights=cum, k=households)
    place = stream(seed, scale, township.code, "placement")
    village_of = list(range(len(villages)))
    village_of += place.choices(range(len(villages)), weights=[v.weight for v in villages],
                                k=households - len(villages))
    place.shuffle(village_of)
    # Households are numbered village by village, so a village's rows sit together on disk.
    order = sorted(range(households), key=village_of.__getitem__)
    living = sum(COMPOSITIONS[c].size for c in comps)
    return TownshipPlan(
        township=township,
        villages=villages,
        compositions=tuple(comps[i] for i in order),
        village_of=tuple(village_of[i] for i in order),
        # Rounded at random, so that tiny demos still have a few deceased residents.
        deceased=int(living * DECEASED_SHARE + rng.random()),
    )


# ---- people ----------------------------------------------------------------------------------

@dataclass(slots=True)
class Person:
    relationship: str
    gender: str
    birth: int  # date ordinal
    surname: str
    name: str = ""
    id_number: str = ""
    phone: str = ""
    death: int | None = None
    birth_date: dt.date | None = None


@dataclass
class Household:
    village: Village
    members: list[Person] = field(default_factory=list)


class SequenceSlots:
    """Hands out the 3-digit sequence numbers of ID numbers for one township.

    For each county code the township owns an even-sized slice ``[base, base + size)`` of
    000–999; inside it men get odd and women even numbers (GB 11643), so two townships never
    issue the same ID number. A full day (never seen at scale 1.0) moves the birth to a nearby
    day that has room.
    """

    def __init__(self, slices: dict[str, tuple[int, int]]) -> None:
        self.slices = slices
        self.used: dict[tuple[str, int, bool], int] = {}

    def take(self, county: str, birth: int, male: bool, as_of: int) -> tuple[int, int]:
        base, size = self.slices[county]
        step = 1
        while True:
            key = (county, birth, male)
            k = self.used.get(key, 0)
            # Men 1, 3, 5 …; women 2, 4, 6 … (never 000). A woman may take ``base + size``: the
            # next slice starts there but never uses its own offset 0.
            offset = 2 * k + (1 if male else 2)
            if offset < size or (not male and offset == size):
                self.used[key] = k + 1
                return base + offset, birth
            birth = birth + step if birth + step <= as_of else birth - step
            step += 1


def sequence_slices(townships: list[Township]) -> dict[str, dict[str, tuple[int, int]]]:
    """Each township's slice of the sequence space, per county code it issues IDs under."""
    by_code: dict[str, list[str]] = {}
    for t in townships:
        by_code.setdefault(t.county_code, []).append(t.code)
        if t.county_code in OLD_CITY_COUNTIES:
            by_code.setdefault(OLD_CITY_CODE, []).append(t.code)
    out: dict[str, dict[str, tuple[int, int]]] = {t.code: {} for t in townships}
    for county, codes in by_code.items():
        size = (999 // len(codes)) & ~1
        for i, code in enumerate(sorted(codes)):
            out[code][county] = (i * size, size)
    return out


class TownshipPeople:
    """Generates the people of one township, household by household."""

    def __init__(self, *, seed: int, scale: float, plan: TownshipPlan, slices: dict[str, tuple[int, int]],
                 as_of: dt.date) -> None:
        self.plan = plan
        self.t = plan.township
        self.rng = stream(seed, scale, self.t.code, "people")
        self.slots = SequenceSlots(slices)
        self.as_of = as_of.toordinal()
        self.as_of_year = as_of.year
        self.old_code = self.t.county_code in OLD_CITY_COUNTIES
        self._cum: dict[tuple[int, int], tuple[list[int], list[float]]] = {}

    # -- small draws
    def _age(self, ages: list[int], cum: list[float]) -> int:
        return self.rng.choices(ages, cum_weights=cum)[0]

    def _birth(self, age: int) -> int:
        age = max(0, min(age, MAX_AGE))
        return self.as_of - int(age * 365.2425) - self.rng.randrange(365)

    def _age_of(self, p: Person) -> int:
        return int((self.as_of - p.birth) / 365.2425)

    def _person(self, relationship: str, gender: str, age: int, surname: str) -> Person:
        return Person(relationship, gender, self._birth(age), surname)

    def _age_between(self, low: int, high: int) -> int:
        """An age in [low, high] drawn with the city pyramid's weights, so that the children of
        young mothers do not pile up at age 0 (see AGE_WEIGHTS)."""
        low, high = max(0, low), max(0, min(MAX_AGE, high))
        if low >= high:
            return high
        key = (low, high)
        cum = self._cum.get(key)
        if cum is None:
            cum = self._cum[key] = (list(range(low, high + 1)), _cum_age_weights(low, high))
        return self.rng.choices(cum[0], cum_weights=cum[1])[0]

    def _child_age(self, mother_age: int) -> int:
        """A first child, born when the mother was 23–34 (or as young as 20)."""
        return self._age_between(mother_age - 34, mother_age - min(23, max(20, mother_age)))

    def _adult_child_age(self, parent_age: int) -> int:
        """A grown child: 22–34 years younger than the parent, and grown up where possible."""
        return self._age_between(max(parent_age - 34, min(22, parent_age - 22)), parent_age - 22)

    def _younger_sibling_age(self, older: int) -> int:
        """1–5 years younger where there is room (twins otherwise), never clamped to 0."""
        return older - self.rng.randint(1, min(5, older)) if older > 0 else 0

    # -- households
    def households(self) -> Iterator[Household]:
        plan = self.plan
        for comp_index, village_index in zip(plan.compositions, plan.village_of, strict=True):
            village = plan.villages[village_index]
            household = Household(village, self._members(COMPOSITIONS[comp_index]))
            for person in household.members:
                self._finish(person)
            yield household

    def deceased(self) -> Iterator[Household]:
        """The recently deceased, one per pseudo-household with no membership."""
        rng = self.rng
        for _ in range(self.plan.deceased):
            village = self.plan.villages[rng.randrange(len(self.plan.villages))]
            gender = "M" if rng.random() < 0.52 else "F"
            age = self._age(*DECEASED_AGES)
            death = self.as_of - rng.randrange(1, 366)
            person = Person("", gender, death - int(age * 365.2425) - rng.randrange(365), names.surname(rng))
            person.death = death
            self._finish(person)
            yield Household(village, [person])

    def _members(self, comp: Composition) -> list[Person]:
        rng = self.rng
        head_age = self._age(*HEAD_AGE_CUM[comp.key])
        head_gender = "M" if rng.random() < comp.male_head else "F"
        head = self._person("self", head_gender, head_age, names.surname(rng))
        members = [head]
        husband: Person | None = head if head_gender == "M" else None
        mother_age = head_age if head_gender == "F" else None
        adult_child: Person | None = None
        in_law: Person | None = None
        last_child_age: int | None = None
        for code in comp.members:
            if code == "spouse":
                gap = rng.randint(-1, 5)
                if head_gender == "M":
                    age = max(22, head_age - gap)
                    spouse = self._person("spouse", "F", age, names.surname(rng))
                    mother_age = age
                else:
                    spouse = self._person("spouse", "M", min(MAX_AGE, head_age + gap), names.surname(rng))
                    husband = spouse
                members.append(spouse)
            elif code in ("child", "adult_child"):
                base = mother_age if mother_age is not None else head_age
                if last_child_age is not None:
                    age = self._younger_sibling_age(last_child_age)
                elif code == "adult_child":
                    age = self._adult_child_age(base)
                else:
                    age = self._child_age(base)
                last_child_age = age
                gender = "M" if rng.random() < 0.515 else "F"
                surname = husband.surname if husband is not None and rng.random() < 0.92 else head.surname
                child = self._person("child", gender, age, surname)
                members.append(child)
                if code == "adult_child":
                    adult_child = child
            elif code == "in_law":
                assert adult_child is not None
                gender = "F" if adult_child.gender == "M" else "M"
                age = max(22, self._age_of(adult_child) + rng.randint(-3, 3))
                in_law = self._person("in_law", gender, age, names.surname(rng))
                members.append(in_law)
            elif code == "grandchild":
                assert adult_child is not None
                parent_age = self._age_of(adult_child)
                if in_law is not None and in_law.gender == "F":
                    parent_age = self._age_of(in_law)
                if members[-1].relationship == "grandchild":
                    age = self._younger_sibling_age(self._age_of(members[-1]))
                else:
                    age = self._age_between(parent_age - 34, parent_age - 22)
                father = adult_child if adult_child.gender == "M" else in_law
                surname = father.surname if father is not None else adult_child.surname
                members.append(self._person("grandchild", "M" if rng.random() < 0.515 else "F", age, surname))
            elif code == "parent":
                gender = "F" if rng.random() < 0.7 else "M"
                age = min(MAX_AGE, head_age + rng.randint(22, 36))
                members.append(self._person("parent", gender, age,
                                            head.surname if gender == "M" else names.surname(rng)))
            elif code == "parents":
                father_age = min(MAX_AGE, head_age + rng.randint(24, 36))
                members.append(self._person("parents", "M", father_age, head.surname))
                members.append(self._person("parents", "F", max(head_age + 20, father_age - rng.randint(0, 4)),
                                            names.surname(rng)))
            elif code == "sibling":
                age = min(MAX_AGE, max(18, head_age + rng.randint(-10, 10)))
                members.append(self._person("sibling", "M" if rng.random() < 0.5 else "F", age,
                                            head.surname if rng.random() < 0.9 else names.surname(rng)))
        return members

    def _finish(self, p: Person) -> None:
        """Name, ID number and phone, once the birth date is known."""
        rng = self.rng
        birth_year = dt.date.fromordinal(p.birth).year
        p.name = p.surname + names.given_name(rng, p.gender, birth_year)
        county = self.t.county_code
        if self.old_code and birth_year < OLD_CITY_CODE_UNTIL and rng.random() < OLD_CITY_CODE_SHARE:
            county = OLD_CITY_CODE
        last_day = p.death if p.death is not None else self.as_of
        seq, birth = self.slots.take(county, p.birth, p.gender == "M", last_day)
        birth_date = dt.date.fromordinal(birth)
        p.birth, p.birth_date = birth, birth_date
        p.id_number = make_id_number(county, birth_date, seq)
        age = self.as_of_year - birth_year
        if p.death is None and age >= 14 and rng.random() < (0.96 if age < 75 else 0.6):
            p.phone = rng.choice(PHONE_PREFIXES) + f"{rng.randrange(100_000_000):08d}"


def first_people(*, seed: int, scale: float, plan: TownshipPlan, slices: dict[str, tuple[int, int]],
                 as_of: dt.date, count: int = 8) -> list[tuple[str, str]]:
    """(ID number, name) of the township's first ``count`` residents. Together they tell whether
    this township of this (seed, scale) is already in the database, without generating the rest.
    One ID number alone would not do: another scale's township, drawing from the same slice of
    sequence numbers, holds the same ID number for one township in ten; eight of them, with
    their names, never coincide."""
    people = TownshipPeople(seed=seed, scale=scale, plan=plan, slices=slices, as_of=as_of)
    out: list[tuple[str, str]] = []
    for household in people.households():
        out += [(p.id_number, p.name) for p in household.members]
        if len(out) >= count:
            break
    return out[:count]
