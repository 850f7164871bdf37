"""What the people API shows. Personal data is masked here and nowhere else in the API: no
field reads ``Person.id_number`` or ``Person.phone`` (the clear properties)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from minzheng.people.models import Household, Membership, Person


def _membership(person: Person) -> Membership | None:
    try:
        return person.membership
    except ObjectDoesNotExist:
        return None


class PersonSerializer(serializers.ModelSerializer):
    id_number = serializers.CharField(source="id_number_masked", help_text="身份证号（脱敏）")
    phone = serializers.CharField(source="phone_masked", help_text="手机号（脱敏）")
    gender_display = serializers.CharField(source="get_gender_display", help_text="性别")
    status_display = serializers.CharField(source="get_status_display", help_text="状态")
    age = serializers.IntegerField(help_text="周岁")
    household = serializers.SerializerMethodField(help_text="所属家庭户编号；不属于任何户时为 null")

    class Meta:
        model = Person
        fields = ["id", "name", "id_number", "phone", "gender", "gender_display", "birth_date", "age",
                  "region_code", "address_text", "status", "status_display", "death_date", "household"]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_household(self, obj: Person) -> int | None:
        membership = _membership(obj)
        return membership.household_id if membership else None


class PersonDetailSerializer(PersonSerializer):
    relationship = serializers.SerializerMethodField(help_text="与户主关系代码；不属于任何户时为 null")
    relationship_display = serializers.SerializerMethodField(help_text="与户主关系")

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "relationship", "relationship_display", "created_at",
                  "updated_at"]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=Membership.Relationship.choices, allow_null=True))
    def get_relationship(self, obj: Person) -> str | None:
        membership = _membership(obj)
        return membership.relationship if membership else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_relationship_display(self, obj: Person) -> str | None:
        membership = _membership(obj)
        return membership.get_relationship_display() if membership else None


class MemberSerializer(serializers.ModelSerializer):
    """家庭成员，个人信息已脱敏。"""  # shown in the API docs

    name = serializers.CharField(source="person.name", help_text="姓名")
    id_number = serializers.CharField(source="person.id_number_masked", help_text="身份证号（脱敏）")
    gender = serializers.ChoiceField(source="person.gender", choices=Person.Gender.choices, help_text="性别")
    birth_date = serializers.DateField(source="person.birth_date", help_text="出生日期")
    age = serializers.IntegerField(source="person.age", help_text="周岁")
    status = serializers.ChoiceField(source="person.status", choices=Person.Status.choices, help_text="状态")
    relationship_display = serializers.CharField(source="get_relationship_display", help_text="与户主关系")

    class Meta:
        model = Membership
        fields = ["id", "person", "name", "id_number", "gender", "birth_date", "age", "status", "relationship",
                  "relationship_display", "joined_at"]
        read_only_fields = fields


class HouseholdSerializer(serializers.ModelSerializer):
    head = serializers.IntegerField(source="head_id", allow_null=True, help_text="户主人员编号")
    head_name = serializers.CharField(source="head.name", allow_null=True, help_text="户主姓名")
    member_count = serializers.SerializerMethodField(help_text="成员人数")

    class Meta:
        model = Household
        fields = ["id", "region_code", "address_text", "head", "head_name", "member_count", "created_at",
                  "updated_at"]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField())
    def get_member_count(self, obj: Household) -> int:
        # Lists annotate the count; a detail has its members prefetched.
        count: Any = getattr(obj, "member_count", None)
        return int(count) if count is not None else len(obj.memberships.all())


class HouseholdDetailSerializer(HouseholdSerializer):
    members = MemberSerializer(source="memberships", many=True, help_text="成员，按加入顺序")

    class Meta(HouseholdSerializer.Meta):
        fields = [*HouseholdSerializer.Meta.fields, "members"]
        read_only_fields = fields
