"""The doorplate service catalogue of Huzhou: 21 departments and 103 services.

Most services apply city-wide (330500000000); a few belong to one county or township (their
government service centres). Phones are the national service hotlines (12333, 95598 …) or the
city's 12345 line; links go to 浙江政务服务网 (浙里办) or the provider's own site. The city
administrator edits the catalogue afterwards on its page; ``catalogue_seed`` only fills it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from minzheng.places.doorplates.models import Department, DoorplateService
from minzheng.places.doorplates.services import catalogue_changed

CITY = "330500000000"
WUXING, NANXUN, DEQING, CHANGXING, ANJI = (
    "330502000000", "330503000000", "330521000000", "330522000000", "330523000000")
HOTLINE = "0572-12345"
ZJZWFW = "https://www.zjzwfw.gov.cn/"


@dataclass(frozen=True)
class S:
    """One service: name, what it is, and how to reach it (a phone, a link, or both)."""

    name: str
    description: str = ""
    phone: str = ""
    url: str = ""
    region_code: str = CITY


@dataclass(frozen=True)
class D:
    name: str
    phone: str
    url: str
    services: tuple[S, ...]


CATALOGUE: tuple[D, ...] = (
    D("湖州市公安局", HOTLINE, ZJZWFW, (
        S("户籍业务办理", "出生登记、迁入迁出、户口变更，可在浙里办或辖区派出所办理", url=ZJZWFW),
        S("居民身份证申领、换领、补领", "异地换领补领可就近办理", url=ZJZWFW),
        S("居住证办理", "来湖居住半年以上可申领", url=ZJZWFW),
        S("出入境证件办理", "护照、往来港澳台通行证及签注", url=ZJZWFW),
        S("机动车和驾驶证业务", "交管12123，驾驶证换证、机动车年检预约", url="https://zj.122.gov.cn/"),
        S("紧急报警", "遇到违法犯罪或紧急危难请立即拨打", phone="110"),
    )),
    D("湖州市民政局", HOTLINE, ZJZWFW, (
        S("最低生活保障申请", "向户籍地或居住地乡镇（街道）申请，也可在浙里办在线申请", url=ZJZWFW),
        S("特困人员救助供养申请", "无劳动能力、无生活来源、无法定赡养抚养扶养义务人", url=ZJZWFW),
        S("临时救助申请", "遭遇急难或支出型困难的家庭", url=ZJZWFW),
        S("养老服务补贴申请", "经济困难的高龄、失能老年人", url=ZJZWFW),
        S("居家养老服务预约", "助餐、助洁、助浴、助医、助行、助急", phone="12349"),
        S("婚姻登记预约", "结婚、离婚、补领婚姻登记证，全国通办", url=ZJZWFW),
        S("困境儿童保障咨询", "孤儿、事实无人抚养儿童、困境儿童", phone=HOTLINE),
        S("身后一件事联办", "死亡证明、火化、户口注销、待遇停发一次办", url=ZJZWFW),
        S("地名与门牌咨询", "门牌号码编制、门牌损坏补装", phone=HOTLINE),
    )),
    D("湖州市人力资源和社会保障局", "12333", ZJZWFW, (
        S("社保参保查询", "养老、失业、工伤保险参保和缴费记录", url=ZJZWFW),
        S("就业登记", "就业、失业登记及就业援助", url=ZJZWFW),
        S("失业保险金申领", "符合条件的失业人员线上申领", url=ZJZWFW),
        S("职业技能培训报名", "补贴性职业技能培训", url=ZJZWFW),
        S("养老金领取资格认证", "每年一次，可刷脸认证", url=ZJZWFW),
        S("劳动维权咨询", "工资拖欠、劳动合同纠纷", phone="12333"),
    )),
    D("湖州市医疗保障局", "12393", ZJZWFW, (
        S("城乡居民医保参保缴费", "每年集中缴费期内办理", url=ZJZWFW),
        S("异地就医备案", "跨省、省内异地就医直接结算", url=ZJZWFW),
        S("医疗费用报销咨询", "门诊、住院费用报销政策", phone="12393"),
        S("长期护理保险申请", "长期失能人员护理保障", url=ZJZWFW),
        S("医保电子凭证激活", "看病买药扫码支付", url=ZJZWFW),
    )),
    D("湖州市卫生健康委员会", "12320", ZJZWFW, (
        S("家庭医生签约", "就近签约社区卫生服务中心的家庭医生团队", url=ZJZWFW),
        S("预防接种预约", "儿童免疫规划疫苗和成人疫苗", url=ZJZWFW),
        S("出生医学证明办理", "新生儿出生一件事联办", url=ZJZWFW),
        S("老年人健康体检预约", "65周岁以上常住居民每年一次免费体检", phone="12320"),
        S("孕产妇健康管理建册", "怀孕后到社区卫生服务中心建册", url=ZJZWFW),
        S("急救电话", "突发疾病、意外伤害", phone="120"),
    )),
    D("湖州市教育局", HOTLINE, ZJZWFW, (
        S("义务教育入学报名", "小学、初中新生网上报名", url=ZJZWFW),
        S("幼儿园入园报名", "公办幼儿园新生报名", url=ZJZWFW),
        S("学生资助申请", "家庭经济困难学生资助", url=ZJZWFW),
        S("转学与学籍咨询", "义务教育阶段转学", phone=HOTLINE),
    )),
    D("湖州市住房和城乡建设局", HOTLINE, ZJZWFW, (
        S("公共租赁住房申请", "住房困难家庭保障性住房", url=ZJZWFW),
        S("住房公积金查询与提取", "缴存、提取、贷款", phone="12329", url=ZJZWFW),
        S("老旧小区改造咨询", "改造计划与居民意见征询", phone=HOTLINE),
        S("既有住宅加装电梯咨询", "加装电梯政策与补助", phone=HOTLINE),
        S("物业服务投诉", "物业服务质量、收费问题", phone=HOTLINE),
    )),
    D("湖州市自然资源和规划局", "12336", ZJZWFW, (
        S("不动产登记预约", "买卖、继承、抵押登记", url=ZJZWFW),
        S("不动产权属查询", "本人名下不动产登记信息", url=ZJZWFW),
        S("农村宅基地建房审批咨询", "农房建设审批流程", phone=HOTLINE),
        S("违法用地举报", "违法占地、违法采矿", phone="12336"),
    )),
    D("湖州市市场监督管理局", "12315", ZJZWFW, (
        S("个体工商户登记", "开办、变更、注销", url=ZJZWFW),
        S("消费投诉举报", "商品质量、消费纠纷", phone="12315"),
        S("食品安全投诉", "食品生产经营违法行为", phone="12315"),
        S("电梯困人与故障报告", "电梯故障困人应急救援", phone=HOTLINE),
    )),
    D("国家税务总局湖州市税务局", "12366", ZJZWFW, (
        S("个人所得税综合所得汇算", "个人所得税App或自然人电子税务局办理", url="https://etax.chinatax.gov.cn/"),
        S("城乡居民社保费缴纳", "城乡居民养老、医疗保险费", url=ZJZWFW),
        S("发票业务咨询", "发票开具、查验", phone="12366"),
        S("房产交易税费咨询", "二手房交易契税、个税", phone="12366"),
    )),
    D("湖州市供水服务", HOTLINE, ZJZWFW, (
        S("用水报装", "新装、增容、过户", url=ZJZWFW),
        S("水费查询缴纳", "支付宝、微信或营业厅缴纳", url=ZJZWFW),
        S("停水信息查询", "计划停水和抢修停水公告", url=ZJZWFW),
        S("供水抢修", "管道破裂、无水、水质异常", phone=HOTLINE),
    )),
    D("国网湖州供电公司", "95598", "https://www.95598.cn/", (
        S("用电报装", "居民新装、增容", url="https://www.95598.cn/"),
        S("电费查询缴纳", "网上国网App", url="https://www.95598.cn/"),
        S("停电信息查询", "计划停电公告", url="https://www.95598.cn/"),
        S("电力故障报修", "停电、线路故障", phone="95598"),
        S("电动汽车充电桩报装", "居民小区自用充电桩", url="https://www.95598.cn/"),
    )),
    D("湖州市管道燃气服务", HOTLINE, ZJZWFW, (
        S("燃气开户", "新装开户、过户", url=ZJZWFW),
        S("燃气费缴纳", "线上或营业厅缴纳", url=ZJZWFW),
        S("燃气泄漏抢修", "闻到燃气味请立即关阀开窗，到室外拨打", phone=HOTLINE),
        S("燃气安全入户检查预约", "免费安全检查", phone=HOTLINE),
    )),
    D("通信服务（电信、移动、联通）", "", "", (
        S("中国电信宽带与固话", "报装、故障报修", phone="10000"),
        S("中国移动宽带与手机业务", "报装、故障报修", phone="10086"),
        S("中国联通宽带与手机业务", "报装、故障报修", phone="10010"),
    )),
    D("中国邮政集团湖州市分公司", "11183", "", (
        S("邮件查询", "EMS和邮政包裹查询", phone="11183"),
        S("证照寄递", "身份证、驾驶证等证照寄递到家", phone="11183"),
        S("邮政便民服务站查询", "村邮站、便民服务站", phone="11185"),
    )),
    D("湖州市消防救援支队", "119", "", (
        S("火灾报警", "发生火灾请立即拨打", phone="119"),
        S("消防安全隐患举报", "堵塞消防通道、违规充电", phone="96119"),
        S("消防安全咨询", "家庭防火与逃生常识", phone=HOTLINE),
    )),
    D("湖州市综合行政执法局", "12319", "", (
        S("市容环境问题投诉", "乱堆放、乱张贴", phone="12319"),
        S("违法建设举报", "违章搭建", phone="12319"),
        S("生活垃圾分类咨询", "分类投放与大件垃圾清运", phone="12319"),
        S("占道经营投诉", "流动摊贩、店外经营", phone="12319"),
    )),
    D("湖州市交通运输局", "12328", ZJZWFW, (
        S("公交线路与站点查询", "城乡公交线路", url=ZJZWFW),
        S("出租车服务投诉", "拒载、绕路、乱收费", phone="12328"),
        S("农村公路养护报修", "路面破损、桥梁隐患", phone="12328"),
        S("道路运输证件办理", "从业资格证、道路运输证", url=ZJZWFW),
    )),
    D("湖州市退役军人事务局", HOTLINE, ZJZWFW, (
        S("退役军人优待证申领", "退役军人和其他优抚对象", url=ZJZWFW),
        S("退役军人就业创业服务", "就业推荐、创业扶持", url=ZJZWFW),
        S("优抚对象待遇咨询", "抚恤补助政策", phone=HOTLINE),
    )),
    D("湖州市残疾人联合会", "12385", ZJZWFW, (
        S("残疾人证办理", "新办、换领、迁移", url=ZJZWFW),
        S("辅助器具适配申请", "轮椅、助听器等辅助器具", url=ZJZWFW),
        S("残疾人就业服务", "职业培训与就业推荐", phone="12385"),
        S("残疾儿童康复救助申请", "0至17岁残疾儿童康复救助", url=ZJZWFW),
    )),
    D("乡镇（街道）便民服务中心", HOTLINE, ZJZWFW, (
        S("政务服务一网通办", "浙里办App，大部分事项掌上办、网上办", url=ZJZWFW),
        S("12345政务服务便民热线", "咨询、求助、投诉、建议", phone=HOTLINE),
        S("证明事项代办", "村（社区）代办员帮办代办", phone=HOTLINE),
        S("老年食堂（助餐点）查询", "就近助餐点和配送服务", phone="12349"),
        S("吴兴区政务服务中心", "综合受理窗口", phone=HOTLINE, url=ZJZWFW, region_code=WUXING),
        S("南浔区政务服务中心", "综合受理窗口", phone=HOTLINE, url=ZJZWFW, region_code=NANXUN),
        S("德清县政务服务中心", "综合受理窗口", phone=HOTLINE, url=ZJZWFW, region_code=DEQING),
        S("长兴县政务服务中心", "综合受理窗口", phone=HOTLINE, url=ZJZWFW, region_code=CHANGXING),
        S("安吉县政务服务中心", "综合受理窗口", phone=HOTLINE, url=ZJZWFW, region_code=ANJI),
        S("爱山街道便民服务中心", "社保、民政、计生等事项就近办", phone=HOTLINE, region_code="330502003000"),
        S("织里镇便民服务中心", "社保、民政、计生等事项就近办", phone=HOTLINE, region_code="330502100000"),
        S("南浔镇便民服务中心", "社保、民政、计生等事项就近办", phone=HOTLINE, region_code="330503100000"),
        S("递铺街道便民服务中心", "社保、民政、计生等事项就近办", phone=HOTLINE, region_code="330523001000"),
    )),
)


def catalogue_seed() -> dict[str, int]:
    """Fill the catalogue with the departments and services above. Idempotent: a row that is
    already there (by department name; by department, name and region) is left as it is, so the
    city administrator's later edits survive a re-run of the demo. Returns what was created.

    Reference data written by the system, like the division table: no actor, no audit entry.
    """
    created = {"departments": 0, "services": 0}
    with transaction.atomic():
        for sort, dept in enumerate(CATALOGUE, start=1):
            department, made = Department.objects.get_or_create(
                name=dept.name, defaults={"phone": dept.phone, "url": dept.url, "sort": sort * 10})
            created["departments"] += made
            existing = set(DoorplateService.objects.filter(department=department)
                           .values_list("name", "region_code"))
            new = [DoorplateService(department=department, name=s.name, description=s.description, phone=s.phone,
                                    url=s.url, region_code=s.region_code, sort=i * 10)
                   for i, s in enumerate(dept.services, start=1) if (s.name, s.region_code) not in existing]
            DoorplateService.objects.bulk_create(new)
            created["services"] += len(new)
        if any(created.values()):
            catalogue_changed()
    return created
