"""Roles are Django groups. Their names are Chinese because administrators read them."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CITY_ADMIN = "市级管理员"
    COUNTY_OFFICER = "区县经办人"
    TOWNSHIP_OFFICER = "乡镇街道经办人"
    VILLAGE_WORKER = "村社网格员"
    PROVIDER_OPERATOR = "服务机构操作员"
    AUDITOR = "审计员"
    MARRIAGE_REGISTRAR = "婚姻登记员"
    FUNERAL_REGISTRAR = "殡葬登记员"


# Permissions a role carries, as "app_label.codename". Reading inside the scope is implied by
# having a region at all; these are the extra powers.
ROLE_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    Role.CITY_ADMIN: (
        "people.reveal_pii",
        "people.add_person",
        "people.change_person",
        "people.add_household",
        "people.change_household",
        "people.import_people",
        "people.export_people",
    ),
    Role.COUNTY_OFFICER: (
        "people.reveal_pii",
        "people.add_person",
        "people.change_person",
        "people.add_household",
        "people.change_household",
        "people.import_people",
        "people.export_people",
    ),
    Role.TOWNSHIP_OFFICER: (
        "people.reveal_pii",
        "people.add_person",
        "people.change_person",
        "people.add_household",
        "people.change_household",
        "people.import_people",
        "people.export_people",
    ),
    Role.VILLAGE_WORKER: (
        "people.add_person",
        "people.change_person",
        "people.add_household",
        "people.change_household",
        "people.export_people",
    ),
    Role.PROVIDER_OPERATOR: (),
    Role.AUDITOR: ("core.view_auditentry", "core.view_accesslog"),
    Role.MARRIAGE_REGISTRAR: (),
    Role.FUNERAL_REGISTRAR: (),
}
