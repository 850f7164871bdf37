"""The labelled evaluation set of the address matcher (``eval_set.jsonl``), drawn from the demo
city itself.

    MINZHENG_VAR_DIR=/path/to/a/scale-1.0/demo .venv/bin/python -m tests.places.matching.make_eval_set

It reads the database it is given, which must hold the demo city of ``minzheng demo --scale 1.0``
(seed 1): random villages across the whole city, and random addresses in them, typed the ways
people type: upper levels left out, 18-3-2-501 numbers, full-width digits, Chinese numerals,
former names and names without their suffix, noise, one-character typos in a road or in a
region name, estates by building, the short dash (紫金新村1-2 for 1号2幢), short region names,
and mixes of these. Inputs whose words fit several addresses are ties: each is kept with the
addresses it fits, and must come back with no best and those regions named. Inputs that must
not match name roads that do not exist, numbers and rooms that do not, a road in the wrong
county, other cities, and garbage.

The labels come from an oracle over the whole city (roads and regions in memory, addresses in
SQL), never from the matcher: the addresses whose road answers to the name as typed (its name or
a former name first; its short form only when no road has that name), in the regions the text
names (a region typed one character off: any region one character away), with exactly the
numbers typed. The first line holds the seed, scale and villages, so that the test builds just
those villages with the demo builder (``city.build_villages``). The benchmark draws its own
inputs with the same ``Generator`` from random addresses of the whole city.
"""

from __future__ import annotations

if __name__ == "__main__":  # run as a script: settings first, the imports below need the app registry
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "minzheng.settings")
    os.environ.setdefault("MINZHENG_DEBUG", "true")
    django.setup()

import json
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from minzheng.core.models import Region
from minzheng.core.regions import scope_prefix
from minzheng.places.matching.keys import REGION_SUFFIXES, ROAD_SUFFIXES, road_keys, strip_suffix
from minzheng.places.models import Address, MatchKey, Road
from minzheng.places.parsing import normalize, parse
from tests.places.matching.city import SCALE, SEED

PATH = Path(__file__).with_name("eval_set.jsonl")
EVAL_SEED = 20261206
VILLAGES = 32  # villages the stored set draws from: enough to spread over the city, few to build
PER_KIND = 40
TIES = 40
MAX_TIED_VILLAGES = 2  # a stored tie may need this many villages built besides its own
UPPER = ("city", "county", "township", "village")
FULL_WIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")
CN_DIGITS = "零一二三四五六七八九"
# Characters that get typed for one another (sound or shape), and a pool for the rest.
CONFUSIONS = {"旗": "棋", "凤": "风", "凰": "皇", "溪": "西", "青": "清", "铜": "同", "劳": "牢", "湖": "胡",
              "环": "还", "城": "成", "龙": "隆", "苕": "召", "阳": "杨", "河": "和", "塘": "堂", "园": "圆",
              "苑": "院", "花": "华", "新": "心", "家": "佳", "桥": "乔", "山": "衫", "路": "陆",
              "街": "阶", "浜": "滨", "埭": "代", "兜": "斗", "湾": "弯", "墩": "敦", "坞": "乌", "港": "巷",
              "林": "琳", "泉": "全", "金": "今", "安": "按", "兴": "星", "吉": "几", "里": "理", "庄": "装"}
POOL = "东南西北中上下大小老金银玉石林森江河湖海天地日月星云风雨春夏秋冬安平和兴"
FAKE_HEADS = ["建设", "胜利", "光明", "学院", "文化", "中山", "延安", "北京", "南京", "上海", "中华", "新民", "民主",
              "长江", "黄河", "复兴", "兴华", "育才", "科技", "工业", "商业", "创业", "滨江", "拱宸", "钱江", "之江",
              "西溪", "文三", "文二", "教工", "求是", "浙大", "黄龙", "曙光", "保俶"]
OTHER_CITIES = [
    "杭州市西湖区文三路100号", "杭州市西湖区红旗路18号", "杭州市上城区解放路88号", "嘉兴市南湖区人民路18号",
    "上海市黄浦区南京东路1号", "北京市朝阳区建国路88号", "绍兴市越城区解放北路5号", "宁波市海曙区中山西路3号",
    "江苏省苏州市姑苏区人民路1号", "安徽省宣城市广德市凤凰路8号", "杭州市余杭区凤凰路12号", "嘉兴市桐乡市青铜路2号",
    "苏州市吴江区太湖路6号", "南京市鼓楼区北京西路1号", "宁波市鄞州区朝阳路20号", "上海市松江区新华路3号1幢101室",
]
GARBAGE = ["随便写写", "12345", "湖州", "ABCDEF", "哈哈哈哈", "请问低保怎么申请", "18号3幢501室", "-", "附近",
           "湖州市吴兴区", "爱山街道仪凤桥社区"]
POSITIVE_KINDS = ("full", "missing_upper", "dashed", "fullwidth", "chinese", "alias", "short_name", "noise", "typo",
                  "estate_building", "estate_dashed", "short_dash", "short_regions", "mixed", "run_together_typo",
                  "region_typo")


@dataclass(frozen=True)
class Addr:
    code: str
    region_code: str
    road_id: int
    number: str
    building: str
    unit: str
    room: str
    full_text: str


def distance_one(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


class City:
    """The regions and roads of the city in memory, its addresses in SQL; which addresses a set
    of words fits, read the way a person (and a fair matcher) would."""

    def __init__(self) -> None:
        self.regions: dict[str, tuple[str, str, str]] = {  # code → (name, level, full name)
            code: (name, level, full) for code, name, level, full in
            Region.objects.values_list("code", "name", "level", "full_name")}
        self.region_names: dict[str, set[str]] = defaultdict(set)  # name or short form → codes
        for code, (name, _, _) in self.regions.items():
            self.region_names[name].add(code)
            short = strip_suffix(name, REGION_SUFFIXES)
            if short:
                self.region_names[short].add(code)
        self.full_names = {name for name, level, _ in self.regions.values()}
        self.roads: dict[int, tuple[str, str, str, tuple[str, ...]]] = {}  # id → (name, region, kind, aliases)
        self.by_form: dict[str, list[tuple[int, int]]] = defaultdict(list)  # form → (road id, tier)
        self.typo_forms: dict[str, set[int]] = defaultdict(set)  # name or alias (typos are made of these)
        for road_id, name, region_code, kind, aliases in Road.objects.filter(status=Road.Status.ACTIVE).values_list(
                "id", "name", "region_code", "kind", "aliases"):
            self.roads[road_id] = (name, region_code, kind, tuple(aliases or ()))
            for key, form, text in road_keys(name, aliases or ()):
                if key == text and form != MatchKey.Form.DELETION:
                    self.by_form[key].append((road_id, 0 if form != MatchKey.Form.SHORT else 1))
                    if form != MatchKey.Form.SHORT:
                        self.typo_forms[key].add(road_id)
        self.forms_by_length: dict[int, list[str]] = defaultdict(list)
        for form in self.typo_forms:
            self.forms_by_length[len(form)].append(form)

    def names_of(self, a: Addr) -> dict[str, str]:
        village = a.region_code
        return {"city": self.regions[village[:4] + "00000000"][0], "county": self.regions[village[:6] + "000000"][0],
                "township": self.regions[village[:9] + "000"][0], "village": self.regions[village][0]}

    def near_forms(self, name: str) -> list[str]:
        """Road names and former names one character away from ``name``."""
        return [f for n in (len(name) - 1, len(name), len(name) + 1) for f in self.forms_by_length.get(n, ())
                if distance_one(name, f)]

    def near_regions(self, name: str) -> set[str]:
        return {code for code, (full, _, _) in self.regions.items() if distance_one(name, full)}

    def fits(self, name: str, regions: list[tuple[str, bool]], numbers: tuple[str, str, str, str], *,
             typo: bool = False) -> list[Addr]:
        """The active addresses that the words fit: the road as typed (``typo``: one character off
        a name), inside every region named (``(text, typo)``), with exactly these numbers (an
        empty number: any, for an estate typed by its building)."""
        name = normalize(name)
        if typo:
            roads = {road_id: 0 for form in self.near_forms(name) for road_id in self.typo_forms[form]}
        else:
            roads = {road_id: tier for road_id, tier in self.by_form.get(name, ())}
        prefixes = []
        for text, near in regions:
            codes = self.near_regions(text) if near else self.region_names.get(text, set())
            prefixes.append({scope_prefix(code) for code in codes})
        roads = {r: t for r, t in roads.items() if all(any(self.roads[r][1].startswith(p) for p in ps)
                                                       for ps in prefixes)}
        if not roads:
            return []
        number, building, unit, room = numbers
        rows = Address.objects.filter(road_id__in=list(roads), status=Address.Status.ACTIVE, building=building,
                                      unit=unit, room=room)
        if number:
            rows = rows.filter(number=number)
        found = [Addr(*row) for row in rows.values_list("code", "region_code", "road_id", "number", "building", "unit",
                                                        "room", "full_text")]
        if any(roads[a.road_id] == 0 for a in found):
            found = [a for a in found if roads[a.road_id] == 0]  # a road's own name before another's short form
        return found


def cn_int(n: int) -> str:
    """18 → 十八, 105 → 一百零五, 120 → 一百二十."""
    if n < 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return CN_DIGITS[n // 10] + "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if rest == 0 else ("零" + CN_DIGITS[rest] if rest < 10 else cn_int(rest) if rest >= 20 else "一" + cn_int(rest))
    return CN_DIGITS[n // 100] + "百" + tail


def numbers_text(a: Addr, style: str, *, with_number: bool = True) -> str:
    n, b, u, r = a.number, a.building, a.unit, a.room
    if style == "dashed" and b:
        parts = ([n] if with_number else []) + [b] + ([u] if u else []) + ([r] if r else [])
        return "-".join(p for p in parts if p)
    if style == "chinese" and "-" not in n:
        text = f"{cn_int(int(n))}号" if with_number else ""
        text += f"{cn_int(int(b))}幢" if b else ""
        text += f"{cn_int(int(u))}单元" if u else ""
        return text + ("".join(CN_DIGITS[int(d)] for d in r) + "室" if r else "")
    text = f"{n}号" if with_number else ""
    text += f"{b}幢" if b else ""
    text += f"{u}单元" if u else ""
    if r:
        text += r if style == "terse" else f"{r}室"
    return text.translate(FULL_WIDTH) if style == "fullwidth" else text


def typo(rng: random.Random, name: str, *, keep_suffix: str = "") -> str:
    """``name`` with one character wrong, missing or extra (never inside ``keep_suffix``)."""
    body = name[: len(name) - len(keep_suffix)]
    i = rng.randrange(len(body))
    roll = rng.random()
    if roll < 0.6:
        changed = body[:i] + (CONFUSIONS.get(body[i]) or rng.choice(POOL)) + body[i + 1:]
    elif roll < 0.8 and len(body) >= 3:
        changed = body[:i] + body[i + 1:]
    else:
        changed = body[:i] + rng.choice(POOL) + body[i:]
    return changed + keep_suffix


def noisy(rng: random.Random, parts: list[str]) -> str:
    seps = [" ", "，", " ", "、", "  ", ""]
    text = parts[0]
    for part in parts[1:]:
        text += rng.choice(seps) + part
    return rng.choice(["", "（", " "]) + text + rng.choice(["附近", " 附近", "旁边", "！", "。", " 门口", "）"])


class Generator:
    """Messy inputs from addresses of the city, each labelled by the oracle."""

    def __init__(self, city: City, rng: random.Random) -> None:
        self.city, self.rng = city, rng
        self.fake_roads = [h + s for h in FAKE_HEADS for s in ("路", "街", "大道", "小区")
                           if not city.by_form.get(h + s) and not city.near_forms(h + s)
                           and h + s not in city.region_names]

    def upper_text(self, a: Addr, kept: list[str], *, short: bool = False) -> list[str]:
        names = self.city.names_of(a)
        return [(strip_suffix(names[lv], REGION_SUFFIXES) or names[lv]) if short and lv != "village" else names[lv]
                for lv in UPPER if lv in kept]

    def item(self, kind: str, a: Addr) -> dict[str, Any] | None:
        """One input of this kind made from ``a``, labelled; None when ``a`` does not lend itself."""
        rng, city = self.rng, self.city
        road_name, _, road_kind, aliases = city.roads[a.road_id]
        name, style, with_number, road_typo = road_name, "standard", True, False
        numbers = (a.number, a.building, a.unit, a.room)
        region_typo: str = ""
        if kind in ("dashed", "mixed") and not a.building:
            return None
        if kind in ("dashed", "fullwidth", "chinese"):
            style = kind
        elif kind == "alias":
            former = [x for x in aliases if x != strip_suffix(road_name, ROAD_SUFFIXES)]
            if not former:
                return None
            name = former[0]
        elif kind == "short_name":
            name = strip_suffix(road_name, ROAD_SUFFIXES)
            if not name:
                return None
        elif kind in ("typo", "run_together_typo") or (kind == "mixed" and rng.random() < 0.5):
            if len(road_name) < 3:
                return None
            name = typo(rng, road_name)
            if normalize(name) in city.by_form or normalize(name) in city.region_names or len(
                    {r for f in city.near_forms(normalize(name)) for r in city.typo_forms[f]}) > 3:
                return None  # another real name, or a slip that fits too many roads to be a fair test
            road_typo = True
        elif kind in ("estate_building", "estate_dashed"):
            if road_kind != Road.Kind.COMPOUND or not a.room:
                return None  # a flat: a building alone is typed with its gate (short_dash)
            with_number, numbers = False, ("", a.building, a.unit, a.room)
            style = "dashed" if kind == "estate_dashed" else style
        elif kind == "short_dash":
            if road_kind != Road.Kind.COMPOUND or not a.building or a.unit or a.room:
                return None
            style = "dashed"
        elif kind == "region_typo":
            region_typo = rng.choice(["township", "village"])
        if kind == "mixed":
            style = rng.choice(["dashed", "fullwidth", "chinese", "terse"])
        names = city.names_of(a)
        typed_region = ""
        if region_typo:
            level_name = names[region_typo]
            suffix = next((s for s in REGION_SUFFIXES if level_name.endswith(s)), "")
            if len(level_name) - len(suffix) < 2:
                return None
            typed_region = typo(rng, level_name, keep_suffix=suffix)
            if (typed_region in city.region_names or any(c in typed_region[:-len(suffix)] for c in "区县镇乡村")
                    or getattr(parse("".join(names[lv] for lv in UPPER[:UPPER.index(region_typo)]) + typed_region
                                     + "红旗路1号"), region_typo) != typed_region):
                return None  # a real name, or one the parser would not read as that level

        def words(kept: list[str]) -> list[tuple[str, bool]]:
            return [(typed_region, True) if lv == region_typo else (names[lv], False) for lv in kept]

        minimal = kind in ("missing_upper", "dashed", "typo", "mixed", "short_dash", "region_typo", "estate_building",
                           "estate_dashed")
        options = [[], ["village"], ["township"], ["county"], ["township", "village"], ["county", "township"],
                   ["county", "township", "village"], list(UPPER)]
        if kind == "full":
            options = [list(UPPER)]
        elif kind in ("short_regions", "run_together_typo"):
            options = [o for o in options if {"county", "township"} & set(o) or "village" in o]
        elif region_typo:
            options = [o for o in options if region_typo in o]
        if not minimal:
            rng.shuffle(options)
        kept, fits = None, []
        for option in options:
            fits = city.fits(name, words(option), numbers, typo=road_typo)
            if [x.code for x in fits] == [a.code]:
                kept = option
                break
        if kept is None:
            return None
        upper = self.upper_text(a, kept, short=kind in ("short_regions", "run_together_typo"))
        if region_typo:
            upper = [typed_region if lv == region_typo else text for lv, text in
                     zip([lv for lv in UPPER if lv in kept], upper, strict=True)]
        typed_numbers = numbers_text(a, style, with_number=with_number)
        q = noisy(rng, [*upper, name, typed_numbers]) if kind in ("noise", "mixed") else "".join(
            [*upper, name, typed_numbers])
        return {"q": q, "expect": a.code, "kind": kind, "address": a.full_text}

    def tie(self, a: Addr, *, max_villages: int | None = None) -> dict[str, Any] | None:
        """The road and numbers as people write them, without regions, when they fit several
        addresses (as long as they lie in at most ``max_villages`` other villages)."""
        name = self.city.roads[a.road_id][0]
        fits = self.city.fits(name, [], (a.number, a.building, a.unit, a.room))
        villages = {x.region_code for x in fits} - {a.region_code}
        if len(fits) < 2 or (max_villages is not None and len(villages) > max_villages):
            return None
        q = name + numbers_text(a, "standard")
        return {"q": q, "expect": None, "kind": "tie", "address": a.full_text,
                "tied": sorted(x.code for x in fits)}

    def negatives(self, sample: list[Addr]) -> list[dict[str, Any]]:
        rng, city = self.rng, self.city
        out: list[dict[str, Any]] = []

        def add(kind: str, q: str) -> None:
            out.append({"q": q, "expect": None, "kind": kind, "address": ""})

        for fake in rng.sample(self.fake_roads, min(20, len(self.fake_roads))):
            a = rng.choice(sample)
            kept = rng.choice([[], ["township"], ["county", "township"]])
            add("no_such_road", "".join(self.upper_text(a, kept)) + fake + f"{rng.randint(1, 60)}号")
        for _ in range(15):
            a = rng.choice(sample)
            number = str(rng.randint(3000, 9000))
            kept = rng.choice([[], ["village"], ["township"]])
            add("no_such_number", "".join(self.upper_text(a, kept)) + city.roads[a.road_id][0] + f"{number}号")
        rooms = [a for a in sample if a.room]
        for _ in range(10 if rooms else 0):
            a = rng.choice(rooms)
            add("no_such_room", "".join(self.upper_text(a, ["township", "village"])) + city.roads[a.road_id][0]
                + numbers_text(Addr(a.code, a.region_code, a.road_id, a.number, a.building, a.unit, "9909", ""),
                               "standard"))
        counties = [code for code, (_, level, _) in city.regions.items() if level == "county"]
        made = 0
        for _ in range(200):
            if made == 12:
                break
            a = rng.choice(sample)
            county = rng.choice(counties)
            name = city.roads[a.road_id][0]
            near = {r for f in [name, *city.near_forms(name)] for r in city.typo_forms.get(f, ())}
            if any(city.roads[r][1].startswith(county[:6]) for r in near):
                continue
            add("wrong_county", city.regions[county][0] + name + numbers_text(a, "standard"))
            made += 1
        for q in OTHER_CITIES:
            add("other_city", q)
        for q in GARBAGE:
            add("garbage", q)
        return out


def village_addresses(codes: list[str]) -> list[Addr]:
    return [Addr(*row) for row in Address.objects.filter(region_code__in=codes, status=Address.Status.ACTIVE)
            .order_by("code").values_list("code", "region_code", "road_id", "number", "building", "unit", "room",
                                          "full_text")]


def generate(seed: int = EVAL_SEED) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(meta, items): the stored set, from ``VILLAGES`` random villages of the city."""
    city = City()
    rng = random.Random(seed)
    villages = sorted(code for code, (_, level, _) in city.regions.items() if level == "village"
                      and Road.objects.filter(region_code=code).exists())
    chosen = sorted(rng.sample(villages, VILLAGES))
    # Former names are rare (streets of a few communities): make sure some village has them.
    former = sorted({region for name, region, _, aliases in city.roads.values()
                     if any(a != strip_suffix(name, ROAD_SUFFIXES) for a in aliases)})
    if former and not set(former) & set(chosen):
        chosen = sorted([*chosen[1:], rng.choice(former)])
    sample = village_addresses(chosen)
    by_village = defaultdict(list)
    for a in sample:
        by_village[a.region_code].append(a)
    gen = Generator(city, rng)
    items: list[dict[str, Any]] = []
    for kind in POSITIVE_KINDS:
        made, tries = 0, 0
        pool = [v for v in chosen if v in former] if kind == "alias" else chosen
        while made < PER_KIND and tries < 20_000:
            tries += 1
            a = rng.choice(by_village[rng.choice(pool)])  # villages evenly, not by size
            item = gen.item(kind, a)
            if item is not None:
                items.append(item)
                made += 1
    needed = set(chosen)
    made, tries = 0, 0
    while made < TIES and tries < 5000:
        tries += 1
        a = rng.choice(by_village[rng.choice(chosen)])
        item = gen.tie(a, max_villages=MAX_TIED_VILLAGES)
        if item is not None:
            items.append(item)
            needed |= {code[:12] for code in item["tied"]}
            made += 1
    items.extend(gen.negatives(sample))
    return {"seed": SEED, "scale": SCALE, "villages": sorted(needed)}, items


def write(path: Path = PATH) -> int:
    meta, items = generate()
    with path.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"meta": meta}, ensure_ascii=False) + "\n")
        for item in items:
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")
    return len(items)


def read(path: Path = PATH) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    with path.open(encoding="utf-8") as fh:
        lines = [json.loads(line) for line in fh if line.strip()]
    return lines[0]["meta"], lines[1:]


def load(path: Path = PATH) -> list[dict[str, Any]]:
    return read(path)[1]


if __name__ == "__main__":
    print(f"{write()} items → {PATH}")
