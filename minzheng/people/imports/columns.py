"""The file format of a people import, its limits, and its Chinese messages (constants that
tests reuse)."""

from __future__ import annotations

from django.conf import settings

from minzheng.core.masking import mask_id_number, mask_phone
from minzheng.core.tabular import Column
from minzheng.people import messages as people_messages
from minzheng.people.models import Membership

HEAD_ID_REQUIRED = "非户主成员须填写户主身份证号"
RELATIONSHIP_REQUIRED = "与户主关系不能为空"
RELATIONSHIP_INVALID = "与户主关系应为：本人、配偶、子女、父母、孙子女、兄弟姐妹、其他"
HEAD_MUST_BE_SELF = "户主身份证号与本人相同，与户主关系应为“本人”"
SECOND_SELF = people_messages.RELATIONSHIP_SELF_TAKEN
DUPLICATE_ID = "与第{row}行的身份证号重复"
ID_STORED_AS_NUMBER = "身份证号被 Excel 存成了数字，末几位已丢失：请把该列设置为“文本”格式后重新填写"
# The same answer as a registration gives: it must not say that the record lies elsewhere.
PERSON_OUT_OF_SCOPE = people_messages.PERSON_ALREADY_REGISTERED
HEAD_ROW_BAD = "户主所在行（第{row}行）有误，本行不能导入"
HEAD_ROW_NOT_HEAD = "户主身份证号对应的人员（第{row}行）在本文件中不是户主"
HEAD_NOT_FOUND = "户主不在本文件中，也未在系统中登记"
HEAD_OUT_OF_SCOPE = "户主的家庭户不在您的管辖范围内"
HEAD_HAS_NO_HOUSEHOLD = "户主已登记但尚未建立家庭户：请在本文件中加入户主本人一行"
ALREADY_IN_HOUSEHOLD = people_messages.ALREADY_IN_HOUSEHOLD
PERSON_DECEASED = people_messages.PERSON_DECEASED
NO_REGION = "您的账号没有所属区划，不能导入"
NOT_COMMITTABLE = "该导入任务当前不能确认导入（可能已在导入或已完成）"
NOTHING_TO_COMMIT = "没有可导入的正确行"
ONLY_CREATOR_COMMITS = "只有上传人可以确认导入"
JOB_LOST = "导入文件已不在，请重新上传"
UNEXPECTED_VALIDATION = "校验时发生系统错误，没有写入任何数据，请联系管理员"
UNEXPECTED_COMMIT = "导入时发生系统错误，请联系管理员。已写入的批次保留，未写入的批次没有任何改动；重新上传同一文件即可继续，已导入的记录不会重复"
COMMIT_FAILED = "第{batch}批写入失败（{reason}）。此前的批次已导入；本批及以后的批次没有任何改动。重新上传同一文件即可继续，已导入的记录不会重复"

COLUMNS: tuple[Column, ...] = (
    Column("id_number", "身份证号", ("身份证号码", "身份证", "公民身份号码", "证件号码"), required=True),
    Column("name", "姓名", ("名字", "人员姓名"), required=True),
    Column("phone", "手机号", ("手机号码", "手机", "联系电话", "电话")),
    Column("region_code", "区划代码", ("村社区代码", "村（社区）代码", "行政区划代码", "区划", "区划编码"), required=True),
    Column("address", "住址", ("地址", "居住地址", "现住址", "家庭住址")),
    Column("head_id_number", "户主身份证号", ("户主身份证号码", "户主身份证", "户主公民身份号码", "户主证件号码")),
    Column("relationship", "与户主关系", ("关系", "家庭关系", "与户主的关系")),
)
MASKED_COLUMNS = {"id_number": mask_id_number, "head_id_number": mask_id_number, "phone": mask_phone}


HEAD, MEMBER, SINGLE = "head", "member", "single"
CREATE, UPDATE, KEEP = "create", "update", "keep"
SELF = Membership.Relationship.SELF.value
# The Chinese label or the code, as validation.clean_relationship accepts, looked up once.
RELATIONSHIPS = {**{label: value for value, label in Membership.Relationship.choices},
                 **{value: value for value in Membership.Relationship.values}}


def max_rows() -> int:
    return int(getattr(settings, "MINZHENG_IMPORT_MAX_ROWS", 200_000))


def max_bytes() -> int:
    return int(settings.MINZHENG_IMPORT_MAX_BYTES)

