"""Factories for rule tests. End-to-end tests use the real services instead."""

from __future__ import annotations

import datetime as dt

import factory

from minzheng.core.idnumber import make_id_number
from minzheng.people.models import Household, Membership, Person


def id_number_for(n: int, *, county: str = "330502", birth: dt.date = dt.date(1980, 5, 17)) -> str:
    """A distinct valid ID number per ``n`` (up to 1000 per birth date)."""
    return make_id_number(county, birth + dt.timedelta(days=n // 1000), n % 1000)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    raw_id_number = factory.Sequence(id_number_for)
    raw_phone = factory.Sequence(lambda n: f"138{n:08d}")
    name = factory.Sequence(lambda n: f"测试{'甲乙丙丁戊己庚辛壬癸'[n % 10]}{'一二三四五六七八九十'[n // 10 % 10]}")
    gender = factory.LazyAttribute(lambda o: "M" if int(o.raw_id_number[16]) % 2 else "F")
    birth_date = factory.LazyAttribute(
        lambda o: dt.date(int(o.raw_id_number[6:10]), int(o.raw_id_number[10:12]), int(o.raw_id_number[12:14]))
    )
    region_code = "330502003001"
    address_text = "红旗路18号"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):  # type: ignore[no-untyped-def]
        # The raw values are sealed (encrypted, indexed, masked) as the services would.
        raw_id, raw_phone = kwargs.pop("raw_id_number"), kwargs.pop("raw_phone", "")
        person = model_class(*args, **kwargs)
        person.set_id_number(raw_id)
        person.set_phone(raw_phone or "")
        person.save()
        return person


class HouseholdFactory(factory.django.DjangoModelFactory):
    """A household with its head (本人) as first member."""

    class Meta:
        model = Household
        skip_postgeneration_save = True

    region_code = "330502003001"
    head = factory.SubFactory(PersonFactory, region_code=factory.SelfAttribute("..region_code"))
    address_text = "红旗路18号"

    @factory.post_generation
    def head_membership(obj: Household, create: bool, extracted: object, **kwargs: object) -> None:
        if create and obj.head_id:
            Membership.objects.create(
                household=obj, person=obj.head, relationship=Membership.Relationship.SELF, region_code=obj.region_code
            )
