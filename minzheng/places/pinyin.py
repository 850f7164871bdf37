"""Hanyu Pinyin for place names, in the style of GB/T 16159-2012 and the place-name spelling
rules (中国地名汉语拼音字母拼写规则):

- the proper name (专名) is one word, the generic (通名) another, each capitalised:
  红旗路 → ``Hongqi Lu``, 仪凤桥 → ``Yifeng Qiao``;
- a one-syllable modifier of the generic joins the generic: 解放大街 → ``Jiefang Dajie``,
  人民东路 → ``Renmin Donglu``;
- inside a word, a syllable that starts with a, o or e after another syllable is marked with an
  apostrophe: 西安路 → ``Xi'an Lu``;
- no tone marks; ü stays ü (吕山 → ``Lüshan``).

Readings come from pypinyin, whose phrase dictionary settles most heteronyms (长兴 → Changxing,
道场 → Daochang). Place names add a few rules of their own, below. The proposer may override
the result; ``pinyin_matches`` checks an override against the characters' possible readings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pypinyin import Style, lazy_pinyin, pinyin
from pypinyin.constants import PHRASES_DICT

# Generics (通名) and their spelling, longest first so that 大道 wins over 道.
GENERICS: dict[str, str] = {
    "大道": "Dadao",
    "大街": "Dajie",
    "大桥": "Daqiao",
    "街道": "Jiedao",
    "社区": "Shequ",
    "小区": "Xiaoqu",
    "古镇": "Guzhen",
    "国道": "Guodao",
    "省道": "Shengdao",
    "县道": "Xiandao",
    "路": "Lu",
    "街": "Jie",
    "巷": "Xiang",
    "弄": "Nong",
    "道": "Dao",
    "线": "Xian",
    "桥": "Qiao",
    "村": "Cun",
    "镇": "Zhen",
    "乡": "Xiang",
}
# A one-syllable direction before 路 or 街 belongs to the generic (人民东路 → Renmin Donglu),
# but only when what is left is a name of its own: in 江南路 the 南 is part of the proper name.
DIRECTIONS = {"东": "Dong", "西": "Xi", "南": "Nan", "北": "Bei", "中": "Zhong"}
DIRECTIONAL_GENERICS = ("路", "街")

# Local readings that pypinyin's general dictionary gets wrong for Huzhou's place names.
PLACE_PHRASES: dict[str, tuple[str, ...]] = {
    "苕溪": ("tiao", "xi"),  # the river: Tiaoxi, not shaoxi
    "朝阳": ("chao", "yang"),  # as a place name, facing the sun
}
# 长 alone defaults to zhǎng (to grow); in place names it is almost always cháng (long): 长桥,
# 长田, 长湖. pypinyin's phrase dictionary still decides where it knows the pair that 长 starts
# (长兴, 长安); of the pairs it ends, only those where 长 means a head or growth keep zhǎng
# (十里长街 is cháng, although pypinyin knows 里长 as a village head).
CHANG = "长"
ZHANG_ENDINGS = frozenset({"成长", "生长", "增长", "村长", "镇长", "乡长", "县长", "市长", "校长", "家长", "队长", "社长"})

APOSTROPHE_INITIALS = ("a", "o", "e")
OVERRIDE_RE = re.compile(r"^[A-Za-zÜü0-9]+(?:['’ ]+[A-Za-zÜü0-9]+)*$")
HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


@dataclass(frozen=True)
class Split:
    proper: str
    generic: str
    generic_pinyin: str


def split_generic(name: str) -> Split:
    """The proper part and the generic of a place name: 人民东路 → (人民, 东路, Donglu)."""
    for generic, spelled in GENERICS.items():
        if name.endswith(generic) and len(name) > len(generic):
            proper = name[: -len(generic)]
            if generic in DIRECTIONAL_GENERICS and len(proper) >= 3 and proper[-1] in DIRECTIONS:
                return Split(proper[:-1], proper[-1] + generic, DIRECTIONS[proper[-1]] + spelled.lower())
            return Split(proper, generic, spelled)
    return Split(name, "", "")


def syllables(text: str) -> list[str]:
    """One lower-case syllable per Chinese character; runs of other characters (digits) are
    kept whole."""
    out = lazy_pinyin(text, style=Style.NORMAL, v_to_u=True)
    chars = _chunks(text)
    if len(out) != len(chars):  # pypinyin kept a run we split differently; trust pypinyin
        return out
    out = [_place_reading(chars, i, s) for i, s in enumerate(out)]
    for phrase, reading in PLACE_PHRASES.items():
        for i in range(len(chars) - len(phrase) + 1):
            if "".join(chars[i : i + len(phrase)]) == phrase:
                out[i : i + len(phrase)] = list(reading)
    return out


def _chunks(text: str) -> list[str]:
    """Chinese characters one by one, other runs whole (as pypinyin returns them)."""
    return re.findall(r"[\u3400-\u4dbf\u4e00-\u9fff]|[^\u3400-\u4dbf\u4e00-\u9fff]+", text)


def _place_reading(chars: list[str], i: int, reading: str) -> str:
    if chars[i] != CHANG or reading != "zhang":
        return reading
    before = chars[i - 1] + CHANG if i > 0 else ""
    after = CHANG + chars[i + 1] if i + 1 < len(chars) else ""
    if before in ZHANG_ENDINGS or (after and after in PHRASES_DICT):
        return reading
    return "chang"


def join_word(parts: list[str]) -> str:
    """Syllables into one capitalised word, with an apostrophe before a, o or e inside it.
    Digit runs stand apart as words of their own."""
    words: list[str] = []
    current = ""
    for part in parts:
        if not part:
            continue
        if part.isdigit():
            if current:
                words.append(current)
            words.append(part)
            current = ""
            continue
        if current and part[0] in APOSTROPHE_INITIALS:
            current += "'"
        current += part
    if current:
        words.append(current)
    return " ".join(w[:1].upper() + w[1:] for w in words)


def place_name_pinyin(name: str) -> str:
    """The standard romanisation of a place name: 红旗路 → ``Hongqi Lu``."""
    name = unicodedata.normalize("NFKC", name or "").strip()
    if not name:
        return ""
    split = split_generic(name)
    proper = join_word(syllables(split.proper))
    return f"{proper} {split.generic_pinyin}".strip() if split.generic else proper


def normalize_override(value: str) -> str:
    """A proposer's own spelling, tidied: one space between words, each word capitalised,
    typographic apostrophes made plain."""
    words = (value or "").replace("’", "'").split()
    return " ".join(w[:1].upper() + w[1:].lower() for w in words)


def override_is_well_formed(value: str) -> bool:
    """Letters (ü included), digits, spaces and apostrophes only."""
    return bool(OVERRIDE_RE.match((value or "").strip()))


def pinyin_matches(value: str, name: str) -> bool:
    """Whether ``value`` spells ``name`` with some reading of each character (heteronyms
    allowed), ignoring case, spaces and apostrophes. This catches a spelling of another name, a
    dropped syllable or a typo, without second-guessing a reading pypinyin knows."""
    target = re.sub(r"['’ ]", "", (value or "").lower()).replace("v", "ü")
    name = unicodedata.normalize("NFKC", name or "")
    options: list[set[str]] = []
    for chunk in _chunks(name):
        if HAN_RE.match(chunk):
            readings = pinyin(chunk, style=Style.NORMAL, heteronym=True, v_to_u=True)[0]
            options.append({r.lower() for r in readings})
        else:
            options.append({chunk.lower()})
    # reachable[i]: positions in ``target`` that the first i characters can spell up to.
    reachable = {0}
    for choices in options:
        reachable = {pos + len(r) for pos in reachable for r in choices if target.startswith(r, pos)}
        if not reachable:
            return False
    return len(target) in reachable
