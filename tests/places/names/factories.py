"""Factories for place-name rule tests. Workflow tests use the real services."""

from __future__ import annotations

import datetime as dt

import factory

from minzheng.places.models import HeritageBatch, HeritageEntry, NamingProposal, PlaceNameWork

AISHAN = "330502003000"


class NamingProposalFactory(factory.django.DjangoModelFactory):
    """A proposal in 爱山街道; pass ``proposed_by`` (a persona)."""

    class Meta:
        model = NamingProposal

    name = factory.Sequence(lambda n: f"测试{n}路")
    kind = NamingProposal.Kind.ROAD
    region_code = AISHAN
    reason = "该道路连接三个自然村，原无正式名称，群众出行不便。"
    pinyin = "Ceshi Lu"


class HeritageBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HeritageBatch
        django_get_or_create = ("name",)

    name = "第一批"
    published_on = dt.date(2019, 11, 20)


class HeritageEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HeritageEntry

    batch = factory.SubFactory(HeritageBatchFactory)
    name = factory.Sequence(lambda n: f"古地名{n}")
    category = "古村落"
    region_code = "330502000000"
    location = "吴兴区"
    history = "相传因村旁古桥得名。"


class PlaceNameWorkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlaceNameWork

    kind = PlaceNameWork.Kind.SIGNAGE_PRODUCT
    name = factory.Sequence(lambda n: f"地名标志{n}")
    region_code = "330502000000"
    year = 2024
