"""The matcher's lookup table of road and region names."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from minzheng.places.addresses.models import Road


class MatchKey(models.Model):
    """A normalized name that the address matcher looks up with one indexed equality
    (``minzheng.places.matching``).

    For every active road and compound it holds the name, each alias, the short form without the
    generic suffix (红旗路 → 红旗) and every form with one character deleted, so that a one-character
    typo is an equality too (the deletion neighbourhood of SymSpell). For every region it holds the
    name and the short form (爱山街道 → 爱山). Derived data: ``road_names_rebuild`` writes it, and
    nothing else does.
    """

    class Target(models.TextChoices):
        ROAD = "road", "街路巷/小区"
        REGION = "region", "行政区划"

    class Form(models.IntegerChoices):
        NAME = 0, "名称"
        ALIAS = 1, "别名"
        SHORT = 2, "简称"
        DELETION = 3, "删一字"

    key = models.CharField("查找键", max_length=60)
    target = models.CharField("对象", max_length=8, choices=Target.choices)
    form = models.PositiveSmallIntegerField("形式", choices=Form.choices)
    # The name, alias or short form the key came from: the matcher measures the edit distance
    # between what was typed and this, not the key.
    text = models.CharField("原名", max_length=60)
    road = models.ForeignKey(Road, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # The scope prefix of the road's region, or of the region itself (330502003 for 爱山街道), so
    # that "inside" is a string prefix test on the hot path.
    area = models.CharField("区划前缀", max_length=12)
    # The road's code: with it, an address typed in full is found by its own code (GB/T 39609
    # codes are region + road + number + building + unit + room), one unique-index probe.
    road_code = models.CharField("道路编码", max_length=16, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "地址匹配查找键"
        # Every column the matcher reads is in the index, so its lookup never visits the table.
        indexes = [models.Index(fields=["key", "target", "form", "road", "area", "road_code", "text"],
                                name="places_matchkey_lookup")]
        constraints = [
            models.UniqueConstraint(fields=["key", "road", "text"], condition=Q(road__isnull=False),
                                    name="matchkey_unique_road_key"),
            models.UniqueConstraint(fields=["key", "area", "text"], condition=Q(road__isnull=True),
                                    name="matchkey_unique_region_key"),
            models.CheckConstraint(name="matchkey_road_xor_region",
                                   condition=Q(target="road", road__isnull=False) | Q(target="region", road__isnull=True)),
        ]

    def __str__(self) -> str:
        return self.key
