"""The navigation bar. Later issues add their sections to NAVIGATION."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.http import HttpRequest
from django.urls import get_script_prefix

from minzheng.core.http import reverse_or_none


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str | None = None


NAVIGATION: list[NavItem] = [
    NavItem("工作台", "web:home"),
    NavItem("人员查询", "people:person_list"),
    NavItem("家庭户", "people:household_list"),
    NavItem("迁入申请", "people:move_in_list", "people.add_person"),
    NavItem("数据导入", "people_io:import", "people.import_people"),
    NavItem("标准地址", "addresses:search"),
    NavItem("地址匹配", "matching:match"),
    NavItem("数据质量", "addresses:quality"),
    NavItem("数字门牌", "doorplates:list"),
    NavItem("地名", "placenames:queue"),
    NavItem("服务设施", "facilities:list"),
    NavItem("救助申请", "benefit_applications:queue", "benefits.view_application"),
    NavItem("复核到期", "benefit_enrollments:reviews", "benefits.view_enrollment"),
    NavItem("发放批次", "benefit_payments:list", "benefits.manage_payments"),
    NavItem("救助标准", "benefit_programs:admin", "benefits.manage_standards"),
    NavItem("救助统计", "low_income:figures", "benefits.view_enrollment"),
    NavItem("残疾人证", "disability:list", "assistance.manage_disability_certificates"),
    NavItem("能力评估", "assessment:find", "eldercare.view_assessment"),
    NavItem("一床一码", "beds:homes", "eldercare.manage_beds"),
    NavItem("床位补贴", "beds:runs", "eldercare.manage_bed_subsidy"),
    NavItem("床位核查", "beds:findings", "eldercare.view_bed_findings"),
    NavItem("爱心卡", "love_cards:list", "eldercare.manage_love_cards"),
    NavItem("老年助餐", "meals:counts", "eldercare.record_meals"),
    NavItem("今日上门", "home_services:today", "eldercare.serve_home_service_orders"),
    NavItem("居家服务监管", "home_services:supervision", "eldercare.run_home_service_supervision"),
    NavItem("家庭养老床位", "home_beds:list", "eldercare.manage_home_beds"),
    NavItem("养老护理员", "caregivers:list", "eldercare.manage_caregivers"),
    NavItem("意外险", "insurance:overview", "eldercare.view_insurance"),
    NavItem("适老化改造", "adaptation:applications", "eldercare.view_adaptation"),
    NavItem("养老统计", "eldercare_figures:figures", "facilities.manage_facilities"),
    NavItem("福彩站点", "lottery:stations", "lottery.view_lottery"),
    NavItem("福彩销量", "lottery:sales", "lottery.view_lottery"),
    NavItem("福彩统计", "lottery:figures", "lottery.view_lottery"),
    NavItem("精神康复网络", "rehab_network:network", "disability.view_rehab_network"),
    NavItem("在册精神障碍患者", "rehab_patients:list", "disability.view_rehab_patients"),
    NavItem("康复服务记录", "rehab_records:list", "disability.view_rehab_patients"),
    NavItem("两项补贴复核", "rehab_reviews:list", "disability.run_subsidy_reviews"),
    NavItem("精康指标", "rehab_figures:indicators", "disability.view_rehab_network"),
    NavItem("精神康复统计", "rehab_figures:figures", "disability.view_rehab_network"),
    NavItem("儿童档案", "child_profiles:list", "children.view_childprofile"),
    NavItem("儿童走访", "child_visits:queue", "children.view_childprofile"),
    NavItem("儿童主任", "child_directors:coverage", "children.view_childdirector"),
    NavItem("儿童生活费", "child_allowances:page", "benefits.manage_payments"),
    NavItem("儿童统计", "children_figures:figures", "children.view_childprofile"),
    NavItem("社会组织", "orgs:list", "civil_society.view_organization"),
    NavItem("社会组织年报", "orgs:reports", "civil_society.view_organization"),
    NavItem("信用名录", "org_credit:list", "civil_society.view_organization"),
    NavItem("僵尸型组织排查", "org_dormancy:candidates", "civil_society.view_organization"),
    NavItem("清理整治案件", "org_dormancy:cases", "civil_society.view_organization"),
    NavItem("公益创投", "org_venture:rounds", "civil_society.view_organization"),
    NavItem("社会组织表彰", "org_venture:awards", "civil_society.view_organization"),
    NavItem("慈善组织", "charity:list", "civil_society.view_charity"),
    NavItem("募捐活动", "charity_donations:campaigns", "civil_society.view_charity"),
    NavItem("捐赠台账", "charity_donations:list", "civil_society.view_charity"),
    NavItem("慈善资金拨付", "charity_donations:disbursements", "civil_society.view_charity"),
    NavItem("慈善支出检查", "charity:spending", "civil_society.view_charity"),
    NavItem("慈善信托", "charity_trusts:list", "civil_society.view_charity"),
    NavItem("社会组织与慈善统计", "civil_society_figures:figures", "civil_society.view_organization"),
    NavItem("婚姻登记台", "marriage_registrations:desk", "marriage.register_marriages"),
    NavItem("离婚冷静期", "marriage_registrations:divorces", "marriage.view_marriage_records"),
    NavItem("婚姻登记统计", "marriage_statistics:page", "marriage.view_marriage_statistics"),
    NavItem("婚姻登记预约", "marriage_appointments:desk", "marriage.keep_appointments"),
    NavItem("婚恋服务与活动", "marriage_counselling:events", "marriage.view_counselling"),
    NavItem("婚姻服务统计", "marriage_figures:figures", "marriage.view_counselling"),
    NavItem("死亡登记", "funeral_deaths:list", "funeral.view_deathregistration"),
    NavItem("殡仪服务", "funeral_services:list", "funeral.view_funeralcase"),
    NavItem("殡葬减免目录", "funeral_services:catalogue", "funeral.view_funeralcase"),
    NavItem("殡葬统计", "funeral_figures:figures", "funeral.view_funeralcase"),
    NavItem("智慧公墓", "funeral_cemetery:list", "funeral.view_plot"),
    NavItem("墓穴续期", "funeral_cemetery:renewals", "funeral.view_plot"),
    NavItem("审计日志", "core:audit_list", "core.view_auditentry"),
]


@lru_cache(maxsize=256)
def _items_for(permissions: frozenset[str], script_prefix: str) -> tuple[tuple[str, str], ...]:
    """The (label, URL) pairs that a holder of ``permissions`` may open. Every page renders the bar,
    and the answer depends only on the permissions (one set per role) and where the site is mounted,
    so each process works it out once per role rather than reversing ninety names per request."""
    items = []
    for item in NAVIGATION:
        if item.permission and item.permission not in permissions:
            continue
        url = reverse_or_none(item.url_name)
        if url is not None:
            items.append((item.label, url))
    return tuple(items)


def navigation(request: HttpRequest) -> dict[str, object]:
    """The items this user may open. Items whose URL does not reverse (an app not mounted yet)
    are left out. The active item is the one whose URL is the longest prefix of the current path,
    so /people/households/ lights 家庭户, not 人员查询 as well."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    # get_all_permissions answers what has_perm would for each name (an inactive user has none).
    permissions = frozenset(user.get_all_permissions())
    items = [{"label": label, "url": url, "active": False}
             for label, url in _items_for(permissions, get_script_prefix())]
    path = request.path
    matches = [i for i in items if path == i["url"] or (i["url"] != "/" and path.startswith(str(i["url"])))]
    if matches:
        max(matches, key=lambda i: len(str(i["url"])))["active"] = True
    return {"nav_items": items}
