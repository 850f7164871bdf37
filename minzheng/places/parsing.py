"""Reading messy address text into its levels (GB/T 39609 elements).

People type addresses as they say them: with full-width digits, Chinese numerals (十八号),
``18-3-2-501`` shorthands, spaces, punctuation, 附近, and with the upper levels left out. This
module turns such text into a ``ParsedAddress`` of the levels it found. It knows nothing of the
database; the matcher compares the parse with the standard addresses.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass

NOISE_WORDS = ("附近", "旁边", "对面", "门口", "一带", "左右", "这边", "那边", "这里", "那里", "边上", "隔壁")
DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUMBER = "[零〇一二两三四五六七八九十百千]+"

CITY_RE = re.compile(r"^(?P<v>[\u4e00-\u9fff]{2,4}?市)(?!场|民|政)")
# 小区, 社区, 园区 and 景区 end in 区 too but are not counties.
COUNTY_RE = re.compile(r"^(?P<v>[\u4e00-\u9fff]{1,3}?(?<![小社园景])(?:区|县))")
TOWNSHIP_RE = re.compile(r"^(?P<v>[\u4e00-\u9fff]{2,6}?(?:街道|镇|乡))")
VILLAGE_RE = re.compile(r"^(?P<v>[\u4e00-\u9fff]{2,8}?(?:社区|村))(?![路街巷弄道])")
ROAD_RE = re.compile(r"^(?P<v>[\u4e00-\u9fff0-9]{1,12}?(?:大道|大街|路|街|巷|弄|道|线|桥))(?=\d|$|[\u4e00-\u9fff])")
COMPOUND_RE = re.compile(r"^(?P<v>[\u4e00-\u9fff0-9]{2,12}?(?:小区|花园|新村|公寓|家园|苑|园|府|城|庭|湾))")
DASHED_RE = re.compile(r"^(?P<n>\d+)(?:号)?-(?P<b>\d+)(?:-(?P<u>\d+))?(?:-(?P<r>\d+))?")
NUMBER_RE = re.compile(r"^(?P<v>\d+(?:-\d+)?)号(?!楼)")
BARE_NUMBER_RE = re.compile(r"^(?P<v>\d+)$")
BUILDING_RE = re.compile(r"^(?P<v>\d+)(?:幢|栋|号楼|座)")
UNIT_RE = re.compile(r"^(?P<v>\d+)单元")
ROOM_RE = re.compile(r"^(?P<v>\d+)(?:室|房|号房)?$|^(?P<w>\d+)(?:室|房)")


@dataclass
class ParsedAddress:
    city: str = ""
    county: str = ""
    township: str = ""
    village: str = ""
    road: str = ""
    compound: str = ""
    number: str = ""
    building: str = ""
    unit: str = ""
    room: str = ""
    rest: str = ""

    def levels(self) -> dict[str, str]:
        return {k: v for k, v in asdict(self).items() if v}


def chinese_to_int(text: str) -> int:
    """十八 → 18, 一百零五 → 105, 二〇一 → 201 (digit by digit when there are no units)."""
    if not any(ch in UNITS for ch in text):
        return int("".join(str(DIGITS[ch]) for ch in text))
    total, current = 0, 0
    for ch in text:
        if ch in DIGITS:
            current = DIGITS[ch]
        else:
            total += (current or 1) * UNITS[ch]
            current = 0
    return total + current


def normalize(text: str) -> str:
    """Full-width to half-width, Chinese numerals before a unit to digits, noise and
    punctuation out. The result keeps only Chinese characters, digits, letters and '-'."""
    text = unicodedata.normalize("NFKC", text or "")
    for word in NOISE_WORDS:
        text = text.replace(word, "")
    text = re.sub(r"[—–－~～_/\\]", "-", text)
    text = re.sub(
        rf"({CN_NUMBER})(?=号|幢|栋|单元|室|楼|座|弄|组)",
        lambda m: str(chinese_to_int(m.group(1))),
        text,
    )
    text = re.sub(r"[^\w\-]", "", text)  # spaces and punctuation
    text = re.sub(r"-{2,}", "-", text).strip("-")
    return text.upper()


def parse(text: str) -> ParsedAddress:
    """Split an address into levels, left to right, each level optional."""
    s = normalize(text)
    out = ParsedAddress()
    for attr, pattern in (("city", CITY_RE), ("county", COUNTY_RE), ("township", TOWNSHIP_RE),
                          ("village", VILLAGE_RE)):
        m = pattern.match(s)
        if m:
            setattr(out, attr, m.group("v"))
            s = s[m.end():]
    m = ROAD_RE.match(s)
    if m:
        out.road, s = m.group("v"), s[m.end():]
    m = COMPOUND_RE.match(s)
    if m and not s.startswith(m.group("v").rstrip("苑园府城庭湾") + "号"):
        out.compound, s = m.group("v"), s[m.end():]
    m = DASHED_RE.match(s)
    if m:
        out.number, out.building = m.group("n"), m.group("b")
        out.unit, out.room = m.group("u") or "", m.group("r") or ""
        if m.group("u") and not m.group("r"):
            # 18-3-501: three parts are number, building and room; units are rarer than rooms.
            out.unit, out.room = "", m.group("u")
        s = s[m.end():]
    else:
        m = NUMBER_RE.match(s) or BARE_NUMBER_RE.match(s)
        if m:
            out.number, s = m.group("v"), s[m.end():]
            s = s.removeprefix("号")
    m = BUILDING_RE.match(s)
    if m:
        out.building, s = m.group("v"), s[m.end():]
    m = UNIT_RE.match(s)
    if m:
        out.unit, s = m.group("v"), s[m.end():]
    m = ROOM_RE.match(s)
    if m:
        out.room, s = m.group("v") or m.group("w"), s[m.end():]
    out.rest = s
    return out
