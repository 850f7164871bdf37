"""The year's social-organization and charity figures in the reader's scope, under the keys of the
annual summary (``orgs.*`` and ``charity.*`` in the reference figures), counted from the records:

- ``orgs.zombie_cleaned``: cleanup cases of dormant organizations decided in the year (``decided_on``)
  with 撤销登记, 吊销登记证书 or 注销登记 (not 限期整改), by the organization's region;
- ``orgs.integrity_examples``, ``orgs.brand_orgs_new``, ``orgs.leaders_new``, ``orgs.typical_cases``:
  the awards of the year of each kind (清廉社会组织建设百佳范例, 省级品牌社会组织, 社会组织领军人物,
  省级典型案例);
- ``orgs.venture_funding`` and ``orgs.venture_projects``: the amount funded and the projects funded
  in the year's venture-philanthropy rounds, by the organization's region.

The ``charity.*`` keys are counted by ``figures.charity.charity_figures``. Each figure is one SQL
aggregate."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from minzheng.civil_society.dormancy.models import CLEANED, CleanupCase
from minzheng.civil_society.figures.charity import charity_figures
from minzheng.civil_society.venture.models import AwardKind, OrgAward, VentureApplication
from minzheng.core.scope import Scope, scope_for

CHARITY_KEYS = (
    "charity.orgs_new",
    "charity.orgs_total",
    "charity.trust_new",
    "charity.trust_total",
    "charity.trust_growth",
    "charity.raised",
    "charity.invested_livelihood",
)
AWARD_KEYS = {
    "orgs.integrity_examples": AwardKind.INTEGRITY,
    "orgs.brand_orgs_new": AwardKind.BRAND,
    "orgs.leaders_new": AwardKind.LEADER,
    "orgs.typical_cases": AwardKind.TYPICAL_CASE,
}


def orgs_figures(*, scope: Scope, year: int) -> dict[str, Any]:
    cleaned = scope.filter(
        CleanupCase.objects.filter(decided_on__year=year, decision__in=[d.value for d in CLEANED])
    )
    awards = scope.filter(OrgAward.objects.filter(year=year)).aggregate(
        **{key.replace(".", "__"): Count("id", filter=Q(kind=kind)) for key, kind in AWARD_KEYS.items()}
    )
    venture = scope.filter(VentureApplication.objects.filter(round__year=year, status="funded")).aggregate(
        amount=Sum("funded_amount"), projects=Count("id")
    )
    return {
        "orgs.zombie_cleaned": cleaned.count(),
        **{key: awards[key.replace(".", "__")] for key in AWARD_KEYS},
        "orgs.venture_funding": (venture["amount"] or Decimal(0)).quantize(Decimal("0.01")),
        "orgs.venture_projects": venture["projects"],
    }


def civil_society_figures(*, actor: Any, year: int) -> dict[str, Any]:
    scope = scope_for(actor)
    values: dict[str, Any] = dict.fromkeys(CHARITY_KEYS)
    values.update(charity_figures(scope=scope, year=year))
    values.update(orgs_figures(scope=scope, year=year))
    return {"year": year, **values}
