"""What the people API accepts. The services do the real checks and give the precise Chinese
reason (a bad ID number's checksum, date or length); these serializers only shape the input,
and where they must refuse something first they say so with the same Chinese messages."""

from __future__ import annotations

from rest_framework import serializers

from minzheng.core import messages as core_messages
from minzheng.core.api import messages as api_messages
from minzheng.people import messages
from minzheng.people.models import Membership, Person
from minzheng.people.services import REVEALABLE
from minzheng.people.validation import ADDRESS_MAX, NAME_MAX


def required(message: str) -> dict[str, str]:
    return {"required": message, "blank": message, "null": message}


def ref_field(help_text: str) -> serializers.IntegerField:
    """A person or household by number. It is looked up in the user's scope by the view, so a
    number outside the scope answers 404, exactly like one that does not exist."""
    return serializers.IntegerField(
        help_text=help_text, error_messages={**required(api_messages.ID_REQUIRED), "invalid": api_messages.ID_INVALID}
    )


NAME_ERRORS = {"max_length": core_messages.NAME_TOO_LONG.format(max=NAME_MAX)}
ADDRESS_ERRORS = {"max_length": messages.ADDRESS_TOO_LONG.format(max=ADDRESS_MAX)}
RELATIONSHIP_ERRORS = {**required(messages.RELATIONSHIP_INVALID), "invalid_choice": messages.RELATIONSHIP_INVALID}
RELATIONSHIP_HELP = "与户主关系：spouse 配偶、child 子女、parent 父母、grandchild 孙子女、sibling 兄弟姐妹、other 其他"


def relationship_field(help_text: str = RELATIONSHIP_HELP) -> serializers.ChoiceField:
    # The full list, 本人 included, so the schema has one enum; the services refuse 本人 where a
    # household already has its head, with their own message.
    return serializers.ChoiceField(choices=Membership.Relationship.choices, help_text=help_text,
                                   error_messages=RELATIONSHIP_ERRORS)


class PersonQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=50, help_text="姓名（前缀）或完整身份证号")
    region_code = serializers.CharField(required=False, allow_blank=True, max_length=12, help_text="居住地区划代码前缀")
    status = serializers.ChoiceField(choices=Person.Status.choices, required=False, allow_blank=True, help_text="状态")
    address = serializers.RegexField(
        r"^\d{12,30}$", required=False, allow_blank=True, max_length=30,
        help_text="标准地址编码或其前缀（12到30位数字）",
        error_messages={"invalid": "标准地址编码应为12到30位数字（可填前若干位）"},
    )


class PersonCreateSerializer(serializers.Serializer):
    id_number = serializers.CharField(help_text="18位身份证号码；性别与出生日期由此得出",
                                      error_messages=required(core_messages.ID_NUMBER_REQUIRED))
    name = serializers.CharField(max_length=NAME_MAX, help_text="姓名",
                                 error_messages={**required(core_messages.NAME_REQUIRED), **NAME_ERRORS})
    region_code = serializers.CharField(help_text="居住地村（社区）12位区划代码，须在您的辖区内",
                                        error_messages=required(core_messages.REGION_REQUIRED))
    phone = serializers.CharField(required=False, allow_blank=True, help_text="11位手机号码")
    address_text = serializers.CharField(required=False, allow_blank=True, max_length=ADDRESS_MAX,
                                         help_text="住址", error_messages=ADDRESS_ERRORS)


class PersonUpdateSerializer(serializers.Serializer):
    """只修改提交的字段；身份证号不能修改（登记错误须重新登记）。"""  # shown in the API docs

    name = serializers.CharField(required=False, max_length=NAME_MAX, help_text="姓名",
                                 error_messages={**required(core_messages.NAME_REQUIRED), **NAME_ERRORS})
    phone = serializers.CharField(required=False, allow_blank=True, help_text="11位手机号码；空字符串表示清除")
    region_code = serializers.CharField(required=False, help_text="居住地村（社区）12位区划代码",
                                        error_messages=required(core_messages.REGION_REQUIRED))
    address_text = serializers.CharField(required=False, allow_blank=True, max_length=ADDRESS_MAX,
                                         help_text="住址", error_messages=ADDRESS_ERRORS)


REVEAL_FIELD_INVALID = core_messages.REVEAL_FIELD_INVALID.format(fields="、".join(REVEALABLE))


class RevealSerializer(serializers.Serializer):
    field = serializers.ChoiceField(
        choices=list(REVEALABLE.items()), help_text="要查看明文的字段",
        error_messages={**required(REVEAL_FIELD_INVALID), "invalid_choice": REVEAL_FIELD_INVALID},
    )


class RevealResultSerializer(serializers.Serializer):
    field = serializers.ChoiceField(choices=list(REVEALABLE.items()), help_text="字段")
    value = serializers.CharField(help_text="明文；未登记时为空字符串")


class HouseholdQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=50, help_text="户主姓名（前缀）或任一成员的完整身份证号")
    region_code = serializers.CharField(required=False, allow_blank=True, max_length=12, help_text="区划代码前缀")


class HouseholdCreateSerializer(serializers.Serializer):
    head = ref_field("户主的人员编号；该人员不能已属于其他家庭户")
    address_text = serializers.CharField(required=False, allow_blank=True, max_length=ADDRESS_MAX,
                                         help_text="住址；不填则用户主的住址", error_messages=ADDRESS_ERRORS)


class MemberAddSerializer(serializers.Serializer):
    person = ref_field("人员编号；该人员不能已属于其他家庭户（请用“迁移成员”）")
    relationship = relationship_field()


class MemberMoveSerializer(serializers.Serializer):
    person = ref_field("要迁入本户的人员编号；他/她当前所在的户须在您的辖区内")
    relationship = relationship_field("迁入后与本户户主的关系")


class MemberUpdateSerializer(serializers.Serializer):
    relationship = relationship_field()


class HeadChangeSerializer(serializers.Serializer):
    head = ref_field("新户主的人员编号，须是本户成员")
    old_head_relationship = relationship_field("原户主与新户主的关系")
