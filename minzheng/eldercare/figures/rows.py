"""The rows of the year's eldercare figures as the page shows them: each figure's key (as in the
annual summary's ``eldercare.*`` where it has one), its Chinese label and unit."""

from __future__ import annotations

from typing import Any

from minzheng.core import figures

FIGURE_ROWS: tuple[figures.FigureRow, ...] = (
    ("care_homes_bed_code", "落地“一床一码”场景的养老机构", "家"),
    ("beds", "其床位（年末在用）", "张"),
    ("beds_occupied", "其中年末入住", "张"),
    ("community_centres_new", "新改建社区居家养老服务中心", "家"),
    ("community_centres_new_area", "新改建社区居家养老服务中心面积", "平方米"),
    ("meal_sites", "老年助餐服务设施（开放）", "个"),
    ("meals_served", "老年助餐服务", "餐次"),
    ("home_service_visits", "提供养老“六助”服务", "人次"),
    ("home_beds_built", "建成家庭养老床位（当年签约）", "张"),
    ("caregivers_per_10k_elderly", "每万名老年人拥有持证养老护理员数（年末）", "人"),
    ("love_cards_activated", "激活养老服务“爱心卡”（累计至年末）", "张"),
    ("sojourn_sites", "旅居养老目的地（开放）", "家"),
    ("adaptation_subsidy_paid", "适老化改造以旧换新发放补贴资金", "元"),
    ("adaptation_consumption", "带动消费金额", "元"),
    ("insurance_rehab_claims", "意外险赔付康复津贴", "件"),
    ("insurance_max_claim", "单件赔付金额最高", "元"),
    ("insurance_payout_ratio", "意外险赔付率", "%"),
)


def figure_rows(values: dict[str, Any]) -> list[dict[str, Any]]:
    return figures.figure_rows(values, FIGURE_ROWS)
