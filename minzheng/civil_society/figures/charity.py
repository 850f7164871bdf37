"""The charity figures of a year (三.2 of the annual summary), counted from the records in a scope.

- ``charity.orgs_new``: organizations recognized as charities in the year (decision date).
- ``charity.orgs_total``: charities standing at the year's end: recognized by then and not
  withdrawn by then (the summary's "突破100家").
- ``charity.trust_new``: the property of charitable trusts filed in the year (元).
- ``charity.trust_total``: the property of the trusts filed by the year's end, not terminated by then.
- ``charity.trust_growth``: the total's growth over the previous year's end, in %, one decimal
  (half up); None when the previous total is 0.
- ``charity.raised``: donations received in the year by the charity federation system (慈善总会系统:
  the organizations whose standing recognition carries the ``federation`` flag, the city's and the
  counties' 慈善总会); a line whose receipt was voided is not counted.
- ``charity.invested_livelihood``: disbursements paid in the year to the livelihood categories
  (every category but 其他公益).

Scoped by the organization's ``region_code`` (a trust by its own, the filing bureau's or the
charity trustee's). Each figure is one SQL aggregate.

It sits in ``figures``, above the three charity sub-domains, because it counts all of them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from minzheng.civil_society.charity.models import CharityRecognition
from minzheng.civil_society.charity.selectors import standing_on
from minzheng.civil_society.donations.models import Disbursement, Donation, Livelihood
from minzheng.civil_society.trusts.selectors import trust_year
from minzheng.core.scope import Scope

ZERO = Decimal("0.00")
LIVELIHOOD = [value for value in Livelihood.values if value != Livelihood.OTHER]


def _sum(qs: Any, field: str = "amount") -> Decimal:
    # SQLite sums decimals as floats-in-text; the figure is money, to the fen.
    return Decimal(qs.aggregate(total=Sum(field))["total"] or ZERO).quantize(ZERO)


def charity_figures(*, scope: Scope, year: int) -> dict[str, Any]:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    recognitions = scope.filter(CharityRecognition.objects.all())
    orgs_new = recognitions.filter(
        decision=CharityRecognition.Decision.GRANTED, decided_on__range=(start, end)
    ).count()
    orgs_total = recognitions.filter(standing_on(end)).count()
    trusts = trust_year(scope=scope, year=year)
    federation = CharityRecognition.objects.filter(standing_on(end), federation=True).values(
        "organization_id"
    )
    raised = _sum(
        scope.filter(
            Donation.objects.filter(
                received_on__range=(start, end), voided_on__isnull=True, organization_id__in=federation
            )
        )
    )
    invested = _sum(
        scope.filter(Disbursement.objects.filter(paid_on__range=(start, end), purpose__in=LIVELIHOOD))
    )
    return {
        "charity.orgs_new": orgs_new,
        "charity.orgs_total": orgs_total,
        "charity.trust_new": trusts["new"],
        "charity.trust_total": trusts["total"],
        "charity.trust_growth": trusts["growth"],
        "charity.raised": raised,
        "charity.invested_livelihood": invested,
    }
