"""The rows of the civil-society figures page: each figure's key (as in the annual summary), its
Chinese label and unit."""

from __future__ import annotations

from typing import Any

from minzheng.core import figures

FIGURE_ROWS: tuple[figures.FigureRow, ...] = (
    ("orgs.zombie_cleaned", "清理“僵尸型”社会组织（撤销、吊销、注销）", "家"),
    ("orgs.integrity_examples", "入选全省清廉社会组织建设百佳范例", "个"),
    ("orgs.venture_funding", "公益创投投入资金", "元"),
    ("orgs.venture_projects", "公益创投支持项目", "个"),
    ("orgs.brand_orgs_new", "新增省级品牌社会组织", "家"),
    ("orgs.leaders_new", "新增社会组织领军人物", "人"),
    ("orgs.typical_cases", "入选省级典型案例", "个"),
    ("charity.orgs_new", "慈善组织新认定", "家"),
    ("charity.orgs_total", "慈善组织总数", "家"),
    ("charity.trust_new", "慈善信托新增", "元"),
    ("charity.trust_total", "慈善信托累计", "元"),
    ("charity.trust_growth", "慈善信托同比增幅", "%"),
    ("charity.raised", "慈善总会系统募集善款", "元"),
    ("charity.invested_livelihood", "慈善资金投入民生事业", "元"),
)


def figure_rows(values: dict[str, Any]) -> list[dict[str, Any]]:
    return figures.figure_rows(values, FIGURE_ROWS)
