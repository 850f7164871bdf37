"""Division codes: the 12-digit statistical code and the scope prefix each level gives.

A code is 6 digits of county, 3 of township and 3 of village committee. The scope of a user is
the significant prefix of their region's code, so that "everything under 吴兴区" is simply
``region_code LIKE '330502%'``, which a B-tree index answers.
"""

from __future__ import annotations

import re
from enum import StrEnum

CODE_RE = re.compile(r"^\d{12}$")


class Level(StrEnum):
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"
    VILLAGE = "village"


LEVEL_LABELS = {
    Level.PROVINCE: "省",
    Level.CITY: "市",
    Level.COUNTY: "区县",
    Level.TOWNSHIP: "乡镇街道",
    Level.VILLAGE: "村社区",
}

# The words a division's name ends in, by level (GB/T 2260 and the civil-affairs naming rules):
# a county-level city is a 市, a Mongolian township a 苏木, a village committee may keep its
# full title. Listed in the order messages name them.
LEVEL_WORDS = {
    Level.PROVINCE: ("省", "自治区", "市"),
    Level.CITY: ("市", "地区", "自治州", "盟"),
    Level.COUNTY: ("区", "县", "市", "旗"),
    Level.TOWNSHIP: ("街道", "镇", "乡", "苏木"),
    Level.VILLAGE: ("社区", "村", "居委会", "村委会", "嘎查"),
}


# How many leading digits are significant at each level.
PREFIX_LENGTH = {
    Level.PROVINCE: 2,
    Level.CITY: 4,
    Level.COUNTY: 6,
    Level.TOWNSHIP: 9,
    Level.VILLAGE: 12,
}


def level_of(code: str) -> Level:
    """The level a 12-digit code names, read from its trailing zeros."""
    if not CODE_RE.match(code):
        raise ValueError(f"not a 12-digit division code: {code!r}")
    if code[9:] != "000":
        return Level.VILLAGE
    if code[6:9] != "000":
        return Level.TOWNSHIP
    if code[4:6] != "00":
        return Level.COUNTY
    if code[2:4] != "00":
        return Level.CITY
    return Level.PROVINCE


def scope_prefix(code: str) -> str:
    """The prefix that every code inside this region starts with."""
    return code[: PREFIX_LENGTH[level_of(code)]]


def normalize_code(code: str) -> str:
    """Accept 6-, 9- or 12-digit forms (330502, 330502003) and pad them to 12 digits."""
    code = (code or "").strip()
    if not code.isdigit() or len(code) not in (6, 9, 12):
        raise ValueError(code)
    return code.ljust(12, "0")


def village_kind(code: str) -> str:
    """社区 for 0xx committee numbers, 村 for 2xx (GB/T 10114 practice)."""
    return "社区" if code[9] == "0" else "村"
