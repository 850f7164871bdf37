"""Standard addresses (GB/T 39609-2020), digital doorplates and place names."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

REGION_12 = Q(region_code__regex=r"^\d{12}$")


class Road(models.Model):
    """A street, lane or compound (街路巷 41 / 小区 42): the level between village and doorplate."""

    class Kind(models.TextChoices):
        ROAD = "road", "街路巷"
        COMPOUND = "compound", "小区"

    class Status(models.TextChoices):
        ACTIVE = "active", "使用中"
        RETIRED = "retired", "已停用"

    code = models.CharField("道路编码", max_length=16, unique=True, help_text="所属区划12位代码＋4位序号")
    region_code = models.CharField("所属区划", max_length=12, db_index=True, help_text="乡镇街道或村社区")
    name = models.CharField("名称", max_length=60, db_index=True)
    kind = models.CharField("类别", max_length=16, choices=Kind.choices, default=Kind.ROAD)
    aliases = models.JSONField("别名", default=list, blank=True, help_text="曾用名、简称")
    pinyin = models.CharField("拼音", max_length=120, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "街路巷和小区"
        ordering = ["code"]
        constraints = [models.CheckConstraint(name="road_region_code_12_digits", condition=REGION_12)]

    def __str__(self) -> str:
        return self.name


class Address(models.Model):
    """A standard address: village or community, road or compound, doorplate number, then
    optionally building (幢), unit and room.

    Its code is region code (12) + road serial (4) + doorplate number (5: 4 digits and a
    sub-number) + building (3) + unit (2) + room (4), so it is stable, unique and sorts by place.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", "使用中"
        RETIRED = "retired", "已注销"

    code = models.CharField("地址编码", max_length=32, unique=True)
    region_code = models.CharField("所属村社区", max_length=12, db_index=True)
    # No index of its own: the (road, number) index below answers every query by road, in order.
    road = models.ForeignKey(Road, on_delete=models.PROTECT, related_name="addresses", verbose_name="街路巷/小区",
                             db_index=False)
    number = models.CharField("门牌号", max_length=10)
    building = models.CharField("幢", max_length=10, blank=True)
    unit = models.CharField("单元", max_length=10, blank=True)
    room = models.CharField("室", max_length=10, blank=True)
    full_text = models.CharField("标准地址", max_length=200, db_index=True)
    # Coordinates are WGS-84 degrees; seven decimals is about 1 cm.
    lng = models.DecimalField("经度", max_digits=10, decimal_places=7, null=True, blank=True)
    lat = models.DecimalField("纬度", max_digits=10, decimal_places=7, null=True, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    successor = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="predecessors", verbose_name="继承地址"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "标准地址"
        ordering = ["code"]
        permissions = [("manage_addresses", "可维护标准地址")]
        indexes = [models.Index(fields=["road", "number"])]
        constraints = [
            models.CheckConstraint(name="address_region_code_12_digits", condition=REGION_12),
            models.CheckConstraint(
                name="address_retired_has_no_self_successor", condition=~Q(successor=models.F("pk"))
            ),
        ]

    def __str__(self) -> str:
        return self.full_text


class PersonAddress(models.Model):
    """The standard address a resident's free-text address was matched to."""

    class Method(models.TextChoices):
        AUTO = "auto", "自动匹配"
        MANUAL = "manual", "人工确认"

    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="standard_address")
    address = models.ForeignKey(Address, on_delete=models.PROTECT, related_name="residents")
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    score = models.DecimalField("匹配分", max_digits=4, decimal_places=3)
    method = models.CharField("方式", max_length=16, choices=Method.choices, default=Method.AUTO)
    matched_at = models.DateTimeField("匹配时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "人员标准地址"

    def __str__(self) -> str:
        return f"{self.person_id} → {self.address_id}"


class HouseholdAddress(models.Model):
    household = models.OneToOneField("people.Household", on_delete=models.CASCADE, related_name="standard_address")
    address = models.ForeignKey(Address, on_delete=models.PROTECT, related_name="households")
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    score = models.DecimalField("匹配分", max_digits=4, decimal_places=3)
    method = models.CharField("方式", max_length=16, choices=PersonAddress.Method.choices, default="auto")
    matched_at = models.DateTimeField("匹配时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "家庭户标准地址"

    def __str__(self) -> str:
        return f"{self.household_id} → {self.address_id}"


class Department(models.Model):
    """A government department whose services a doorplate links to."""

    name = models.CharField("部门名称", max_length=60, unique=True)
    phone = models.CharField("咨询电话", max_length=30, blank=True)
    url = models.URLField("网址", blank=True)
    sort = models.PositiveIntegerField("排序", default=0)
    # Deactivated rather than deleted: the audit log and old reports still name it.
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "门牌关联部门"
        ordering = ["sort", "id"]

    def __str__(self) -> str:
        return self.name


class DoorplateService(models.Model):
    """A service a resident can reach from a doorplate, in the regions it applies to."""

    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="services", verbose_name="部门")
    name = models.CharField("服务名称", max_length=80)
    description = models.CharField("说明", max_length=200, blank=True)
    url = models.URLField("办理链接", blank=True)
    phone = models.CharField("电话", max_length=30, blank=True)
    # The service applies to every address whose region code starts with this region's prefix.
    region_code = models.CharField("适用区划", max_length=12, db_index=True)
    active = models.BooleanField("启用", default=True)
    sort = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "门牌关联服务"
        ordering = ["sort", "id"]
        permissions = [("manage_catalogue", "可维护门牌服务目录")]
        constraints = [
            models.UniqueConstraint(fields=["department", "name", "region_code"], name="doorplate_service_unique"),
            models.CheckConstraint(name="doorplate_service_region_12", condition=REGION_12),
            models.CheckConstraint(name="doorplate_service_reachable", condition=~Q(url="", phone="")),
        ]

    def __str__(self) -> str:
        return self.name


class Doorplate(models.Model):
    """A digital doorplate: a plate on a standard address with a QR code. The token in the QR
    code is random, so plates cannot be enumerated from address codes."""

    class Status(models.TextChoices):
        ACTIVE = "active", "在用"
        REMOVED = "removed", "已拆除"

    address = models.OneToOneField(Address, on_delete=models.PROTECT, related_name="doorplate", verbose_name="地址")
    token = models.CharField("二维码令牌", max_length=32, unique=True)
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    installed_on = models.DateField("安装日期", db_index=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "数字门牌"
        permissions = [("manage_doorplates", "可管理数字门牌")]
        constraints = [models.CheckConstraint(name="doorplate_region_12", condition=REGION_12)]

    def __str__(self) -> str:
        return f"门牌 {self.address}"


class PlateReport(models.Model):
    """A problem with a plate or its address, reported by anyone who scanned it."""

    class Kind(models.TextChoices):
        DAMAGED = "damaged", "门牌损坏或缺失"
        WRONG_ADDRESS = "wrong_address", "地址信息有误"
        WRONG_SERVICE = "wrong_service", "服务信息有误"
        OTHER = "other", "其他"

    class Status(models.TextChoices):
        OPEN = "open", "待处理"
        RESOLVED = "resolved", "已处理"
        DISMISSED = "dismissed", "不予处理"

    doorplate = models.ForeignKey(Doorplate, on_delete=models.CASCADE, related_name="reports")
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    kind = models.CharField("问题类型", max_length=20, choices=Kind.choices)
    text = models.CharField("问题描述", max_length=500)
    contact_cipher = models.TextField("联系电话（密文）", blank=True)
    contact_masked = models.CharField("联系电话", max_length=20, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True)
    resolution = models.CharField("处理结果", max_length=500, blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    handled_at = models.DateTimeField("处理时间", null=True, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "门牌问题反馈"
        ordering = ["-created_at"]
        permissions = [("handle_plate_reports", "可处理门牌问题反馈")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.get_status_display()}）"


class DoorplateBatch(models.Model):
    """A bulk installation: a plate on every active address of one village that has none, made
    by a background task. The page polls ``processed`` against ``total``.

    At most one unfinished batch per village (a database constraint), so a double click or two
    officers cannot run the same village twice at once; running a village again later simply
    finds nothing left to do.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "排队中"
        RUNNING = "running", "进行中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    UNFINISHED = ("pending", "running")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    region_code = models.CharField("村社区", max_length=12, db_index=True)
    installed_on = models.DateField("安装日期")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name="发起人")
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PENDING)
    task_id = models.CharField("任务编号", max_length=64, blank=True)
    total = models.PositiveIntegerField("待安装地址数", default=0)
    processed = models.PositiveIntegerField("已处理", default=0)
    created = models.PositiveIntegerField("新装门牌数", default=0)
    error_message = models.CharField("失败原因", max_length=500, blank=True)
    created_at = models.DateTimeField("发起时间", auto_now_add=True, db_index=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "门牌批量安装"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(name="doorplate_batch_region_12", condition=REGION_12),
            models.UniqueConstraint(fields=["region_code"], condition=Q(status__in=["pending", "running"]),
                                    name="doorplate_batch_one_open_per_village"),
        ]

    def __str__(self) -> str:
        return f"批量安装 {self.region_code}（{self.get_status_display()}）"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.is_finished:
            return 100
        return min(100, self.processed * 100 // self.total) if self.total else 0


class NamingProposal(models.Model):
    """A proposed name for a rural road or bridge: township review, county approval, publication."""

    class Kind(models.TextChoices):
        ROAD = "road", "道路"
        BRIDGE = "bridge", "桥梁"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "待乡镇审核"
        TOWNSHIP_APPROVED = "township_approved", "待区县审批"
        APPROVED = "approved", "已批准"
        PUBLISHED = "published", "已公布"
        REJECTED = "rejected", "已退回"

    name = models.CharField("名称", max_length=20)
    kind = models.CharField("类别", max_length=16, choices=Kind.choices)
    region_code = models.CharField("所在乡镇", max_length=12, db_index=True)
    village_code = models.CharField("所在村社区", max_length=12, blank=True)
    reason = models.CharField("命名理由", max_length=500)
    pinyin = models.CharField("拼音", max_length=120)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    reviewed_at = models.DateTimeField("乡镇审核时间", null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    approved_at = models.DateTimeField("区县审批时间", null=True, blank=True)
    published_on = models.DateField("公布日期", null=True, blank=True)
    rejection_reason = models.CharField("退回理由", max_length=500, blank=True)
    road = models.OneToOneField(Road, null=True, blank=True, on_delete=models.PROTECT, related_name="proposal")
    created_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "乡村道路桥梁命名"
        ordering = ["-created_at"]
        permissions = [("manage_place_names", "可办理地名命名")]
        constraints = [
            # Two live proposals may not claim the same name of the same kind in one township.
            models.UniqueConstraint(
                fields=["region_code", "kind", "name"],
                condition=~Q(status="rejected"),
                name="naming_unique_live_name_per_township",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class HeritageBatch(models.Model):
    """A published batch of the place-name heritage protection list (第一批, 第二批 …)."""

    name = models.CharField("批次", max_length=20, unique=True)
    region_code = models.CharField("公布机关区划", max_length=12, default="330500000000")
    published_on = models.DateField("公布日期")

    class Meta:
        verbose_name = verbose_name_plural = "地名文化遗产批次"
        ordering = ["published_on"]

    def __str__(self) -> str:
        return self.name


class HeritageEntry(models.Model):
    class Protection(models.TextChoices):
        PROTECTED = "protected", "保护中"
        AT_RISK = "at_risk", "濒危"
        RESTORED = "restored", "已恢复使用"

    batch = models.ForeignKey(HeritageBatch, on_delete=models.PROTECT, related_name="entries", verbose_name="批次")
    name = models.CharField("地名", max_length=40)
    category = models.CharField("类别", max_length=20, help_text="古镇、古村落、街巷、桥梁、山水……")
    region_code = models.CharField("所在区划", max_length=12, db_index=True)
    location = models.CharField("位置", max_length=200)
    history = models.TextField("历史沿革")
    protection = models.CharField("保护状态", max_length=16, choices=Protection.choices, default=Protection.PROTECTED)
    lng = models.DecimalField("经度", max_digits=10, decimal_places=7, null=True, blank=True)
    lat = models.DecimalField("纬度", max_digits=10, decimal_places=7, null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "地名文化遗产"
        ordering = ["batch", "id"]
        constraints = [models.UniqueConstraint(fields=["batch", "name", "region_code"], name="heritage_unique")]

    def __str__(self) -> str:
        return self.name


class PlaceNameWork(models.Model):
    """Countable place-name work, so reports count records rather than typed-in totals."""

    class Kind(models.TextChoices):
        SIGNAGE_PRODUCT = "signage_product", "地名标识产品"
        CULTURE_ROUTE = "culture_route", "地名文化旅游线路"
        CULTURE_HALL = "culture_hall", "地名文化展示馆"

    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    name = models.CharField("名称", max_length=100)
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    year = models.PositiveIntegerField("年度", db_index=True)
    note = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "地名文化工作"
        constraints = [models.UniqueConstraint(fields=["kind", "name", "region_code"], name="place_name_work_unique")]

    def __str__(self) -> str:
        return self.name


class QualityRun(models.Model):
    """One run of the address data-quality check over one county."""

    region_code = models.CharField("区县", max_length=12, db_index=True)
    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    total = models.PositiveIntegerField("地址总数", default=0)
    bad = models.PositiveIntegerField("问题地址数", default=0)
    counts = models.JSONField("各类问题数", default=dict)
    score = models.DecimalField("质量得分", max_digits=5, decimal_places=2, default=0)

    class Meta:
        verbose_name = verbose_name_plural = "地址质量检查"
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.region_code} {self.started_at:%Y-%m-%d %H:%M}"


class QualityIssue(models.Model):
    class Kind(models.TextChoices):
        MISSING_COORDINATES = "missing_coordinates", "缺少坐标"
        OUTSIDE_COUNTY = "outside_county", "坐标超出区县范围"
        DUPLICATE_TEXT = "duplicate_text", "标准地址重复"
        NONSTANDARD_TEXT = "nonstandard_text", "地址文本不规范"
        ORPHAN_BUILDING = "orphan_building", "楼幢无对应门牌"

    run = models.ForeignKey(QualityRun, on_delete=models.CASCADE, related_name="issues")
    address = models.ForeignKey(Address, on_delete=models.CASCADE, related_name="+")
    region_code = models.CharField("区划代码", max_length=12, db_index=True)
    kind = models.CharField("问题", max_length=24, choices=Kind.choices, db_index=True)
    detail = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "地址质量问题"
        indexes = [models.Index(fields=["run", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.address_id}"


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
