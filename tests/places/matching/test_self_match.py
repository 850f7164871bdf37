"""Every standard address matches its own text, on a few villages of the demo city built as the
demo builds them: among them communities whose names end in a word the parser also reads as a
village or a compound (龙泉新村社区, 太湖花园社区)."""

from __future__ import annotations

import pytest

from minzheng.core.services import regions_load_divisions
from minzheng.places.matching import match_address
from tests.places.matching.city import build_villages, layout, self_match_failures, standard_addresses

# Name endings that the patterns alone split wrongly or that look like estates and hamlets.
ENDINGS = ("新村社区", "花园社区", "苑社区", "桥社区", "村")


@pytest.fixture
def small_city(db) -> list[str]:  # type: ignore[no-untyped-def]
    regions_load_divisions()
    villages = list(layout().values())
    picked = [next(v.code for v in villages if v.name.endswith(ending)) for ending in ENDINGS]
    build_villages(picked)
    return picked


def test_every_standard_address_matches_itself_as_best_at_full_score(small_city):
    addresses = standard_addresses()
    assert len(addresses) > 1000
    assert {code[:12] for code, _ in addresses} == set(small_city)
    assert self_match_failures(addresses) == []


def test_a_community_named_like_an_estate_is_read_as_the_community(small_city):
    code, text = next((c, t) for c, t in standard_addresses() if "新村社区" in t)
    result = match_address(text)
    assert result.best is not None and result.best.code == code
    assert result.parsed["village"].endswith("新村社区")
