"""Children's welfare, seeded: the visit frequency by category, the 20-item basic service list for
migrant children, and the engine's two living-allowance programs with their standards.

- The visit frequencies are THIS SYSTEM'S DEFAULTS (not a confirmed Huzhou rule): 孤儿 and
  事实无人抚养儿童 monthly, 困境儿童 and 留守儿童 quarterly, 流动儿童 half-yearly.
- The 20 service items are THIS SYSTEM'S EXAMPLE LIST, written for the demo and the pages; a
  county replaces or retires items in the admin.
- The allowance standards are EXAMPLE VALUES for the whole city from January 2024 (2,100 元 a month
  each), not Huzhou's confirmed 孤儿基本生活最低养育标准; the city enters the real ones on the
  engine's standards page (a new row from a month on).
"""

import datetime
from decimal import Decimal

from django.db import migrations

DEFAULT = "本系统默认值，未经本地文件确认"
EXAMPLE_LIST = "本系统示例清单"
VISIT_RULES = [("orphan", 1), ("de_facto_unsupported", 1), ("in_difficulty", 3), ("left_behind", 3), ("migrant", 6)]
SERVICE_ITEMS = [
    ("入学指导", "协助办理入学、转学手续，告知随迁子女入学政策"),
    ("疫苗接种提醒", "提醒并协助按免疫规划接种疫苗"),
    ("儿童健康体检", "告知并协助参加儿童健康体检"),
    ("心理关爱", "开展心理健康评估和心理疏导"),
    ("安全教育", "开展防溺水、交通、消防等安全教育"),
    ("户籍与居住登记指导", "指导办理居住证、居住登记等手续"),
    ("医疗保险参保指导", "协助参加城乡居民基本医疗保险"),
    ("课后托管服务", "提供课后看护、作业辅导"),
    ("暑期托管服务", "提供暑期看护和活动"),
    ("学业辅导", "组织志愿者开展学业辅导"),
    ("亲子关系辅导", "开展家庭教育指导和亲子沟通辅导"),
    ("营养与膳食指导", "开展儿童营养和膳食知识指导"),
    ("防性侵与自我保护教育", "开展儿童自我保护教育"),
    ("法律援助与权益保护", "提供法律咨询和权益保护服务"),
    ("社区融入活动", "组织参加社区文体活动，促进社区融入"),
    ("阅读推广", "提供图书借阅和阅读活动"),
    ("兴趣特长培养", "组织文体、艺术、科技等兴趣活动"),
    ("困难家庭救助衔接", "发现困难及时转介社会救助"),
    ("网络素养教育", "开展网络安全和防沉迷教育"),
    ("定期走访关爱", "由儿童主任定期走访了解情况"),
]
PROGRAMS = [
    ("orphan_living", "孤儿基本生活费"),
    ("de_facto_living", "事实无人抚养儿童基本生活补贴"),
]
CITY, FROM, AMOUNT = "3305", datetime.date(2024, 1, 1), Decimal("2100.00")
STANDARD_NOTE = "示例值：湖州市标准未经确认，请按本地文件录入"


def seed(apps, schema_editor):
    VisitRule = apps.get_model("children", "VisitRule")
    for category, months in VISIT_RULES:
        VisitRule.objects.get_or_create(category=category, defaults={"interval_months": months, "note": DEFAULT})
    ServiceItem = apps.get_model("children", "ServiceItem")
    for number, (name, description) in enumerate(SERVICE_ITEMS, start=1):
        ServiceItem.objects.get_or_create(number=number, defaults={"name": name, "description": description,
                                                                   "note": EXAMPLE_LIST})
    Program = apps.get_model("benefits", "Program")
    Standard = apps.get_model("benefits", "Standard")
    for code, name in PROGRAMS:
        program, _ = Program.objects.get_or_create(code=code, defaults={
            "name": name, "domain": "children", "unit": "person", "kind": "monthly",
            "params": {"amount_follows_standard": True, "review_months_stable": 12,
                       "review_months_unstable": 12}, "active": True})
        Standard.objects.get_or_create(program=program, region_prefix=CITY, effective_from=FROM,
                                       defaults={"amount": AMOUNT, "note": STANDARD_NOTE})


def unseed(apps, schema_editor):
    apps.get_model("benefits", "Standard").objects.filter(
        program__code__in=[code for code, _ in PROGRAMS], note=STANDARD_NOTE).delete()


class Migration(migrations.Migration):
    dependencies = [("children", "0001_initial"), ("benefits", "0002_seed_programs")]
    operations = [migrations.RunPython(seed, unseed)]
