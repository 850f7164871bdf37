"""The bed integrity check ``other_bed`` sees home eldercare beds (registered by the eldercare
app on start), and the beds established per year and region are counted from the contracts in
the reader's scope: the eldercare figure ``home_beds_built``."""

from __future__ import annotations

import datetime as dt

import pytest

from minzheng.eldercare.beds import integrity
from minzheng.eldercare.beds import messages as bed_messages
from minzheng.eldercare.beds.integrity import findings, other_bed_sources
from minzheng.eldercare.beds.services import bed_check_in
from minzheng.eldercare.figures.selectors import eldercare_figures
from minzheng.eldercare.home_beds import selectors, services
from tests.eldercare.home_beds.conftest import Providers, dibao, disabled, fresh, sign
from tests.personas import OTHER_COUNTY_VILLAGE, Personas

pytestmark = pytest.mark.django_db

D = dt.date


def test_home_beds_are_a_registered_other_bed_source() -> None:
    assert [(s.key, s.label) for s in other_bed_sources() if s.key == "home_beds"] == [
        ("home_beds", "家庭养老床位")
    ]


def test_a_home_bed_holder_checked_into_a_care_home_is_an_other_bed_finding(
    personas: Personas, providers: Providers
) -> None:
    person, alone = disabled(personas.aishan_officer), dibao()
    home_bed = sign(personas.aishan_officer, person, providers.home, on=D(2024, 3, 1))
    sign(personas.aishan_officer, alone, providers.home, on=D(2024, 3, 1))
    # The care home's check-in does not know of home beds: the integrity check is what finds it.
    bed = providers.beds[0]
    bed_check_in(actor=personas.aishan_officer, bed=bed, person=person, on=D(2024, 5, 1))
    found = findings(
        user=personas.wuxing_officer, month=D(2024, 5, 1), on=D(2024, 6, 1), check=integrity.OTHER_BED
    )
    assert [(f.check, f.person) for f in found] == [("other_bed", person)]
    assert found[0].message == bed_messages.FINDING_OTHER_BED.format(
        name=person.name, bed=f"{providers.home.name}101房1床", source="家庭养老床位"
    )
    # Before the stay, and after the home bed ended, there is nothing to find.
    assert (
        findings(
            user=personas.wuxing_officer, month=D(2024, 5, 1), on=D(2024, 4, 1), check=integrity.OTHER_BED
        )
        == []
    )
    services.home_bed_end(
        actor=personas.aishan_officer, home_bed=home_bed, ended_on=D(2024, 5, 2), reason="care_home"
    )
    assert (
        findings(
            user=personas.wuxing_officer, month=D(2024, 5, 1), on=D(2024, 6, 1), check=integrity.OTHER_BED
        )
        == []
    )
    assert (
        len(
            findings(
                user=personas.wuxing_officer, month=D(2024, 5, 1), on=D(2024, 5, 1), check=integrity.OTHER_BED
            )
        )
        == 1
    )


def test_beds_established_are_counted_per_year_and_region_in_scope(
    personas: Personas, providers: Providers
) -> None:
    sign(personas.aishan_officer, disabled(personas.aishan_officer), providers.home, on=D(2024, 1, 1))
    ended = sign(personas.aishan_officer, dibao(), providers.home, on=D(2024, 12, 31))
    services.home_bed_end(
        actor=personas.aishan_officer, home_bed=ended, ended_on=D(2024, 12, 31), reason="moved"
    )
    sign(personas.aishan_officer, disabled(personas.aishan_officer), providers.home, on=D(2023, 12, 31))
    anji = disabled(personas.anji_officer, region_code=OTHER_COUNTY_VILLAGE)
    sign(fresh(providers.op_b), anji, providers.anji, on=D(2024, 6, 1))
    assert selectors.home_beds_built(user=personas.city_admin, year=2024) == 3
    assert selectors.home_beds_built(user=personas.city_admin, year=2023) == 1
    assert selectors.home_beds_built(user=personas.aishan_officer, year=2024) == 2
    assert selectors.home_beds_built(user=personas.anji_officer, year=2024) == 1
    assert selectors.built_by_county(user=personas.city_admin, year=2024) == [
        ("330502000000", 2),
        ("330523000000", 1),
    ]
    assert eldercare_figures(actor=personas.city_admin, year=2024)["home_beds_built"] == 3
    assert eldercare_figures(actor=personas.aishan_officer, year=2024)["home_beds_built"] == 2
    assert eldercare_figures(actor=personas.wuxing_officer, year=2023)["home_beds_built"] == 1


def test_scope_officers_see_their_elders_and_operators_their_sites(
    personas: Personas, providers: Providers
) -> None:
    mine = sign(personas.aishan_officer, disabled(personas.aishan_officer), providers.home)
    anji_elder = disabled(personas.anji_officer, region_code=OTHER_COUNTY_VILLAGE)
    # Operator a's site serves an elder of 安吉县: the contract counts there, op_a sees it too.
    theirs = sign(fresh(providers.op_a), anji_elder, providers.home)

    def seen(user) -> set[int]:  # type: ignore[no-untyped-def]
        return set(selectors.home_beds_visible(user=user).values_list("id", flat=True))

    assert seen(personas.aishan_officer) == {mine.pk}
    assert seen(personas.anji_officer) == {theirs.pk}
    assert seen(personas.city_admin) == {mine.pk, theirs.pk}
    assert seen(fresh(providers.op_a)) == {mine.pk, theirs.pk}
    assert seen(fresh(providers.op_b)) == set()
    assert seen(personas.village_worker) == {mine.pk}  # in scope, though without the power to keep them
