"""Demo data for place names: a year of rural road and bridge naming, the city's place-name
heritage list, and the year's countable place-name work.

``build_place_names`` is deterministic (names come from ``random.Random`` streams keyed by the
seed and the township code) and idempotent (it tops each township up to its share and never
duplicates: the live-name unique index and the work/heritage unique constraints hold the line).
It writes in bulk: one ``bulk_create`` of roads and one of proposals per township, however
many names. The rows are seed data, so they carry no per-row audit entries; what staff do with
them afterwards is audited as usual.

Figures at scale 1.0 follow the bureau's 2024 summary: 2,566 rural roads and bridges named
(only in 镇 and 乡, the rural townships), 23 signage products, 2 culture routes, 5 culture
halls (fixed, not scaled), and the third batch of the heritage list published in 2024.
Heritage coordinates are approximate (to a few hundred metres), enough for a map link.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Count

from minzheng.core.models import Region, User
from minzheng.core.regions import Level
from minzheng.core.scope import Scope
from minzheng.core.synthetic import names
from minzheng.places import codes
from minzheng.places.addresses.models import Road
from minzheng.places.addresses.services import lock_township, next_road_serials
from minzheng.places.matching import road_names_rebuild
from minzheng.places.names.models import HeritageBatch, HeritageEntry, NamingProposal, PlaceNameWork
from minzheng.places.pinyin import place_name_pinyin

ROADS_NAMED_2024 = 2566
MIN_PROPOSALS = 8
BRIDGE_SHARE = 0.15
RURAL_KINDS = ("镇", "乡")
SYSTEM_USERNAME = "minzheng-system"
TZ = ZoneInfo("Asia/Shanghai")

# Proper names of the 乡村著名行动 kind: two characters of crops, water, seasons and virtues.
FIRST, SECOND = names.RURAL_ROAD_FIRST, names.RURAL_ROAD_SECOND
ROAD_SUFFIXES = (("路", 70), ("线", 10), ("街", 8), ("巷", 7), ("道", 5))
REASONS = {
    NamingProposal.Kind.ROAD: "乡村著名行动：该道路连接{village}各自然村，原无正式名称，群众出行和快递投递不便，"
                              "拟按当地风物命名，便于导航和门牌编制。",
    NamingProposal.Kind.BRIDGE: "乡村著名行动：该桥梁位于{village}，为村民日常通行要道，原无正式名称，"
                                "拟命名并设置标志，便于识别和管理养护。",
}

Progress = Callable[[int, int], None]


def _system_user() -> User:
    """The account that seed data is filed under: inactive, no password, no region."""
    user, created = User.objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"display_name": "系统（演示数据）", "is_active": False})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _shares(weights: dict[str, int], total: int) -> dict[str, int]:
    """``total`` split in proportion to ``weights``, largest remainders first, summing exactly."""
    whole = sum(weights.values()) or 1
    raw = {code: total * w / whole for code, w in weights.items()}
    out = {code: int(v) for code, v in raw.items()}
    left = total - sum(out.values())
    for code in sorted(raw, key=lambda c: (out[c] - raw[c], c))[:left]:
        out[code] += 1
    return out


def _candidates(rng: random.Random, kind: str) -> list[str]:
    propers = [a + b for a in FIRST for b in SECOND if a != b]
    rng.shuffle(propers)
    if kind == NamingProposal.Kind.BRIDGE:
        return [p + "桥" for p in propers]
    suffixes, weights = zip(*ROAD_SUFFIXES, strict=True)
    return [p + rng.choices(suffixes, weights)[0] for p in propers]


def _moment(rng: random.Random, year: int) -> tuple[dt.datetime, dt.datetime, dt.datetime, dt.date]:
    """Filed, reviewed, approved (all in ``year``) and published a few days later."""
    approved = dt.datetime(year, 1, 1, 9, tzinfo=TZ) + dt.timedelta(days=rng.randint(30, 340),
                                                                    minutes=rng.randint(0, 480))
    reviewed = approved - dt.timedelta(days=rng.randint(3, 12), minutes=rng.randint(0, 300))
    filed = reviewed - dt.timedelta(days=rng.randint(2, 15), minutes=rng.randint(0, 300))
    published = (approved + dt.timedelta(days=rng.randint(1, 14))).date()
    return filed, reviewed, approved, min(published, dt.date(year, 12, 31))


def _township_names(*, seed: int, township: str, year: int, roads: int, bridges: int,
                    taken: dict[str, set[str]]) -> list[tuple[str, str]]:
    rng = random.Random(f"minzheng-demo-names:{seed}:{year}:{township}")
    out = []
    for kind, wanted in ((NamingProposal.Kind.ROAD, roads), (NamingProposal.Kind.BRIDGE, bridges)):
        for name in _candidates(rng, kind):
            if wanted <= 0:
                break
            if name in taken[kind]:
                continue
            taken[kind].add(name)
            out.append((kind, name))
            wanted -= 1
    return out


@transaction.atomic
def _build_township(*, seed: int, year: int, township: Region, villages: list[str], target: int,
                    actor: User) -> tuple[int, int]:
    """Top the township up to ``target`` published names in ``year``. Returns (proposals,
    roads) created."""
    existing = NamingProposal.objects.filter(region_code=township.code, status=NamingProposal.Status.PUBLISHED,
                                             approved_at__year=year).count()
    need = target - existing
    if need <= 0:
        return 0, 0
    scope = Scope(prefix=township.code[:9])
    taken: dict[str, set[str]] = {NamingProposal.Kind.ROAD: set(), NamingProposal.Kind.BRIDGE: set()}
    for kind, name in (NamingProposal.objects.filter(region_code=township.code)
                       .exclude(status=NamingProposal.Status.REJECTED).values_list("kind", "name")):
        taken[kind].add(name)
    # A road's aliases count as its names for the naming rules, so a new name may not be one.
    for name, aliases in Road.objects.filter(scope.as_q()).values_list("name", "aliases"):
        taken[NamingProposal.Kind.ROAD].add(name)
        taken[NamingProposal.Kind.ROAD].update(aliases or ())
    bridges = round(need * BRIDGE_SHARE)
    names = _township_names(seed=seed, township=township.code, year=year, roads=need - bridges, bridges=bridges,
                            taken=taken)
    rng = random.Random(f"minzheng-demo-naming:{seed}:{year}:{township.code}")
    lock_township(township.code)
    road_count = sum(1 for kind, _ in names if kind == NamingProposal.Kind.ROAD)
    serials = iter(next_road_serials(township.code, road_count) if road_count else ())
    roads: list[Road] = []
    rows: list[tuple[NamingProposal, str]] = []
    filed_at: dict[tuple[str, str], dt.datetime] = {}
    for kind, name in names:
        village = rng.choice(villages) if villages else ""
        village_name = village and village.split(":", 1)[1]
        filed, reviewed, approved, published = _moment(rng, year)
        spelled = place_name_pinyin(name)
        road_code = ""
        if kind == NamingProposal.Kind.ROAD:
            road_code = codes.road_code(township.code, next(serials))
            roads.append(Road(code=road_code, region_code=township.code, name=name, kind=Road.Kind.ROAD,
                              pinyin=spelled, aliases=[]))
        proposal = NamingProposal(
            name=name, kind=kind, region_code=township.code, village_code=village.split(":", 1)[0],
            reason=REASONS[kind].format(village=village_name or township.name), pinyin=spelled,
            status=NamingProposal.Status.PUBLISHED, proposed_by=actor, reviewed_by=actor, reviewed_at=reviewed,
            approved_by=actor, approved_at=approved, published_on=published,
        )
        rows.append((proposal, road_code))
        filed_at[(kind, name)] = filed
    Road.objects.bulk_create(roads, batch_size=500)
    road_ids = dict(Road.objects.filter(code__in=[c for _, c in rows if c]).values_list("code", "id"))
    # The matcher finds roads through its key table: give it the new ones (one bulk write).
    road_names_rebuild(road_ids=list(road_ids.values()))
    proposals = []
    for proposal, road_code in rows:
        proposal.road_id = road_ids.get(road_code)
        proposals.append(proposal)
    NamingProposal.objects.bulk_create(proposals, batch_size=500, ignore_conflicts=True)
    # created_at is auto_now_add, so bulk_create stamped it with today; put the filing dates back.
    saved = list(NamingProposal.objects.filter(region_code=township.code, name__in=[p.name for p, _ in rows],
                                               status=NamingProposal.Status.PUBLISHED, approved_by=actor))
    for p in saved:
        p.created_at = filed_at.get((p.kind, p.name), p.created_at)
    NamingProposal.objects.bulk_update(saved, ["created_at"], batch_size=500)
    return len(proposals), len(roads)


def build_naming(*, scale: float, seed: int, year: int = 2024, actor: User | None = None,
                 progress: Progress | None = None) -> dict[str, int]:
    """Published naming proposals for rural roads and bridges in ``year``, and their roads."""
    actor = actor or _system_user()
    townships = list(Region.objects.filter(level=Level.TOWNSHIP, kind__in=RURAL_KINDS).order_by("code"))
    if not townships:
        return {"proposals": 0, "named_roads": 0}
    village_rows = (Region.objects.filter(level=Level.VILLAGE, parent__in=townships)
                    .values_list("parent_id", "code", "name").order_by("code"))
    villages: dict[str, list[str]] = {t.code: [] for t in townships}
    for parent, code, name in village_rows:
        villages[parent].append(f"{code}:{name}")
    weights = dict(Region.objects.filter(level=Level.VILLAGE, parent__in=townships)
                   .values_list("parent_id").annotate(n=Count("code")).order_by())
    total = max(MIN_PROPOSALS, round(ROADS_NAMED_2024 * scale))
    shares = _shares({t.code: weights.get(t.code, 0) or 1 for t in townships}, total)
    created = {"proposals": 0, "named_roads": 0}
    for done, township in enumerate(townships, start=1):
        if shares[township.code]:
            p, r = _build_township(seed=seed, year=year, township=township, villages=villages[township.code],
                                   target=shares[township.code], actor=actor)
            created["proposals"] += p
            created["named_roads"] += r
        if progress:
            progress(done, len(townships))
    return created


# ---- heritage list -----------------------------------------------------------------------------

WUXING, NANXUN, DEQING, CHANGXING, ANJI, CITY = ("330502000000", "330503000000", "330521000000",
                                                 "330522000000", "330523000000", "330500000000")
P, R, AT_RISK = HeritageEntry.Protection.PROTECTED, HeritageEntry.Protection.RESTORED, HeritageEntry.Protection.AT_RISK

# (batch, published on)
BATCHES = (("第一批", dt.date(2019, 11, 20)), ("第二批", dt.date(2021, 12, 8)), ("第三批", dt.date(2024, 11, 26)))

# (batch, name, category, region, location, history, protection, lng, lat)
HERITAGE: tuple[tuple[str, str, str, str, str, str, str, str | None, str | None], ...] = (
    ("第一批", "菰城", "历史地名", "330502200000", "吴兴区道场乡下菰城遗址一带",
     "战国时楚国春申君黄歇在此筑城，因泽中多生菰草，称“菰城”，为湖州建城之始，湖州别称“菰城”由此而来。", P, None, None),
    ("第一批", "乌程", "历史政区名", CITY, "湖州市城区及周边（旧乌程县境）",
     "秦置乌程县，相传因乌巾、程林二氏善酿酒得名，为湖州最早的县名；民国初年与归安县合并为吴兴县，今用作道路名称。",
     R, None, None),
    ("第一批", "吴兴", "历史政区名", WUXING, "湖州市吴兴区",
     "三国吴宝鼎元年（266年）置吴兴郡，取“吴国兴盛”之意。此后郡、县多以吴兴为名，今为吴兴区区名。", P, None, None),
    ("第一批", "霅溪", "山水", WUXING, "吴兴区城区，东、西苕溪汇流处",
     "东、西苕溪在湖州城区汇合，称霅溪，因四水汇流、水声霅霅而得名，湖州古称“霅川”。", P, "120.0905", "30.8712"),
    ("第一批", "苕溪", "山水", CITY, "发源于天目山，流经安吉、德清、吴兴入太湖",
     "分东、西二支，沿岸多芦苇，秋季芦花（古称“苕”）飘散如雪，因此得名，是湖州的母亲河。", P, None, None),
    ("第一批", "南浔古镇", "古镇", "330503100000", "南浔区南浔镇",
     "南宋淳祐年间建镇，因地处浔溪之南得名。明清时以蚕丝业兴盛，民间有“四象八牛”之说，为江南六大古镇之一。",
     P, "120.4275", "30.8745"),
    ("第一批", "新市古镇", "古镇", "330521102000", "德清县新市镇",
     "古称仙潭，相传晋代因旧市迁移另建新市而得名，位于京杭运河沿线，是江南水乡古镇。", P, "120.2930", "30.6305"),
    ("第一批", "莫干山", "山水", "330521115000", "德清县莫干山镇",
     "相传春秋时干将、莫邪夫妇在此铸剑，因而得名。近代为著名避暑胜地，山中保存大量民国别墅。", P, "119.8720", "30.6055"),
    ("第一批", "顾渚", "古村落", "330522200000", "长兴县水口乡顾渚村",
     "顾渚山产紫笋茶，唐代在此设贡茶院，茶圣陆羽曾在此考察茶事，为唐代贡茶产地。", P, "119.8150", "31.1020"),
    ("第一批", "安吉", "历史政区名", ANJI, "湖州市安吉县",
     "东汉中平二年（185年）置县，取《诗经》“安且吉兮”之意得名，沿用至今。", P, None, None),
    ("第一批", "长兴", "历史政区名", CHANGXING, "湖州市长兴县",
     "西晋太康三年（282年）置长城县，五代后梁时改名长兴，沿用至今。", P, None, None),
    ("第一批", "武康", "历史政区名", "330521001000", "德清县武康街道",
     "三国吴置永安县，晋太康元年（280年）改名武康。1958年武康县并入德清县，武康之名沿用为街道名。", P, None, None),
    ("第一批", "孝丰", "历史政区名", "330523105000", "安吉县孝丰镇",
     "明成化年间析安吉县地置孝丰县，1958年并入安吉县，孝丰之名沿用为镇名。", P, None, None),
    ("第一批", "衣裳街", "街巷", "330502003000", "吴兴区城区，骆驼桥至馆驿河头一带",
     "清代至民国时期沿街多估衣（旧衣）店铺，由此得名，是湖州城区保存较完整的历史文化街区。", P, "120.0925", "30.8668"),
    ("第一批", "小莲庄", "园林", "330503100000", "南浔区南浔镇万古桥西",
     "清末南浔富商刘镛的私家园林，因仰慕元代书画家赵孟頫的莲花庄而得名小莲庄。", P, "120.4248", "30.8718"),
    ("第一批", "百间楼", "街巷", "330503100000", "南浔区南浔镇百间楼河两岸",
     "相传明代礼部尚书董份为家中仆役建造的沿河楼屋，因有楼屋百间而得名。", P, "120.4312", "30.8790"),
    ("第一批", "荻港村", "古村落", "330503106000", "南浔区和孚镇荻港村",
     "因村外河港两岸芦荻丛生得名荻港。村落保持桑基鱼塘的传统生产方式，是浙江湖州桑基鱼塘系统的核心区。",
     P, "120.1850", "30.7520"),
    ("第一批", "钱山漾", "遗址", "330502101000", "吴兴区八里店镇潞村",
     "钱山漾遗址出土距今约4700年的绢片，被誉为“世界丝绸之源”，遗址以所在湖漾钱山漾命名。", P, "120.1520", "30.8380"),
    ("第一批", "頔塘", "水道", NANXUN, "西起湖州城区，东至南浔",
     "晋代吴兴太守殷康主持开凿，唐代湖州刺史于頔重修，后人以其名称之为頔塘，是湖州通往江南腹地的古运河。",
     P, None, None),
    ("第一批", "善琏", "古镇", "330503103000", "南浔区善琏镇",
     "湖笔的发源地，相传秦代蒙恬在此改良毛笔，镇上建有蒙公祠，素有“湖笔之都”之称。", P, None, None),

    ("第二批", "小西街", "街巷", "330502003000", "吴兴区城区，霅溪西岸",
     "明清时期湖州府城内的传统民居街巷，沿河而建，保存有众多清末民初的宅第。", P, "120.0862", "30.8690"),
    ("第二批", "月河", "街巷", "330502001000", "吴兴区月河街道",
     "湖州城内古河道，因河道弯曲如弦月而得名，今为街道名。", P, None, None),
    ("第二批", "府庙", "街巷", "330502003000", "吴兴区城区府庙一带",
     "旧时湖州府城隍庙所在，街区因府庙得名，曾为城中集市与商贸之地。", AT_RISK, None, None),
    ("第二批", "飞英", "街巷", "330502004000", "吴兴区飞英街道",
     "因飞英塔得名。飞英塔始建于唐代，塔名取佛经“舍利飞轮，英光普照”之意，今为街道名。", P, "120.0972", "30.8770"),
    ("第二批", "骆驼桥", "桥梁", "330502003000", "吴兴区城区，跨霅溪",
     "湖州城区古桥，相传因桥形高拱、状如驼峰而得名，为旧时城内南北交通的要津。", P, "120.0918", "30.8682"),
    ("第二批", "仪凤桥", "桥梁", "330502003000", "吴兴区爱山街道",
     "湖州城区古桥，桥名寓意“有凤来仪”，今仪凤桥社区即以此为名。", R, None, None),
    ("第二批", "双林", "古镇", "330503101000", "南浔区双林镇",
     "明清时期以绫绢织造闻名，“双林绫绢织造技艺”为国家级非物质文化遗产，镇内保存化成、万元、万魁三座古桥。",
     P, None, None),
    ("第二批", "菱湖", "古镇", "330503105000", "南浔区菱湖镇",
     "因湖中盛产菱角得名，素有“鱼米之乡、丝绸之府”之称，是传统淡水养鱼产区。", P, None, None),
    ("第二批", "含山", "山水", "330503103000", "南浔区善琏镇含山",
     "山顶有含山塔，每年清明举行“轧蚕花”民俗活动，是蚕桑文化的重要地名。", P, None, None),
    ("第二批", "嘉业堂", "建筑", "330503100000", "南浔区南浔镇小莲庄西侧",
     "近代藏书家刘承幹所建藏书楼，因获清廷御赐“钦若嘉业”匾额而得名。", P, "120.4235", "30.8712"),
    ("第二批", "辑里", "古村落", "330503100000", "南浔区南浔镇辑里村",
     "所产“辑里湖丝”在1851年伦敦首届世界博览会获奖，村名由此闻名海外。", AT_RISK, None, None),
    ("第二批", "下渚湖", "山水", "330521004000", "德清县下渚湖街道",
     "德清境内最大的天然湿地湖泊，相传为防风氏故地，湖区港汊纵横、洲渚棋布。", P, "120.0550", "30.5300"),
    ("第二批", "防风", "历史地名", DEQING, "德清县封山、禺山一带",
     "相传上古防风氏部落居于此地，至今留有防风祠等古迹，防风文化为当地重要的民间信俗。", P, None, None),
    ("第二批", "乾元", "古镇", "330521101000", "德清县乾元镇",
     "德清县旧县治所在，镇以境内乾元山得名，城中保存有古城墙遗迹。", P, None, None),
    ("第二批", "洛舍", "古镇", "330521103000", "德清县洛舍镇",
     "地处洛舍漾畔的水乡集镇，近年以钢琴制造闻名，被称为“钢琴之乡”。", P, None, None),
    ("第二批", "煤山", "古镇", "330522112000", "长兴县煤山镇",
     "因产煤得名。镇域内的“煤山剖面”是二叠系—三叠系界线的全球层型剖面和点位（“金钉子”）。",
     P, "119.7050", "31.0800"),
    ("第二批", "泗安", "古镇", "330522111000", "长兴县泗安镇",
     "相传因四条溪流汇于镇区而得名，历史上为苏浙皖三省往来的交通要道。", P, None, None),
    ("第二批", "八都岕", "山水", "330522108000", "长兴县小浦镇",
     "长十余里的山间沟谷，沿途古银杏成林。“岕”是当地方言，指两山之间的谷地。", P, None, None),
    ("第二批", "递铺", "历史地名", "330523001000", "安吉县递铺街道",
     "宋代在此设置递铺传送公文，地因此得名，今为安吉县城所在的街道名。", P, None, None),
    ("第二批", "鄣吴", "古村落", "330523103000", "安吉县鄣吴镇鄣吴村",
     "名称源自秦代鄣郡，为近代书画篆刻家吴昌硕的故乡，村中保存吴昌硕故居。", P, "119.5480", "30.5760"),
    ("第二批", "独松关", "关隘", ANJI, "安吉县与杭州余杭区交界的独松岭上",
     "古代由杭州通往建康（今南京）的要隘，宋元之际曾在此发生激战。", AT_RISK, None, None),

    ("第三批", "余村", "古村落", "330523108000", "安吉县天荒坪镇余村",
     "2005年“绿水青山就是金山银山”理念在此提出，村名随之广为人知，现为美丽乡村建设的样板。", P, "119.6450", "30.5470"),
    ("第三批", "潞村", "古村落", "330502101000", "吴兴区八里店镇潞村",
     "地处钱山漾畔的水乡村落，村域内有钱山漾遗址，村名沿用已久。", P, None, None),
    ("第三批", "义皋", "古村落", "330502100000", "吴兴区织里镇义皋村",
     "太湖南岸的溇港古村，义皋溇是太湖溇港水利系统的组成部分，村中保存古街、古桥。", P, "120.2150", "30.9560"),
    ("第三批", "太湖溇港", "水利", WUXING, "吴兴区、南浔区太湖南岸",
     "太湖南岸以“溇”“港”命名的古代圩田水利系统，2016年列入世界灌溉工程遗产名录。", P, None, None),
    ("第三批", "弁山", "山水", WUXING, "吴兴区城区北部",
     "湖州城北名山，相传因山形如弁（古代冠帽）得名，元代画家王蒙曾作《青卞隐居图》。", P, None, None),
    ("第三批", "道场山", "山水", WUXING, "吴兴区城区南部",
     "湖州城南名山，因山上古寺道场而得名，为旧时湖州八景之一。", P, None, None),
    ("第三批", "碧浪湖", "山水", WUXING, "吴兴区城区南部",
     "湖州城南名胜，湖水清碧、波浪相连而得名，为市民休闲的传统去处。", R, None, None),
    ("第三批", "妙西", "古镇", "330502102000", "吴兴区妙西镇",
     "地处湖州西南山区，境内杼山有唐代妙喜寺，陆羽、皎然曾在此品茶论道，茶文化源远流长。", P, None, None),
    ("第三批", "埭溪", "古镇", "330502104000", "吴兴区埭溪镇",
     "古时在溪上筑埭（土坝）蓄水，因此得名，是吴兴南部山区的集镇。", P, None, None),
    ("第三批", "织里", "古镇", "330502100000", "吴兴区织里镇",
     "相传因村民家家织布、机杼之声相闻而得名，今为童装产业名镇。", P, None, None),
    ("第三批", "旧馆", "历史地名", "330503002000", "南浔区旧馆街道",
     "古时设有驿馆，后驿馆迁移，旧址称旧馆，沿用为街道名。", AT_RISK, None, None),
    ("第三批", "雉城", "历史地名", "330522001000", "长兴县雉城街道",
     "长兴县城的古称，相传春秋时在此筑城，沿用为街道名。", P, None, None),
    ("第三批", "夹浦", "古镇", "330522103000", "长兴县夹浦镇",
     "地处太湖西岸，因两水夹流入湖而得名，为环太湖渔港集镇。", P, None, None),
    ("第三批", "水口", "古村落", "330522200000", "长兴县水口乡",
     "地处顾渚山麓、溪流入太湖之口，因此得名，为紫笋茶产区。", P, None, None),
    ("第三批", "梅溪", "古镇", "330523110000", "安吉县梅溪镇",
     "西苕溪流经镇区，古时沿溪多梅，故名梅溪，旧为安吉的水运码头。", P, None, None),
    ("第三批", "天荒坪", "山水", "330523108000", "安吉县天荒坪镇",
     "地处天目山余脉的高山台地，相传古时荒无人烟而得名，今建有抽水蓄能电站。", P, "119.6050", "30.4800"),
)


@transaction.atomic
def build_heritage() -> dict[str, int]:
    """The three published batches of the city's heritage list. Idempotent."""
    batches = {}
    for name, published_on in BATCHES:
        batches[name], _ = HeritageBatch.objects.get_or_create(name=name, defaults={"published_on": published_on})
    before = HeritageEntry.objects.count()
    HeritageEntry.objects.bulk_create([
        HeritageEntry(batch=batches[batch], name=name, category=category, region_code=region, location=location,
                      history=history, protection=protection, lng=Decimal(lng) if lng else None,
                      lat=Decimal(lat) if lat else None)
        for batch, name, category, region, location, history, protection, lng, lat in HERITAGE
    ], ignore_conflicts=True)
    return {"heritage_batches": len(batches), "heritage_entries": HeritageEntry.objects.count() - before}


# ---- countable place-name work -----------------------------------------------------------------

S, ROUTE, HALL = (PlaceNameWork.Kind.SIGNAGE_PRODUCT, PlaceNameWork.Kind.CULTURE_ROUTE,
                  PlaceNameWork.Kind.CULTURE_HALL)
# (kind, name, region, note): the 2024 figures are 23, 2 and 5.
WORK: tuple[tuple[str, str, str, str], ...] = (
    *((S, f"{county}{product}", region, "收录入市级地名标识产品库")
      for county, region, products in (
          ("吴兴区", WUXING, ("溇港文化村名石", "古桥地名说明牌", "乡村道路标志牌（仿木）", "历史街巷名牌", "地名二维码导览牌")),
          ("南浔区", NANXUN, ("古镇水巷名牌", "桑基鱼塘地名说明牌", "乡村道路标志牌（石材）", "地名文化墙")),
          ("德清县", DEQING, ("莫干山民宿区地名导览牌", "运河古镇地名说明牌", "乡村道路标志牌（钢制）", "村名雕塑")),
          ("长兴县", CHANGXING, ("茶乡地名导览牌", "太湖渔村村名石", "乡村道路标志牌（耐候钢）", "地名故事牌", "古银杏地名说明牌")),
          ("安吉县", ANJI, ("竹乡村名牌", "两山地名导览牌", "乡村道路标志牌（竹木）", "畲乡双语地名牌", "白茶地名说明牌")),
      ) for product in products),
    (ROUTE, "溇港寻踪地名文化旅游精品线路", WUXING, "串联义皋、伍浦等溇港古村"),
    (ROUTE, "两山竹海地名文化旅游精品线路", ANJI, "串联余村、天荒坪等地"),
    (HALL, "南浔古镇地名文化展示馆", "330503100000", "新建"),
    (HALL, "荻港村地名文化展示馆", "330503106000", "改建"),
    (HALL, "新市古镇地名文化展示馆", "330521102000", "新建"),
    (HALL, "顾渚村地名文化展示馆", "330522200000", "新建"),
    (HALL, "余村地名文化展示馆", "330523108000", "改建"),
)


@transaction.atomic
def build_place_name_work(*, year: int = 2024) -> dict[str, int]:
    """The year's signage products, culture routes and culture halls. Idempotent."""
    before = PlaceNameWork.objects.count()
    PlaceNameWork.objects.bulk_create(
        [PlaceNameWork(kind=kind, name=name, region_code=region, year=year, note=note)
         for kind, name, region, note in WORK],
        ignore_conflicts=True,
    )
    return {"place_name_work": PlaceNameWork.objects.count() - before}


def build_place_names(*, scale: float, seed: int, year: int = 2024, progress: Progress | None = None,
                      actor: User | None = None) -> dict[str, int]:
    """Everything above. ``progress(done, total)`` is called after each rural township.
    Returns the number of rows created by kind (all zero on a second run)."""
    out = build_naming(scale=scale, seed=seed, year=year, actor=actor, progress=progress)
    out.update(build_heritage())
    out.update(build_place_name_work(year=year))
    return out
