"""Generate the labelled evaluation set of the address matcher: ``eval_set.jsonl``.

    .venv/bin/python -m tests.places.matching.make_eval_set

Each line is ``{"q": messy text, "expect": address code or null, "kind": variation, "address":
the standard text}``. The inputs come from the evaluation world (``world.EVAL``), with the
variations people really type: upper levels left out, 18-3-2-501 numbers, full-width digits,
Chinese numerals, aliases and suffix-less names, noise, one-character typos, estates by
building, short region names, and mixes of these. The negatives name roads that do not exist,
numbers a road does not have, rooms a building does not have, roads in the wrong county, other
cities, and garbage.

The labels are decided here, from the world description, not by the matcher: an input is
labelled with an address only when its words identify that address alone (otherwise more upper
levels are kept until they do). Deterministic: the same seed writes the same file.
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

from minzheng.core.regions import scope_prefix
from minzheng.places.matching.keys import REGION_SUFFIXES, ROAD_SUFFIXES, strip_suffix
from minzheng.places.parsing import normalize
from tests.places.matching import world as synthetic

PATH = Path(__file__).with_name("eval_set.jsonl")
SEED = 20240601
POSITIVES = 600
UPPER = ("city", "county", "township", "village")
FULL_WIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")
CN_DIGITS = "零一二三四五六七八九"
# Characters that get typed for one another (sound or shape), and a pool for the rest.
CONFUSIONS = {"旗": "棋", "凤": "风", "凰": "皇", "溪": "西", "青": "清", "铜": "同", "劳": "牢", "湖": "胡",
              "环": "还", "城": "成", "龙": "隆", "苕": "召", "阳": "杨", "河": "和", "塘": "堂", "园": "圆",
              "苑": "院", "花": "华", "新": "心", "村": "存", "家": "佳", "桥": "乔", "山": "衫", "路": "陆",
              "街": "阶", "浜": "滨", "埭": "代", "兜": "斗", "湾": "弯", "墩": "敦", "坞": "乌", "港": "巷"}
POOL = "东南西北中上下大小新老金银玉石林森江河湖海天地日月星云风雨春夏秋冬安平和兴"
FAKE_HEADS = ["建设", "胜利", "光明", "学院", "文化", "中山", "延安", "北京", "南京", "上海", "中华", "新民", "民主", "长江", "黄河", "复兴", "兴华", "育才", "科技", "工业", "商业", "创业", "滨江", "拱宸", "钱江", "之江", "西溪", "文三", "文二", "教工", "求是", "浙大", "黄龙", "曙光", "保俶"]
OTHER_CITIES = [
    "杭州市西湖区文三路100号", "杭州市西湖区红旗路18号", "杭州市上城区解放路88号", "嘉兴市南湖区人民路18号",
    "上海市黄浦区南京东路1号", "北京市朝阳区建国路88号", "绍兴市越城区解放北路5号", "宁波市海曙区中山西路3号",
    "江苏省苏州市姑苏区人民路1号", "安徽省宣城市广德市凤凰路8号", "杭州市余杭区凤凰路12号", "嘉兴市桐乡市青铜路2号",
    "苏州市吴江区太湖路6号", "南京市鼓楼区北京西路1号", "宁波市鄞州区朝阳路20号", "上海市松江区新华路3号1幢101室",
]
GARBAGE = ["随便写写", "12345", "湖州", "ABCDEF", "哈哈哈哈", "请问低保怎么申请", "18号3幢501室", "-", "附近",
           "湖州市吴兴区", "爱山街道仪凤桥社区"]


@dataclass
class Place:
    road: synthetic.Road
    address: synthetic.Addr
    names: dict[str, str]  # level → region name


class Oracle:
    """Which addresses a set of words identifies in the world, read the way a person would."""

    def __init__(self, world: synthetic.World) -> None:
        self.world = world
        self.by_road: dict[str, list[synthetic.Addr]] = defaultdict(list)
        for a in synthetic.all_addresses(world):
            self.by_road[a.road_code].append(a)
        self.forms: dict[str, set[str]] = {}  # road code → the names it answers to
        for road in world.roads:
            forms = {normalize(road.name), *(normalize(x) for x in road.aliases)}
            forms |= {strip_suffix(f, ROAD_SUFFIXES) for f in forms} - {""}
            self.forms[road.code] = forms
        self.all_forms = set().union(*self.forms.values())
        self.region_names: dict[str, set[str]] = defaultdict(set)  # name or short name → codes
        for code, (name, *_rest) in world.regions.items():
            self.region_names[name].add(code)
            short = strip_suffix(name, REGION_SUFFIXES)
            if short:
                self.region_names[short].add(code)

    def roads_named(self, name: str, *, typo: bool) -> list[synthetic.Road]:
        exact = [r for r in self.world.roads if name in self.forms[r.code]]
        if exact or not typo:
            return exact
        return [r for r in self.world.roads if any(_distance_one(name, f) for f in self.forms[r.code])]

    def identifies(self, target: synthetic.Addr, name: str, regions: list[str], *, typo: bool = False,
                   no_number: bool = False) -> bool:
        prefixes = [{_prefix(c) for c in self.region_names[r]} for r in regions]
        matches = []
        for road in self.roads_named(name, typo=typo):
            if not all(any(road.region_code.startswith(p) for p in ps) for ps in prefixes):
                continue
            for a in self.by_road[road.code]:
                if (no_number or a.number == target.number) and (a.building, a.unit, a.room) == (
                        target.building, target.unit, target.room):
                    matches.append(a.code)
        return matches == [target.code]

    def anything(self, name: str, number: str, regions: list[str]) -> bool:
        """Whether a road answering to ``name`` (or one typo away), in those regions, has that number."""
        prefixes = [{_prefix(c) for c in self.region_names[r]} for r in regions]
        for road in self.roads_named(name, typo=True):
            if all(any(road.region_code.startswith(p) for p in ps) for ps in prefixes) and any(
                    a.number == number for a in self.by_road[road.code]):
                return True
        return False


def _prefix(code: str) -> str:
    return scope_prefix(code)


def _distance_one(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


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


def numbers_text(a: synthetic.Addr, style: str, *, with_number: bool = True) -> str:
    n, b, u, r = a.number, a.building, a.unit, a.room
    if style == "dashed" and b:
        parts = ([n] if with_number else []) + [b] + ([u] if u else []) + [r]
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


def typo(rng: random.Random, name: str) -> str:
    i = rng.randrange(len(name))
    roll = rng.random()
    if roll < 0.6:
        ch = CONFUSIONS.get(name[i]) or rng.choice(POOL)
        return name[:i] + ch + name[i + 1:]
    if roll < 0.8 and len(name) >= 4:
        return name[:i] + name[i + 1:]
    return name[:i] + rng.choice(POOL) + name[i:]


def noisy(rng: random.Random, parts: list[str]) -> str:
    seps = [" ", "，", " ", "、", "  ", ""]
    text = parts[0]
    for part in parts[1:]:
        text += rng.choice(seps) + part
    return rng.choice(["", "（", " "]) + text + rng.choice(["附近", " 附近", "旁边", "！", "。", " 门口", "）"])


def generate(seed: int = SEED) -> list[dict[str, object]]:
    world = synthetic.describe(synthetic.EVAL)
    oracle = Oracle(world)
    rng = random.Random(seed)
    items: list[dict[str, object]] = []
    road_by_code = {r.code: r for r in world.roads}
    every = [a for r in world.roads for a in oracle.by_road[r.code]]
    # Flats outnumber houses; draw houses (no building) half of the time all the same.
    houses = [a for a in every if not a.building]

    def names_of(a: synthetic.Addr) -> dict[str, str]:
        village = world.regions[a.region_code]
        township = world.regions[village[3]]
        county = world.regions[township[3]]
        return {"city": world.regions[county[3]][0], "county": county[0], "township": township[0], "village": village[0]}

    def levels_for(a: synthetic.Addr, name: str, *, minimal: bool, **kw: bool) -> list[str] | None:
        """Upper levels to keep: as few as identify the address (``minimal``), or a random choice
        among those that do."""
        names = names_of(a)
        options = [[], ["village"], ["township"], ["county"], ["township", "village"], ["county", "township"],
                   ["county", "township", "village"], list(UPPER)]
        if not minimal:
            rng.shuffle(options)
        for kept in options:
            if oracle.identifies(a, normalize(name), [names[level] for level in kept], **kw):
                return kept
        return None

    def add(kind: str, a: synthetic.Addr, q: str) -> None:
        items.append({"q": q, "expect": a.code, "kind": kind, "address": a.full_text})

    def upper_text(a: synthetic.Addr, kept: list[str], *, short: bool = False) -> list[str]:
        names = names_of(a)
        return [(strip_suffix(names[lv], REGION_SUFFIXES) or names[lv]) if short and lv != "village" else names[lv]
                for lv in UPPER if lv in kept]

    plan = ["full", "missing_upper", "dashed", "fullwidth", "chinese", "alias", "short_name", "noise", "typo",
            "estate_building", "estate_dashed", "short_regions", "mixed", "run_together_typo"]
    per_kind = POSITIVES // len(plan) + 1
    for kind in plan:
        made, tries = 0, 0
        while made < per_kind and tries < 5000:
            tries += 1
            a = rng.choice(every if kind in ("dashed", "estate_building", "estate_dashed") or rng.random() < 0.5
                           else houses)
            road = road_by_code[a.road_code]
            name, style, kw, with_number = road.name, "standard", {}, True
            if kind in ("dashed", "mixed") and not a.building:
                continue
            if kind == "dashed":
                style = "dashed"
            elif kind == "fullwidth":
                style = "fullwidth"
            elif kind == "chinese":
                style = "chinese"
            elif kind == "alias":
                if not road.aliases:
                    continue
                name = road.aliases[0]
            elif kind == "short_name":
                name = strip_suffix(road.name, ROAD_SUFFIXES)
                if not name:
                    continue
            elif kind in ("typo", "run_together_typo"):
                if len(road.name) < 3:
                    continue
                name = typo(rng, road.name)
                if normalize(name) in oracle.all_forms or any(
                        _distance_one(normalize(name), f) for r in world.roads if r.name != road.name
                        for f in oracle.forms[r.code]):
                    continue  # the typo makes another real name, or one a typo away from it
                kw = {"typo": True}
            elif kind in ("estate_building", "estate_dashed"):
                if road.kind != "compound":
                    continue
                with_number, kw = False, {"no_number": True}
                style = "dashed" if kind == "estate_dashed" else style
            elif kind == "mixed":
                name = typo(rng, road.name) if len(road.name) >= 3 and rng.random() < 0.5 else road.name
                if name != road.name:
                    if normalize(name) in oracle.all_forms or any(
                            _distance_one(normalize(name), f) for r in world.roads if r.name != road.name
                            for f in oracle.forms[r.code]):
                        continue
                    kw = {"typo": True}
                style = rng.choice(["dashed", "fullwidth", "chinese", "terse"])
            kept = levels_for(a, name, minimal=kind in ("missing_upper", "dashed", "typo", "mixed"), **kw)
            if kept is None:
                continue
            if kind == "full":
                if kept != list(UPPER) and not oracle.identifies(a, name, [names_of(a)[lv] for lv in UPPER]):
                    continue
                kept = list(UPPER)
            if kind == "short_regions" and not {"county", "township"} & set(kept):
                continue  # nothing to shorten
            if kind == "run_together_typo" and not {"township", "village"} & set(kept):
                continue  # regions run together with the road: there must be some
            upper = upper_text(a, kept, short=kind in ("short_regions", "run_together_typo"))
            numbers = numbers_text(a, style, with_number=with_number)
            if kind in ("noise", "mixed"):
                q = noisy(rng, [*upper, name, numbers])
            else:
                q = "".join([*upper, name, numbers])
            add(kind, a, q)
            made += 1

    items.extend(negatives(rng, world, oracle, every, names_of))
    return items


def negatives(rng: random.Random, world: synthetic.World, oracle: Oracle, every: list[synthetic.Addr],
              names_of) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    out: list[dict[str, object]] = []

    def add(kind: str, q: str) -> None:
        out.append({"q": q, "expect": None, "kind": kind, "address": ""})

    region_names = set(oracle.region_names)
    # Roads that do not exist: at least two edits from every real name, alias or short form.
    fakes = [h + s for h in FAKE_HEADS for s in ("路", "街", "大道", "小区")]
    fakes = [f for f in fakes if f not in region_names and not any(
        f == g or _distance_one(f, g) for g in oracle.all_forms)]
    rng.shuffle(fakes)
    for fake in fakes[:20]:
        a = rng.choice(every)
        upper = rng.choice([[], ["township"], ["county", "township"]])
        names = names_of(a)
        add("no_such_road", "".join(names[lv] for lv in upper) + fake + f"{rng.randint(1, 60)}号")
    # Numbers that no road of that name has (in the regions named).
    made = 0
    while made < 15:
        a = rng.choice(every)
        road = next(r for r in world.roads if r.code == a.road_code)
        number = str(rng.randint(300, 900))
        upper = rng.choice([[], ["village"], ["township"]])
        names = names_of(a)
        if oracle.anything(normalize(road.name), number, [names[lv] for lv in upper]):
            continue
        add("no_such_number", "".join(names[lv] for lv in upper) + road.name + f"{number}号")
        made += 1
    # Rooms that a building does not have.
    made = 0
    while made < 10:
        a = rng.choice(every)
        if not a.room:
            continue
        road = next(r for r in world.roads if r.code == a.road_code)
        names = names_of(a)
        add("no_such_room", names["township"] + names["village"] + road.name
            + numbers_text(synthetic.Addr(a.code, a.region_code, a.road_code, a.number, a.building, a.unit, "9909",
                                          a.full_text), "standard"))
        made += 1
    # A real road, in a county that has no road of that name (nor one a typo away).
    counties = {code: r[0] for code, r in world.regions.items() if r[1] == "county"}
    made = 0
    while made < 12:
        a = rng.choice(every)
        road = next(r for r in world.roads if r.code == a.road_code)
        county = rng.choice(sorted(counties))
        if oracle.roads_named(normalize(road.name), typo=True) and any(
                r.region_code.startswith(county[:6]) for r in oracle.roads_named(normalize(road.name), typo=True)):
            continue
        add("wrong_county", counties[county] + road.name + numbers_text(a, "standard"))
        made += 1
    for q in OTHER_CITIES:
        add("other_city", q)
    for q in GARBAGE:
        add("garbage", q)
    return out


def write(path: Path = PATH) -> int:
    items = generate()
    with path.open("w", encoding="utf-8") as fh:
        for item in items:
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")
    return len(items)


def load(path: Path = PATH) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


if __name__ == "__main__":
    print(f"{write()} items → {PATH}")
