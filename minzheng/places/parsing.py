"""Reading messy address text into its levels (GB/T 39609 elements).

People type addresses as they say them: with full-width digits, Chinese numerals (十八号),
``18-3-2-501`` shorthands, spaces, punctuation, 附近, and with the upper levels left out. This
module turns such text into a ``ParsedAddress`` of the levels it found. It knows nothing of the
database: the matcher (``minzheng.places.matching``) looks the names up, and decides what a name
the patterns could not place really is (an estate called 凤凰新村 reads like a village here).

Where the patterns alone cannot tell where a level ends, the other splits are kept as
``alternatives``: 龙泉新村社区紫金新村 reads first as village 龙泉新村 and compound 社区紫金新村, and
also as village 龙泉新村社区 and compound 紫金新村. Only the names of the regions that exist can
decide, so the matcher picks the reading whose village it knows.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

NOISE_WORDS = ("附近", "旁边", "对面", "门口", "一带", "左右", "这边", "那边", "这里", "那里", "边上", "隔壁")
DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUMBER = "[零〇一二两三四五六七八九十百千]+"
# Traditional forms that NFKC leaves alone.
VARIANTS = str.maketrans({"號": "号", "棟": "栋", "單": "单", "區": "区", "縣": "县", "鎮": "镇", "鄉": "乡"})

# The levels, in the order of the standard; the keys of ``ParsedAddress.levels()``.
LEVELS = ("province", "city", "county", "township", "village", "road", "compound", "number", "building", "unit",
          "room")
LEVEL_LABELS = {
    "province": "省", "city": "市", "county": "区县", "township": "乡镇街道", "village": "村社区",
    "road": "街路巷", "compound": "小区", "number": "门牌号", "building": "幢", "unit": "单元", "room": "室",
}

PROVINCE_RE = re.compile(r"^(?P<v>[\u4e00-\u9fff]{2,3}?省|内蒙古自治区|广西壮族自治区|西藏自治区|宁夏回族自治区"
                         r"|新疆维吾尔自治区|浙江(?=[\u4e00-\u9fff]{2,4}市))")
# A level's name never contains the mark of a level above or below it: without that, 德清县新市镇
# would read as a city called 德清县新市.
CITY_RE = re.compile(r"^(?P<v>(?:(?![省市区县镇乡村])[\u4e00-\u9fff]){2,4}?市)(?![场民政镇乡陌])")
# 小区, 社区, 园区 and 景区 end in 区 too but are not counties.
COUNTY_RE = re.compile(r"^(?P<v>(?:(?![市区县镇乡村])[\u4e00-\u9fff]){1,3}?(?<![小社园景])(?:区|县))")
TOWNSHIP_RE = re.compile(r"^(?P<v>(?:(?![区县])[\u4e00-\u9fff]){2,6}?(?:街道|镇|乡))")
VILLAGE_RE = re.compile(r"^(?P<v>(?:(?![区县镇乡])[\u4e00-\u9fff]){2,8}?(?:社区|村))(?![路街巷弄道])")
# Every place a village may end (新村社区: at 村, or at 社区); VILLAGE_RE takes the first. Longer
# ones are allowed: short upper levels run into the village (吴兴仁皇山景湖新村社区).
VILLAGE_END_RE = re.compile(r"(?:社区|村)(?![路街巷弄道])")
VILLAGE_WHOLE_RE = re.compile(r"(?:(?![区县镇乡])[\u4e00-\u9fff]){2,14}(?:社区|村)")
UPPER = (("province", PROVINCE_RE), ("city", CITY_RE), ("county", COUNTY_RE), ("township", TOWNSHIP_RE),
         ("village", VILLAGE_RE))

NAME_RUN_RE = re.compile(r"^[^\d\-]+")
ROAD_SUFFIX_RE = re.compile(r"(?:大道|大街|路|街|巷|弄|道|线|桥)")
COMPOUND_SUFFIX_RE = re.compile(r"(?:小区|花园|新村|公寓|家园|嘉园|华庭|苑|园|府|城|庭)$")

NUMBER_RE = re.compile(r"^(?P<v>\d+(?:-\d+)?)号(?!楼)")
DASHED_RE = re.compile(r"^(?P<n>\d+)-(?P<b>\d+)(?:-(?P<u>\d+))?(?:-(?P<r>\d+))?")
BARE_NUMBER_RE = re.compile(r"^(?P<v>\d+)$")
BUILDING_RE = re.compile(r"^(?P<v>\d+)(?:幢|栋|号楼|座)")
DASHED_DETAIL_RE = re.compile(r"^(?P<b>\d+)-(?P<u>\d+)(?:-(?P<r>\d+))?")
UNIT_RE = re.compile(r"^(?P<v>\d+)单元")
ROOM_RE = re.compile(r"^(?P<v>\d+)(?:室|房|号房)?$|^(?P<w>\d+)(?:室|房)")


@dataclass
class ParsedAddress:
    province: str = ""
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
    # What was left over after the levels, e.g. 东侧 in 红旗路18号东侧.
    rest: str = ""
    # ``18-3`` with no 号 is doorplate 18, building 3, or doorplate 18-3 (a sub-number): the second
    # reading is kept here so that the matcher can try both.
    sub_number: str = ""
    # The same text split with a longer village (see the module docstring), longest last.
    alternatives: tuple[ParsedAddress, ...] = ()

    def levels(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in LEVELS if getattr(self, name)}


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


NOISE_RE = re.compile("|".join(NOISE_WORDS))
DASHES_RE = re.compile(r"[—–－~～_/\\]")
# 18 3 501 and 18、3、501 are as good as dashes; elsewhere spaces mean nothing.
DIGIT_GAP_RE = re.compile(r"(?<=\d)[\s、,，.。]+(?=\d)")
CN_NUMBER_RE = re.compile(rf"({CN_NUMBER})(?=号|幢|栋|单元|室|楼|座|弄|组)")
PUNCTUATION_RE = re.compile(r"[^\w\-]")
DASH_RUN_RE = re.compile(r"-{2,}")


def normalize(text: str) -> str:
    """Full-width to half-width, Chinese numerals before a unit to digits, noise and
    punctuation out. The result keeps only Chinese characters, digits, letters and '-'."""
    text = unicodedata.normalize("NFKC", text or "").translate(VARIANTS)
    text = NOISE_RE.sub("", text)
    text = DASHES_RE.sub("-", text)
    text = DIGIT_GAP_RE.sub("-", text)
    text = CN_NUMBER_RE.sub(lambda m: str(chinese_to_int(m.group(1))), text)
    text = PUNCTUATION_RE.sub("", text)  # spaces and punctuation
    text = DASH_RUN_RE.sub("-", text).strip("-")
    return text.upper()


def parse(text: str) -> ParsedAddress:
    """Split an address into levels, left to right, each level optional; other places where the
    village may end give ``alternatives``."""
    s = normalize(text)
    out = ParsedAddress()
    for attr, pattern in UPPER:
        m = pattern.match(s)
        if m:
            setattr(out, attr, m.group("v"))
            s = s[m.end():]
    if out.village:
        whole = out.village + s
        out.alternatives = tuple(
            _below_upper(replace(out, village=whole[:m.end()]), whole[m.end():])
            for m in VILLAGE_END_RE.finditer(whole)
            if m.end() > len(out.village) and VILLAGE_WHOLE_RE.fullmatch(whole[:m.end()]))
    return _below_upper(out, s)


def _below_upper(out: ParsedAddress, s: str) -> ParsedAddress:
    """The road or compound, numbers and the rest, after the upper levels."""
    m = NAME_RUN_RE.match(s)
    if m:
        _split_name(out, m.group())
        s = s[m.end():]
    s = _number(out, s)
    s = _details(out, s)
    # 红旗路18号碧浪湖小区3幢501室: the estate is named after the doorplate it stands at.
    m = NAME_RUN_RE.match(s)
    if m and not out.compound and COMPOUND_SUFFIX_RE.search(m.group()):
        out.compound = m.group()
        s = _details(out, s[m.end():])
    out.rest = s
    return out


def _split_name(out: ParsedAddress, name: str) -> None:
    """The text before the first digit: a road, a compound, or a road then a compound
    (红旗路碧浪湖小区). A name without a known suffix (沈家埭, or 红旗 for 红旗路) counts as a road."""
    for m in ROAD_SUFFIX_RE.finditer(name):
        head, tail = name[: m.end()], name[m.end():]
        if len(head) >= 2 and len(tail) >= 3 and COMPOUND_SUFFIX_RE.search(tail):
            out.road, out.compound = head, tail
            return
    if len(name) >= 3 and COMPOUND_SUFFIX_RE.search(name):
        out.compound = name
    else:
        out.road = name


def _number(out: ParsedAddress, s: str) -> str:
    m = NUMBER_RE.match(s)
    if m:
        out.number = m.group("v")
        return s[m.end():]
    m = DASHED_RE.match(s)
    estate = out.compound or out.village if not out.road else ""
    if m and not m.group("r") and COMPOUND_SUFFIX_RE.search(estate) and (m.group("u") or len(m.group("b")) >= 3):
        # In an estate 5-2-302 is building, unit and room, and 5-302 building and room: flats are
        # known by their building. Two numbers without a room (紫金新村1-2) are gate and building.
        return s
    if m:
        out.number, out.building = m.group("n"), m.group("b")
        if m.group("r"):
            out.unit, out.room = m.group("u"), m.group("r")
        elif m.group("u"):
            # 18-3-501: three parts are number, building and room; units are rarer than rooms.
            out.room = m.group("u")
        else:
            out.sub_number = f"{out.number}-{out.building}"
        return s[m.end():]
    m = BARE_NUMBER_RE.match(s)
    if m and not BUILDING_RE.match(s):
        out.number = m.group("v")
        return s[m.end():]
    return s


def _details(out: ParsedAddress, s: str) -> str:
    """Building, unit and room after the doorplate: 3幢2单元501室, 3-2-501 or 3-501."""
    m = BUILDING_RE.match(s)
    if m:
        out.building, s = m.group("v"), s[m.end():]
    elif not out.building:
        m = DASHED_DETAIL_RE.match(s)
        if m:
            out.building = m.group("b")
            if m.group("r"):
                out.unit, out.room = m.group("u"), m.group("r")
            else:
                out.room = m.group("u")
            return s[m.end():]
    m = UNIT_RE.match(s)
    if m:
        out.unit, s = m.group("v"), s[m.end():]
    m = ROOM_RE.match(s)
    if m and not out.room:
        out.room, s = m.group("v") or m.group("w"), s[m.end():]
    return s
