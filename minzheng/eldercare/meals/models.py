"""Meals for the elderly (老年助餐): the subsidy per meal by age tier, and the meals served.

**MealSubsidyRate** is the subsidy per meal for an age tier (60–79, 80–89, 90 and over), for a
region prefix from a month on, like ``BedSubsidyRate``: rows are never overwritten, a new rate is
a new row, and a past month keeps the rate it had (longest prefix, then latest
``effective_from``).

A **MealRecord** is one meal of one elder at one meal site (a ``facilities.Facility`` of kind
``meal_site``): the day, lunch or dinner, eaten in or delivered, the price, the subsidy and what
the elder paid (``elder_share = price - subsidy``), with the love card or in cash. ``region_code``
is the site's, and reads are scoped by it. One elder has at most one lunch and one dinner a day
(a unique constraint): recording the same meal twice finds the first record and can never debit
the card twice. When the love card pays, ``love_card_entry`` is the ledger's debit, keyed
``meal:<record id>``; the record and its debit are written in one transaction, so there is never
one without the other. ``tier`` is the age tier the subsidy was paid at (blank under 60), kept
so that counts by tier need no ages.

Large tables are indexed by ``(region_code, period)`` (ARCHITECTURE "Scale"): the counts per site
and month read them by ``(site, period)``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

REGION_12 = Q(region_code__regex=r"^\d{12}$")


class MealTier(models.TextChoices):
    """Age tiers of the meal subsidy, by the lowest age in each (an age is reached on the birthday)."""

    AGE_60 = "60", "60–79周岁"
    AGE_80 = "80", "80–89周岁"
    AGE_90 = "90", "90周岁及以上"


# The lowest age of each tier, highest first: an elder's tier is the first one they have reached.
TIER_AGES: tuple[tuple[str, int], ...] = (
    (MealTier.AGE_90.value, 90),
    (MealTier.AGE_80.value, 80),
    (MealTier.AGE_60.value, 60),
)
ELDER_AGE = 60


class Meal(models.TextChoices):
    LUNCH = "lunch", "午餐"
    DINNER = "dinner", "晚餐"


class MealMode(models.TextChoices):
    EAT_IN = "eat_in", "堂食"
    DELIVERED = "delivered", "送餐上门"


class PaidWith(models.TextChoices):
    LOVE_CARD = "love_card", "爱心卡"
    CASH = "cash", "现金"


class MealSubsidyRate(models.Model):
    tier = models.CharField("年龄段", max_length=2, choices=MealTier.choices)
    region_prefix = models.CharField("适用区划（代码前缀）", max_length=12)
    effective_from = models.DateField("起始月份", help_text="每月1日")
    amount = models.DecimalField("补贴标准（元/餐）", max_digits=10, decimal_places=2)
    note = models.CharField("依据", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="录入人",
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "助餐补贴标准"
        ordering = ["region_prefix", "tier", "-effective_from"]
        permissions = [("manage_meal_subsidy_rates", "可维护老年助餐补贴标准")]
        constraints = [
            models.UniqueConstraint(
                fields=["tier", "region_prefix", "effective_from"],
                name="meal_subsidy_rate_one_per_tier_region_month",
            ),
            models.CheckConstraint(name="meal_subsidy_rate_not_negative", condition=Q(amount__gte=0)),
            models.CheckConstraint(
                name="meal_subsidy_rate_tier_known", condition=Q(tier__in=MealTier.values)
            ),
            models.CheckConstraint(
                name="meal_subsidy_rate_region_prefix_digits", condition=Q(region_prefix__regex=r"^\d{2,12}$")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_tier_display()} {self.region_prefix} {self.effective_from:%Y-%m} {self.amount}"


class MealRecord(models.Model):
    Meal = Meal
    Mode = MealMode
    PaidWith = PaidWith
    Tier = MealTier

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="meal_records",
        verbose_name="老年人",
        db_index=False,
    )  # the (person, day, meal) unique index serves it
    site = models.ForeignKey(
        "facilities.Facility",
        on_delete=models.PROTECT,
        related_name="meal_records",
        verbose_name="助餐点",
        db_index=False,
    )  # the (site, period) index serves it
    region_code = models.CharField("区划代码", max_length=12, help_text="助餐点所在区划")
    served_on = models.DateField("就餐日期")
    period = models.DateField("所属月份", help_text="就餐日期所在月的1日")
    meal = models.CharField("餐次", max_length=8, choices=Meal.choices)
    mode = models.CharField("就餐方式", max_length=10, choices=MealMode.choices)
    tier = models.CharField(
        "补贴年龄段",
        max_length=2,
        choices=MealTier.choices,
        blank=True,
        help_text="就餐当日的年龄段；未满60周岁为空，不补贴",
    )
    price = models.DecimalField("餐费（元）", max_digits=10, decimal_places=2)
    subsidy = models.DecimalField("助餐补贴（元）", max_digits=10, decimal_places=2)
    elder_share = models.DecimalField("个人支付（元）", max_digits=10, decimal_places=2)
    paid_with = models.CharField("个人支付方式", max_length=10, choices=PaidWith.choices)
    love_card_entry = models.OneToOneField(
        "eldercare.LoveCardEntry",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meal_record",
        verbose_name="爱心卡扣款",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="登记人",
        db_index=False,
    )
    created_at = models.DateTimeField("登记时间")

    class Meta:
        verbose_name = verbose_name_plural = "助餐记录"
        ordering = ["-served_on", "-id"]
        permissions = [("record_meals", "可登记老年助餐，查看助餐记录和统计")]
        indexes = [
            models.Index(fields=["region_code", "period"], name="meal_record_region_period"),
            models.Index(fields=["site", "period"], name="meal_record_site_period"),
        ]
        constraints = [
            # One lunch and one dinner a day per elder: a second recording finds the first.
            models.UniqueConstraint(
                fields=["person", "served_on", "meal"], name="meal_record_one_per_person_day_meal"
            ),
            models.CheckConstraint(name="meal_record_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(name="meal_record_meal_known", condition=Q(meal__in=Meal.values)),
            models.CheckConstraint(name="meal_record_mode_known", condition=Q(mode__in=MealMode.values)),
            models.CheckConstraint(
                name="meal_record_paid_with_known", condition=Q(paid_with__in=PaidWith.values)
            ),
            models.CheckConstraint(
                name="meal_record_tier_known", condition=Q(tier__in=["", *MealTier.values])
            ),
            models.CheckConstraint(name="meal_record_price_positive", condition=Q(price__gt=0)),
            # The subsidy is never more than the price, and nothing under 60.
            models.CheckConstraint(
                name="meal_record_subsidy_within_price", condition=Q(subsidy__gte=0, subsidy__lte=F("price"))
            ),
            models.CheckConstraint(
                name="meal_record_no_subsidy_without_tier", condition=~Q(tier="") | Q(subsidy=0)
            ),
            models.CheckConstraint(
                name="meal_record_elder_share_not_negative", condition=Q(elder_share__gte=0)
            ),
            # Only the love card leaves a ledger entry (cash, and a meal the subsidy pays in full, none).
            models.CheckConstraint(
                name="meal_record_entry_only_for_love_card",
                condition=Q(love_card_entry__isnull=True) | Q(paid_with="love_card"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.served_on} {self.get_meal_display()} {self.person_id}@{self.site_id}"
