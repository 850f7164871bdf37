"""The home page (工作台): who you are, where you work, what you can reach."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from minzheng.core.http import login_required, reverse_or_none
from minzheng.core.selectors import user_region
from minzheng.core.services import role_of
from minzheng.people.selectors import registry_counts


@dataclass(frozen=True)
class QuickLink:
    label: str
    url_name: str
    hint: str
    permission: str | None = None
    # For who may open the page but not change anything on it: the hint says only what they can do.
    read_hint: str | None = None
    change_permission: str | None = None


HOUSEHOLDS_READ_HINT = "查看辖区内的家庭户及其成员"
QUICK_LINKS = [
    QuickLink("人员查询", "people:person_list", "按姓名或身份证号查找辖区内人员"),
    QuickLink("新增人员", "people:person_create", "登记一位新居民", "people.add_person"),
    QuickLink("家庭户", "people:household_list", "查看家庭户，添加、调整、迁移成员",
              read_hint=HOUSEHOLDS_READ_HINT, change_permission="people.change_household"),
    QuickLink("新建家庭户", "people:household_create", "以已登记人员为户主建户", "people.add_household"),
    QuickLink("数据导入", "people_io:import", "从 Excel 或 CSV 批量导入人口", "people.import_people"),
    QuickLink("审计日志", "core:audit_list", "查询操作记录与个人信息访问记录", "core.view_auditentry"),
]


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    links = []
    for link in QUICK_LINKS:
        if link.permission and not user.has_perm(link.permission):
            continue
        url = reverse_or_none(link.url_name)
        if url is not None:  # else a page another part of the platform has not mounted yet
            reads_only = link.change_permission is not None and not user.has_perm(link.change_permission)
            links.append({"label": link.label, "url": url, "hint": link.read_hint if reads_only else link.hint})
    role = role_of(user)
    return render(request, "web/home.html", {
        "region": user_region(user=user),
        "role": role.value if role is not None else "",
        "counts": registry_counts(user=user),
        "links": links,
    })
