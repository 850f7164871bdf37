"""The names, serials and sizes of the demo's roads and compounds, planned per naming scope.

The naming rules (地名管理条例 art. 11, and ``names/rules.py`` for the naming workflow): no two
roads, and no two compounds, of the same name in one township; and no two roads of the same
name among all the 街道 of one district or county (township codes 001–099), which form one
urban area. A road's aliases (its short form, a former name) count as names, as they do for the
workflow's uniqueness check, so they are kept unique too.

Names are therefore not drawn village by village but allocated over a whole county at once,
visiting its villages in code order (the 街道 first) and drawing from pools shuffled by (seed,
county). Street names (红旗路, 红旗东路…) are kept unique across the whole county, in its towns
too, which is more than the rule asks and spares people a road name that needs its region to
say which; the roads of a village in a 镇 or 乡 (its own 义皋路, its hamlets) need only be unique
in the township. The county's village list is the demo's own (``villages_at_scale`` of each of
its townships), and the road serials of a township are numbered over that list too, so a
village's roads and address quota depend only on (seed, scale, the village and its county),
never on which villages one ``build_places`` call is given: a test can build a few villages and
get exactly the rows the full build has for them.

One exception is planted on purpose: some villages carry a duplicated legacy record of their
busiest road (``VillagePlan.twin``), what a merge of old registers leaves behind, for the
data-quality report to find.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from minzheng.core.synthetic import names as demo_names
from minzheng.core.synthetic.regions import township_weights, villages_at_scale
from minzheng.places.addresses.models import Road

ADDRESSES_AT_FULL_SCALE = 2_170_000
# On top of its quota a village gets split-off houses (18-1号) and, sometimes, a duplicated
# legacy road record: measured at scale 1.0 that is 3.2% more (2,241,000 for 2,170,000).
QUOTA_OVERHEAD = 1.032
DUPLICATE_VILLAGE_SHARE = 0.25  # villages that carry a duplicated legacy road record
ALIAS_SHARE = 0.18  # roads that people also know by a short form
FORMER_NAME_SHARE = 0.06  # streets that also keep a former name
TOWNSHIP_KINDS = {"0": "街道", "1": "镇", "2": "乡"}  # by the first digit of the township number

# Streets of the city and the county towns. Heads take one of several generics (红旗路,
# 红旗东路, 红旗街…); a few old streets keep their own name as a whole.
OLD_STREETS = ["衣裳街", "南街", "北街", "东街", "西街", "府庙街", "马军巷", "百花巷", "平安巷", "小西街", "北塘巷",
               "县前街", "仓前街", "塔下街", "北门街", "南门街", "竹安巷", "金婆弄", "状元弄", "馆驿河头"]
STREET_HEADS = ["红旗", "人民", "凤凰", "青铜", "劳动", "吉山", "龙溪", "苕溪", "太湖", "米兰", "爱山", "解放", "北门", "仁皇山", "金盖山", "西山", "莲花庄", "清源", "飞英", "朝阳", "月河", "车站", "体育场", "青塘", "新华", "湖东", "天目", "递铺", "昌硕", "灵峰", "孝源", "武康", "英溪", "舞阳", "画溪", "雉州", "明珠", "学士", "府庙", "环城", "二环", "外环", "市陌", "孔家浜", "长中", "湖州", "南太湖", "滨湖", "织里", "大港", "湖织", "丝绸", "湖笔", "白鱼潭", "潘公桥", "骆驼桥", "红丰", "景湖", "碧浪", "苕南", "弁南", "东林", "霅溪", "吴兴", "乌程", "苍山", "道场", "岘山", "弁山", "长岛", "梧桐", "康山", "杨家埠", "环渚", "金洲", "甘泉", "潮音", "妙山", "仁北", "龙王山", "渔溪", "三天门", "黄龙洞", "鹿山", "戴山", "菰城", "下昂", "东吴", "振兴", "创业", "文教", "园丁", "广场", "兴业", "金鹰", "浔溪", "頔塘", "嘉业", "百间楼", "适园", "人瑞", "宝善", "洪济", "年丰", "千金", "菱湖", "练市", "善琏", "含山", "千秋", "志远", "秋山", "云岫", "武源", "北湖", "中兴", "长虹", "龙山", "雉城", "金陵", "县前", "小浦", "泗安", "煤山", "林城", "吕山", "洪桥", "胥仓", "城南", "城北", "城东", "城西", "灵芝", "浦源", "玉磬", "晓墅", "孝丰", "天荒坪", "迎宾", "良朋", "塘浦", "溪龙", "莫干山", "新市", "乾元", "洛舍", "钟管", "禹越", "雷甸", "阜溪", "余英", "对河口", "东衡", "仙潭", "防风", "下渚湖", "封山", "塔山", "丰收", "同心", "学府", "文昌", "状元", "书院", "紫金", "金桥", "银桥", "玉兰", "海棠", "丁莲", "双林", "杨柳", "紫云", "碧玉", "锦绣", "长安", "康宁", "吉祥", "幸福", "友谊", "南浔", "东迁", "马腰", "旧馆", "横街", "含山塘", "虹星桥", "和睦桥", "李家巷", "夹浦", "水口", "画溪桥", "太傅", "经一", "纬二", "港湾", "海洋", "光耀", "金山", "上强", "燕子", "三友", "永福", "凤鸣", "昆铜", "天子岗", "鄣吴", "杭垓", "上墅", "报福", "章村", "溪南", "皈山", "高禹", "梅园", "桂花"]
# Generics in the order they are handed out: every head as a 路 first, then its directional
# variants and a 街, then the rarer 巷 and 大道.
DIRECTIONS = set("东西南北中")
STREET_GENERICS = (("路",), ("东路", "西路", "南路", "北路", "中路", "街"), ("巷", "大道"))
# Names roads had before (most were renamed back in the 1980s); old people still say them.
FORMER_HEADS = ["东风", "反修", "工农", "胜利", "建设", "前进", "向阳", "跃进", "红卫", "卫东", "立新"]
ESTATE_HEADS = ["凤凰", "碧浪", "金色", "南山", "爱山", "仪凤", "江南", "太湖", "东方", "西城", "水岸", "翠苑", "玉湖", "湖滨", "锦绣", "紫金", "银泰", "龙溪", "月河", "弁山", "苕溪", "青塘", "香樟", "金地", "望湖", "凯旋", "阳光", "春江", "翡翠", "御景", "紫薇", "清华", "丽景", "金都", "天和", "绿城", "滨江", "蓝天", "白云", "绿洲", "碧水", "星辰", "明月", "春晖", "秋霞", "宏达", "东湖", "西湖", "南湖", "骆驼", "仁皇", "吉山", "莲花", "桂苑", "兰亭", "枫林", "银杏", "香溪", "柳岸", "水晶", "月亮湾", "玫瑰", "金茂", "万家", "安居", "康乐", "和美", "新都", "龙湖", "弁阳", "霅川", "府前", "学苑", "文苑", "红丰", "景湖", "飞英", "青铜", "朝阳", "仁北", "滨河", "中央", "天元", "华庭", "荷塘", "梧桐", "芙蓉"]
ESTATE_TAILS = ("新村", "小区", "花园", "家园", "苑", "公寓", "嘉园", "华庭", "名苑", "雅苑")
HAMLET_TAILS = ("家埭", "家兜", "家浜", "家湾", "家墩", "家坞", "家村", "家桥", "家头", "家庄", "家港", "家漾", "家塘",
                "家圩", "家里", "家弄")
VILLAGE_ROAD_TAILS = ("路", "大道", "街")
# The generics a short form drops (红旗路 → 红旗, 碧浪花园 → 碧浪), longest first; a directional
# street keeps its name (红旗东路 has no short form: 红旗东 is nobody's word).
GENERIC_SUFFIXES = ("大道", "大街", "小区", "新村", "花园", "家园", "嘉园", "华庭", "名苑", "雅苑", "公寓", "路", "街",
                    "巷", "苑")



def _not_a_naming_name(head: str) -> bool:
    # The place-names demo names rural roads from two characters of FIRST and SECOND; keeping
    # those out of these pools means neither demo can take a name the other one has.
    return not (len(head) == 2 and head[0] in demo_names.RURAL_ROAD_FIRST and head[1] in demo_names.RURAL_ROAD_SECOND)


def _street_tiers() -> list[list[str]]:
    heads = [h for h in dict.fromkeys(STREET_HEADS) if h not in FORMER_HEADS and _not_a_naming_name(h)]
    # 城东 takes no 东路 or 西路: 城东东路 is nobody's street.
    tiers = [[h + g for h in heads for g in generics if g == "路" or not (g[0] in DIRECTIONS and h[-1] in DIRECTIONS)]
             for generics in STREET_GENERICS]
    tiers[0] = OLD_STREETS + tiers[0]
    return [list(dict.fromkeys(t)) for t in tiers]


STREET_TIERS = _street_tiers()
ESTATE_NAMES = [h + t for h in dict.fromkeys(ESTATE_HEADS) for t in ESTATE_TAILS]
HAMLET_NAMES = [s + t for s in demo_names.SURNAMES[:60] if len(s) == 1 for t in HAMLET_TAILS]


@dataclass(frozen=True)
class PlannedRoad:
    name: str
    kind: str  # Road.Kind
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class VillagePlan:
    code: str
    name: str
    kind: str  # 社区 or 村
    quota: int  # addresses, before split-off houses and the twin's
    streets: tuple[PlannedRoad, ...]
    compounds: tuple[PlannedRoad, ...]
    first_serial: int  # the serial of the first street; compounds follow, then the twin
    twin: bool  # carries a duplicated legacy record of its busiest road

    @property
    def roads(self) -> tuple[PlannedRoad, ...]:
        return self.streets + self.compounds

    def road_code(self, index: int) -> str:
        return f"{self.code}{self.first_serial + index:04d}"

    @property
    def twin_code(self) -> str:
        return self.road_code(len(self.roads))

    @property
    def serials(self) -> int:
        return len(self.roads) + self.twin


@dataclass(frozen=True)
class Wanted:
    """A village as a caller describes it: what the plan needs of one outside the demo layout."""
    code: str
    name: str
    kind: str
    weight: float
    roads: tuple[str, ...] = ()
    estates: tuple[str, ...] = ()


@dataclass(frozen=True)
class Township:
    code: str  # 12 digits
    kind: str  # 街道, 镇 or 乡


def scope_of(code: str) -> str:
    """The naming scope of a village or township code: its county."""
    return code[:6]


def township_kind(code: str) -> str:
    return TOWNSHIP_KINDS.get(code[6], "镇")


class _Pool:
    """Names handed out in a shuffled order, skipping those already taken."""

    def __init__(self, rng: random.Random, tiers: Sequence[Sequence[str]]) -> None:
        self._names = self._order(rng, tiers)

    @staticmethod
    def _order(rng: random.Random, tiers: Sequence[Sequence[str]]) -> Iterator[str]:
        for tier in tiers:
            shuffled = list(tier)
            rng.shuffle(shuffled)
            yield from shuffled

    def next(self, free: Callable[[str], bool]) -> str | None:
        for name in self._names:
            if free(name):
                return name
        return None


class _Scope:
    """The names taken in one scope: every name and alias per township, and the road names
    that must be unique across the whole county (``wide``)."""

    def __init__(self, seed: int, scope: str) -> None:
        self.rng = random.Random(f"minzheng-places-names:{seed}:{scope}")
        self.streets = _Pool(self.rng, STREET_TIERS)
        self.seed = seed
        self.county_names: set[str] = set()
        self.township_names: dict[str, set[str]] = {}
        self.estates: dict[str, _Pool] = {}
        self.hamlets: dict[str, _Pool] = {}

    def _taken(self, township: str) -> set[str]:
        return self.township_names.setdefault(township, set())

    def free(self, name: str, township: str, wide: bool) -> bool:
        return name not in self._taken(township) and not (wide and name in self.county_names)

    def claim(self, name: str, township: str, wide: bool) -> bool:
        if not name or not self.free(name, township, wide):
            return False
        self._taken(township).add(name)
        if wide:
            self.county_names.add(name)
        return True

    def pool(self, which: str, township: str) -> _Pool:
        pools, names = (self.estates, ESTATE_NAMES) if which == "estates" else (self.hamlets, HAMLET_NAMES)
        if township not in pools:
            pools[township] = _Pool(random.Random(f"minzheng-places-{which}:{self.seed}:{township}"), [names])
        return pools[township]

    def road(self, name: str, township: str, kind: str, wide: bool, *, aliases: bool = True) -> PlannedRoad:
        return PlannedRoad(name=name, kind=kind, aliases=self.aliases(name, township, wide) if aliases else ())

    def aliases(self, name: str, township: str, wide: bool) -> tuple[str, ...]:
        roll = self.rng.random()
        if roll > ALIAS_SHARE:
            return ()
        generic = next((g for g in GENERIC_SUFFIXES if name.endswith(g) and len(name) - len(g) >= 2), "")
        out = []
        if generic and name[-len(generic) - 1] not in DIRECTIONS:
            out.append(name[: -len(generic)])
        if roll < FORMER_NAME_SHARE and generic in ("路", "街", "大道"):  # streets were renamed, hamlets not
            out.append(self.rng.choice(FORMER_HEADS) + generic)
        return tuple(a for a in out if self.claim(a, township, wide))

    def pick(self, preferred: Iterable[str], count: int, township: str, kind: str, *, wide: bool,
             pool: _Pool | None, aliases: bool = True) -> list[PlannedRoad]:
        """``count`` names: the preferred ones still free, then ones drawn from ``pool``."""
        out: list[PlannedRoad] = []
        for name in preferred:
            if len(out) < count and self.claim(name, township, wide):
                out.append(self.road(name, township, kind, wide, aliases=aliases))
        while pool is not None and len(out) < count:
            drawn = pool.next(lambda n: self.free(n, township, wide))
            if drawn is None:  # the pool is spent: a smaller village, never a repeated name
                break
            self.claim(drawn, township, wide)
            out.append(self.road(drawn, township, kind, wide))
        return out


def _plan_scope(seed: int, scope: str, villages: Sequence[Wanted]) -> dict[str, tuple[tuple[PlannedRoad, ...],
                                                                                         tuple[PlannedRoad, ...], bool]]:
    """(streets, compounds, twin) of every village of a scope, visited in the order given."""
    state = _Scope(seed, scope)
    rng = state.rng
    out = {}
    for village in villages:
        township = village.code[:9]
        urban = township[6] == "0"  # a 街道: every road is unique across the county's 街道
        compounds: list[PlannedRoad] = []
        if village.kind == "社区":
            streets = state.pick(village.roads, len(village.roads) or rng.randint(3, 5), township, Road.Kind.ROAD,
                                 wide=True, pool=state.streets)
            compounds = state.pick(village.estates, len(village.estates) or rng.randint(2, 4), township,
                                   Road.Kind.COMPOUND, wide=False, pool=state.pool("estates", township))
        else:
            # The village's own road (义皋路), then its hamlets (自然村).
            short = village.name.removesuffix("村")
            own = [short + tail for tail in VILLAGE_ROAD_TAILS] if short else []
            # Its short form would be the village's own name (义皋), so it gets none.
            streets = state.pick(own, 1, township, Road.Kind.ROAD, wide=urban, pool=None, aliases=False)
            streets += state.pick(village.roads, len(village.roads) or rng.randint(4, 7), township, Road.Kind.ROAD,
                                  wide=urban, pool=state.pool("hamlets", township))
        twin = rng.random() < DUPLICATE_VILLAGE_SHARE
        out[village.code] = (tuple(streets), tuple(compounds), twin)
    return out


def _layout(code: str, kind: str, scale: float) -> list[Wanted]:
    return [Wanted(v.code, v.name, v.kind, v.weight, v.roads, v.estates)
            for v in villages_at_scale(code, kind, scale)]


def plan_villages(*, villages: Sequence[Wanted], scale: float, seed: int, townships: Sequence[Township],
                  whole_scopes: bool = False) -> dict[str, VillagePlan]:
    """The plan of each of ``villages`` (the roads each gets, their serials, its address
    quota), computed over the whole scope of each, as the demo lays it out at ``scale``;
    with ``whole_scopes``, the plans of every village of those scopes. ``townships`` are
    every township of the city (they set each one's share of the addresses). A village
    outside the demo's layout is planned after the layout's villages of its township, from
    what it says of itself."""
    kinds = {t.code[:9]: t.kind for t in townships}
    weights = township_weights([(t.code, t.kind, t.code[:6]) for t in townships])
    share = {code[:9]: w for code, w in weights.items()}
    total = ADDRESSES_AT_FULL_SCALE * scale / QUOTA_OVERHEAD
    wanted_scopes = {scope_of(v.code) for v in villages}
    in_scope: dict[str, list[str]] = {}
    for prefix in sorted(set(kinds) | {v.code[:9] for v in villages}):
        if scope_of(prefix + "000") in wanted_scopes:
            in_scope.setdefault(scope_of(prefix + "000"), []).append(prefix)
    out: dict[str, VillagePlan] = {}
    for scope, prefixes in in_scope.items():
        members: list[Wanted] = []
        by_township: dict[str, list[Wanted]] = {}
        weight_of: dict[str, float] = {}
        for prefix in prefixes:
            layout = _layout(prefix + "000", kinds.get(prefix) or township_kind(prefix + "000"), scale)
            known = {v.code for v in layout}
            extras = sorted((v for v in villages if v.code[:9] == prefix and v.code not in known), key=lambda v: v.code)
            by_township[prefix] = layout + list({v.code: v for v in extras}.values())
            members += by_township[prefix]
            weight_of[prefix] = sum(v.weight for v in layout) or sum(v.weight for v in extras) or 1.0
        names = _plan_scope(seed, scope, members)
        for prefix, township_villages in by_township.items():
            serial = 1
            per_village = total * share.get(prefix, 1 / max(1, len(share))) / weight_of[prefix]
            for v in township_villages:
                streets, compounds, twin = names[v.code]
                plan = VillagePlan(code=v.code, name=v.name, kind=v.kind, quota=max(2, round(per_village * v.weight)),
                                   streets=streets, compounds=compounds, first_serial=serial, twin=twin)
                serial += plan.serials
                out[v.code] = plan
    return out if whole_scopes else {v.code: out[v.code] for v in villages}

