"""The standing personas: the demo staff, on a small slice of Huzhou.

Regions: the real city, counties and townships, plus these villages and communities:
- 330502003001 爱山街道第一社区 (village_worker's), 330502003002 (a neighbour in the same township)
- 330502100201 织里镇 a village in 吴兴区 outside 爱山街道
- 330523001001 递铺街道 a community in 安吉县
"""

from __future__ import annotations

from dataclasses import dataclass

from minzheng.core.models import Region, User
from minzheng.core.roles import Role
from minzheng.core.services import regions_load_divisions, staff_create

PASSWORD = "minzheng-demo"

VILLAGES = {
    "330502003001": ("仪凤桥社区", "社区", "330502003000"),
    "330502003002": ("南街社区", "社区", "330502003000"),
    "330502100201": ("义皋村", "村", "330502100000"),
    "330523001001": ("城东社区", "社区", "330523001000"),
}

MY_VILLAGE = "330502003001"
NEIGHBOUR_VILLAGE = "330502003002"
OTHER_TOWNSHIP_VILLAGE = "330502100201"
OTHER_COUNTY_VILLAGE = "330523001001"


@dataclass
class Personas:
    city_admin: User
    wuxing_officer: User
    anji_officer: User
    aishan_officer: User
    village_worker: User
    auditor: User
    wuxing_marriage_registrar: User
    anji_marriage_registrar: User
    wuxing_funeral_registrar: User
    nobody: User  # active staff with no region: sees nothing


def build_regions() -> None:
    regions_load_divisions()
    for code, (name, kind, parent) in VILLAGES.items():
        parent_region = Region.objects.get(code=parent)
        Region.objects.update_or_create(
            code=code,
            defaults={"name": name, "level": "village", "kind": kind, "parent": parent_region,
                      "full_name": parent_region.full_name + name},
        )


def build_personas() -> Personas:
    build_regions()

    def make(username: str, role: Role, code: str) -> User:
        return staff_create(actor=None, username=username, password=PASSWORD, role=role,
                            region=Region.objects.get(code=code), display_name=username)

    nobody = User.objects.create_user(username="nobody", password=PASSWORD)
    return Personas(
        city_admin=make("city_admin", Role.CITY_ADMIN, "330500000000"),
        wuxing_officer=make("wuxing_officer", Role.COUNTY_OFFICER, "330502000000"),
        anji_officer=make("anji_officer", Role.COUNTY_OFFICER, "330523000000"),
        aishan_officer=make("aishan_officer", Role.TOWNSHIP_OFFICER, "330502003000"),
        village_worker=make("village_worker", Role.VILLAGE_WORKER, MY_VILLAGE),
        auditor=make("auditor", Role.AUDITOR, "330500000000"),
        wuxing_marriage_registrar=make("wuxing_marriage_registrar", Role.MARRIAGE_REGISTRAR, "330502000000"),
        anji_marriage_registrar=make("anji_marriage_registrar", Role.MARRIAGE_REGISTRAR, "330523000000"),
        wuxing_funeral_registrar=make("wuxing_funeral_registrar", Role.FUNERAL_REGISTRAR, "330502000000"),
        nobody=nobody,
    )
