"""The demo's villages and communities, and how the population spreads over the townships.

The 72 townships are real (``core/data/huzhou_divisions.csv``); what lies under them is made up
by the rules of the 12-digit statistical code (DOMAIN.md): a 街道 has communities numbered
0xx, a 镇 or 乡 has villages numbered 2xx and may have a few communities (0xx) for its seat.

The layout depends only on the township's code and on the scale, never on ``--seed``, so that
demos built with different seeds share one region tree and nobody's bookmarks move. At scale
1.0 there are about 1,300 villages and communities, as in the real city; smaller scales keep a
prefix of each township's list (at least three), so a small demo still has several villages
per township and the first community of 爱山街道 is always 330502003001.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from functools import cache

from minzheng.core.synthetic import names

# Share of the city's residents by county. Rounded from public figures; a demo needs the right
# proportions, not census precision.
COUNTY_SHARES = {
    "330502": 0.25,  # 吴兴区 (with 南太湖新区)
    "330503": 0.16,  # 南浔区
    "330521": 0.17,  # 德清县
    "330522": 0.23,  # 长兴县
    "330523": 0.19,  # 安吉县
}
# Relative size of a township inside its county, by kind (towns around 织里 and 雉城 are large).
KIND_WEIGHTS = {"街道": 1.0, "镇": 1.25, "乡": 0.45}
# Counties in the hills name their villages after valleys and ridges, not after water.
HILL_COUNTIES = {"330521", "330523"}

# A few real names, so that the first communities read as they do in the standing test personas.
KNOWN_NAMES = {
    "330502003001": "仪凤桥社区",
    "330502003002": "南街社区",
    "330502100201": "义皋村",
    "330523001001": "城东社区",
}


@dataclass(frozen=True)
class Village:
    code: str
    name: str
    kind: str  # 社区 or 村
    weight: float  # relative number of households
    roads: tuple[str, ...]  # streets or hamlets (自然村) that its addresses use
    estates: tuple[str, ...]  # housing estates, for communities


@dataclass(frozen=True)
class Township:
    code: str
    name: str
    kind: str  # 街道, 镇 or 乡
    county_code: str  # 6 digits
    full_name: str  # 湖州市吴兴区爱山街道
    weight: float  # share of the whole city's households


def _village_counts(rng: random.Random, kind: str) -> tuple[int, int]:
    """(communities, villages) at full scale for a township of this kind."""
    if kind == "街道":
        return rng.randint(10, 18), 0
    if kind == "镇":
        return rng.randint(1, 3), rng.randint(15, 24)
    return rng.randint(0, 1), rng.randint(7, 12)


@cache
def full_layout(township_code: str, township_kind: str) -> tuple[Village, ...]:
    """Every village and community of a township at scale 1.0, in code order."""
    rng = random.Random(f"minzheng-demo-villages:{township_code}")
    communities, villages = _village_counts(rng, township_kind)
    hills = township_code[:6] in HILL_COUNTIES
    used: set[str] = set()
    out: list[Village] = []

    def unique(make) -> str:  # type: ignore[no-untyped-def]
        for _ in range(50):
            name = make()
            if name not in used:
                used.add(name)
                return name
        raise RuntimeError(f"ran out of village names for {township_code}")

    numbers = [(f"{n:03d}", "社区") for n in range(1, communities + 1)]
    numbers += [(f"{n:03d}", "村") for n in range(201, 201 + villages)]
    for number, kind in numbers:
        code = township_code[:9] + number
        if code in KNOWN_NAMES:
            name = KNOWN_NAMES[code]
            used.add(name)
        elif kind == "社区":
            name = unique(lambda: names.community_name(rng))
        else:
            name = unique(lambda: names.village_name(rng, hills=hills))
        if kind == "社区":
            roads = tuple(rng.sample(names.ROADS, 3))
            estates = tuple(dict.fromkeys(names.estate_name(rng) for _ in range(3)))
        else:
            roads = tuple(dict.fromkeys(names.hamlet_name(rng) for _ in range(5)))
            estates = ()
        out.append(Village(code, name, kind, round(rng.uniform(0.6, 1.6), 3), roads, estates))
    return tuple(out)


def villages_at_scale(township_code: str, township_kind: str, scale: float) -> tuple[Village, ...]:
    """The villages a demo of this scale uses: a prefix of the communities and a prefix of the
    villages, in proportion, at least three in all. Their number grows with the square root of
    the scale, so that small demos still have villages of a believable size."""
    full = full_layout(township_code, township_kind)
    wanted = min(len(full), max(3, round(len(full) * math.sqrt(min(scale, 1.0)))))
    communities = [v for v in full if v.kind == "社区"]
    villages = [v for v in full if v.kind == "村"]
    if not villages:
        return tuple(communities[:wanted])
    n_comm = min(len(communities), max(1 if communities else 0, round(len(communities) * wanted / len(full))))
    return tuple(communities[:n_comm] + villages[: wanted - n_comm])


def township_weights(townships: list[tuple[str, str, str]]) -> dict[str, float]:
    """Each township's share of the city's households, from (code, kind, county_code)."""
    raw: dict[str, float] = {}
    for code, kind, _county in townships:
        jitter = random.Random(f"minzheng-demo-size:{code}").uniform(0.7, 1.3)
        raw[code] = KIND_WEIGHTS.get(kind, 1.0) * jitter
    by_county: dict[str, float] = {}
    for code, _, county in townships:
        by_county[county] = by_county.get(county, 0.0) + raw[code]
    shares = {c: COUNTY_SHARES.get(c, 0.0) for c in by_county}
    total_share = sum(shares.values()) or 1.0
    return {code: shares[county] / total_share * raw[code] / by_county[county] for code, _, county in townships}
