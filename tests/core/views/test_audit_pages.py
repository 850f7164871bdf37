"""The auditors' pages: search the audit log and the access log; read-only; others get 403."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from minzheng.core.audit_labels import Change, action_label
from minzheng.core.forms import DATE_RANGE_REVERSED
from minzheng.core.models import AccessLog, AuditEntry
from minzheng.core.views import AuditRow
from minzheng.people import services
from tests.personas import MY_VILLAGE, OTHER_COUNTY_VILLAGE
from tests.web.world import BAD_CHOICE, World, login

pytestmark = pytest.mark.django_db

AUDIT = reverse("core:audit_list")
ACCESS = reverse("core:access_log_list")


def auditor(world: World) -> Client:
    return login(Client(), world.personas.auditor)


def actions(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [row.entry.action for row in response.context["rows"]]


def test_auditor_sees_every_entry_newest_first(world: World) -> None:
    response = auditor(world).get(AUDIT)
    assert response.status_code == 200
    shown = actions(response)
    assert len(shown) == AuditEntry.objects.count()
    assert shown[0] == "people.household.member_added"  # the world's last write
    assert "core.staff.created" in shown  # city-wide auditors also see staff changes


def test_filter_by_action_prefix(world: World) -> None:
    response = auditor(world).get(AUDIT, {"action": "people.household"})
    assert set(actions(response)) == {"people.household.member_added"}
    assert len(actions(response)) == 3


def test_the_action_filter_is_a_pick_list_in_words(world: World) -> None:
    response = auditor(world).get(AUDIT)
    field = response.context["form"]["action"]
    groups = [group for group, _ in field.field.choices[1:]]
    assert groups[:2] == ["人员", "家庭户"]  # an optgroup per object, the registry's first
    assert ">家庭户（全部操作）</option>" in response.text
    assert 'value="people.household.member_added">家庭户 · 添加成员</option>' in response.text
    picked = auditor(world).get(AUDIT, {"action": "people.household.member_added"})
    assert set(actions(picked)) == {"people.household.member_added"}
    assert auditor(world).get(AUDIT, {"action": "people.household.member"}).context["form"].errors["action"]


def test_an_object_prefix_does_not_match_a_longer_object(world: World) -> None:
    DoorplateServiceEntry = AuditEntry(action="places.doorplate_service.created", object_type="places.doorplateservice",
                                       object_id="1", actor_name="system", region_code="")
    DoorplateServiceEntry.save()
    assert "places.doorplate_service.created" not in actions(auditor(world).get(AUDIT, {"action": "places.doorplate"}))
    assert actions(auditor(world).get(AUDIT, {"action": "places.doorplate_service"})) == [
        "places.doorplate_service.created"]


def test_filter_by_actor_object_and_region(world: World) -> None:
    mine = world.mine
    services.person_update(actor=world.personas.village_worker, person=mine.head, name="张改名")
    client = auditor(world)
    assert actions(client.get(AUDIT, {"actor": "village_worker"})) == ["people.person.updated"]
    by_object = client.get(AUDIT, {"object_type": "people.person", "object_name": "张改"})
    assert actions(by_object) == ["people.person.updated"]
    # 安吉县: its county officer's account and its household's member.
    assert set(actions(client.get(AUDIT, {"region_code": "330523"}))) == {
        "core.staff.created", "people.household.member_added"}
    assert {row.entry.region_code for row in client.get(AUDIT, {"region_code": "330523001"}).context["rows"]} == {
        OTHER_COUNTY_VILLAGE}


def test_actor_is_found_by_display_name_and_system_work_by_the_word(world: World) -> None:
    worker = world.personas.village_worker
    worker.display_name = "陈网格"
    worker.save(update_fields=["display_name"])
    services.person_update(actor=worker, person=world.mine.head, name="张改名")
    client = auditor(world)
    response = client.get(AUDIT, {"actor": "陈网"})
    assert actions(response) == ["people.person.updated"]
    assert "陈网格" in response.text
    AuditEntry(action="core.import_job.expired", object_type="core.importjob", object_id="1",
               actor_name="system").save()
    by_system = client.get(AUDIT, {"actor": "系统"}).context["rows"]
    assert by_system[0].entry.action == "core.import_job.expired"
    assert {row.entry.actor_name for row in by_system} == {"system"}  # and the personas, made by no one
    assert "系统" in client.get(AUDIT, {"actor": "系统"}).text


def test_object_type_and_region_are_pick_lists_in_words(world: World) -> None:
    response = auditor(world).get(AUDIT)
    assert '<option value="people.person">人员</option>' in response.text
    assert '<option value="330523">安吉县</option>' in response.text
    assert actions(auditor(world).get(AUDIT, {"object_type": "core.user"}))[0] == "core.staff.created"


def test_filter_by_dates(world: World) -> None:
    today = timezone.localdate()
    client = auditor(world)
    assert client.get(AUDIT, {"since": today.isoformat(), "until": today.isoformat()}).context["rows"]
    assert not client.get(AUDIT, {"until": (today - dt.timedelta(days=1)).isoformat()}).context["rows"]
    assert not client.get(AUDIT, {"since": (today + dt.timedelta(days=1)).isoformat()}).context["rows"]


@pytest.mark.parametrize(("params", "field", "message"), [
    ({"since": "2024-05-02", "until": "2024-05-01"}, "until", DATE_RANGE_REVERSED),
    ({"region_code": "33a5"}, "region_code", BAD_CHOICE.replace("%(value)s", "33a5")),
])
def test_bad_filters_show_the_reason_and_no_rows(world: World, params: dict, field: str, message: str) -> None:
    response = auditor(world).get(AUDIT, params)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert message in response.text
    assert response.context["rows"] == []


def test_rows_show_the_change_in_words(world: World) -> None:
    mine = world.mine
    services.person_update(actor=world.personas.village_worker, person=mine.head, name="张改名",
                           phone="13911112222")
    response = auditor(world).get(AUDIT, {"action": "people.person.updated"})
    row = response.context["rows"][0]
    assert row.action == "人员 · 修改"
    changes = {c.label: (c.before, c.after) for c in row.changes}
    assert changes["姓名"][1] == "张改名"
    assert changes["手机号"][1] == "139****2222"  # masked in the log itself
    assert "13911112222" not in response.text
    assert "人员 · 修改" in response.text


def test_choice_values_are_shown_by_their_labels(world: World) -> None:
    services.household_member_update(actor=world.personas.city_admin, membership=world.mine.spouse_membership,
                                     relationship="sibling")
    row = auditor(world).get(AUDIT, {"action": "people.household.member_updated"}).context["rows"][0]
    assert row.action == "家庭户 · 修改成员关系"
    assert row.object_type == "家庭户"


def test_a_new_members_relationship_reads_as_its_label(world: World) -> None:
    row = auditor(world).get(AUDIT, {"action": "people.household.member_added"}).context["rows"][0]
    changes = {c.label: c for c in row.changes}
    assert changes["与户主关系"].after == "配偶"
    assert changes["姓名"].after == world.villages[OTHER_COUNTY_VILLAGE].spouse.name
    assert not changes["姓名"].had_before  # set from nothing: shown without a "before"


def test_a_change_table_escapes_what_the_log_holds_and_a_creation_has_no_before() -> None:
    entry = AuditEntry(action="people.person.updated", at=timezone.now())
    row = AuditRow(entry=entry, action="", object_type="", region="", changes=[
        Change(label="姓名", before="<b>张</b>", after="李&王", had_before=True),
        Change(label="手机号", before="—", after="139****2222", had_before=False),
    ])
    assert row.changes_table == (
        '<table class="diff"><tbody>'
        '\n        <tr><th>姓名</th><td class="before">&lt;b&gt;张&lt;/b&gt;</td><td class="arrow">→</td>'
        '<td class="after">李&amp;王</td></tr>'
        '\n        <tr><th>手机号</th><td></td><td></td><td class="after">139****2222</td></tr>'
        "\n      </tbody></table>")
    assert AuditRow(entry=entry, action="", object_type="", region="", changes=[]).changes_table == \
        '<span class="muted">—</span>'


def test_both_logs_show_times_in_local_time_to_the_second(world: World) -> None:
    officer = login(Client(), world.personas.aishan_officer)
    officer.get(reverse("people:person_detail", args=[world.mine.head.pk]))
    client = auditor(world)
    entry = AuditEntry.objects.order_by("-at", "-id").first()
    log = AccessLog.objects.order_by("-at", "-id").first()
    assert entry is not None and log is not None
    shown = timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S")
    assert f'<td data-label="时间" class="nowrap">{shown}</td>' in client.get(AUDIT).text
    access = client.get(ACCESS).text
    assert f'<td data-label="时间" class="nowrap">{timezone.localtime(log.at):%Y-%m-%d %H:%M:%S}</td>' in access
    assert '<td data-label="类型">查看详情</td>' in access


def test_action_labels() -> None:
    assert action_label("core.staff.created") == "工作人员 · 新增"
    assert action_label("people.person.died") == "人员 · 登记死亡"
    assert action_label("places.plate_report.submitted") == "门牌问题反馈 · 提交"
    assert action_label("reports.snapshot.refreshed") == "reports.snapshot.refreshed"  # not registered yet


def test_htmx_search_answers_with_the_table_only(world: World) -> None:
    response = auditor(world).get(AUDIT, {"action": "people.household"}, HTTP_HX_REQUEST="true",
                                  HTTP_HX_TARGET="results")
    assert "<html" not in response.text
    assert "audit-entry" in response.text


def test_access_log_tab_lists_views_and_reveals(world: World) -> None:
    head = world.mine.head
    officer = login(Client(), world.personas.aishan_officer)
    officer.get(reverse("people:person_detail", args=[head.pk]))
    officer.post(reverse("people:person_reveal", args=[head.pk, "phone"]))
    client = auditor(world)
    response = client.get(ACCESS)
    assert response.status_code == 200
    logs = list(response.context["page"])
    assert [(log.kind, log.field) for log in logs] == [("reveal", "phone"), ("view", "")]
    assert "查看明文" in response.text and "手机号" in response.text
    reveals = client.get(ACCESS, {"kind": "reveal", "actor": "aishan_officer"}).context["page"]
    assert [log.subject_id for log in reveals] == [str(head.pk)]
    assert not list(client.get(ACCESS, {"actor": "someone_else"}).context["page"])


def test_access_log_is_searched_by_the_persons_name_or_id_number(world: World) -> None:
    head, loner = world.mine.head, world.mine.loner
    officer = login(Client(), world.personas.aishan_officer)
    officer.get(reverse("people:person_detail", args=[head.pk]))
    officer.get(reverse("people:person_detail", args=[loner.pk]))
    client = auditor(world)

    def subjects(person: str) -> list[str]:
        return [log.subject_id for log in client.get(ACCESS, {"person": person}).context["page"]]

    assert subjects(head.name) == [str(head.pk)]
    assert subjects(head.id_number) == [str(head.pk)]  # through the blind index
    assert subjects(loner.id_number) == [str(loner.pk)]
    assert subjects("110101199003070000") == []  # a bad checksum finds nobody
    assert "被查看人员" in client.get(ACCESS).text


def test_logs_are_read_only_through_the_pages(world: World) -> None:
    client = auditor(world)
    before = (AuditEntry.objects.count(), AccessLog.objects.count())
    assert client.post(AUDIT, {"action": "x"}).status_code == 405
    assert client.post(ACCESS, {"kind": "view"}).status_code == 405
    assert (AuditEntry.objects.count(), AccessLog.objects.count()) == before


@pytest.mark.parametrize("name", ["city_admin", "wuxing_officer", "aishan_officer", "village_worker", "nobody"])
def test_others_get_403(world: World, name: str) -> None:
    client = login(Client(), getattr(world.personas, name))
    assert client.get(AUDIT).status_code == 403
    assert client.get(ACCESS).status_code == 403


def test_audit_page_is_in_the_auditors_navigation_only(world: World) -> None:
    assert f'href="{AUDIT}"' in auditor(world).get(reverse("web:home")).text
    assert f'href="{AUDIT}"' not in login(Client(), world.personas.city_admin).get(reverse("web:home")).text


def test_a_village_entry_is_in_its_townships_region_filter(world: World) -> None:
    response = auditor(world).get(AUDIT, {"region_code": MY_VILLAGE[:9]})
    rows = {row.entry.region_code: row.region for row in response.context["rows"]}
    assert rows == {MY_VILLAGE: "湖州市吴兴区爱山街道仪凤桥社区", "330502003000": "湖州市吴兴区爱山街道"}


# The loop of _audit_results.html as it was before its rows were written in Python: the reference.
TEMPLATE_ROWS = """
  {% for row in rows %}
    <tr class="audit-entry" data-action="{{ row.entry.action }}">
      <td class="card-title action">{{ row.action }}</td>
      <td data-label="时间" class="nowrap">{{ row.at }}</td>
      <td data-label="操作人">{% if row.entry.actor %}{{ row.entry.actor }}{% if row.entry.actor.display_name %} <span class="muted small">{{ row.entry.actor_name }}</span>{% endif %}{% elif row.entry.actor_name == "system" %}系统{% else %}{{ row.entry.actor_name }}{% endif %}</td>
      <td data-label="对象">{{ row.object_type }}<br><span class="muted">{{ row.entry.object_repr }}</span></td>
      <td data-label="区划">{{ row.region|default:"—" }}</td>
      <td data-label="变更">{{ row.changes_table }}</td>
    </tr>
  {% endfor %}"""


def test_the_rows_written_in_python_are_the_templates_byte_for_byte() -> None:
    from django.template import engines

    from minzheng.core.models import User
    from minzheng.core.views import audit_rows

    actors = [(User(id=1, username="wang<1>", display_name='王"五"&'), "wang<1>"),
              (User(id=2, username="li&2", display_name=""), "li&2"), (None, "system"), (None, "gone<3>")]
    rows = [AuditRow(entry=AuditEntry(id=pk, action=f'people.person.updated"{pk}', actor=actor, actor_name=name,
                                      object_repr="张<三>" if pk % 2 else "", at=timezone.now()),
                     action="人员 · 修改<>", object_type="人员&", region="" if pk % 2 else "吴兴区<x>",
                     changes=[Change(label="姓名", before="<b>", after="&", had_before=bool(pk % 3))] if pk % 2 else [],
                     at="2025-01-02 03:04:05")
            for pk, (actor, name) in enumerate(actors * 2)]
    expected = engines["django"].from_string(TEMPLATE_ROWS).render({"rows": rows})
    assert "\n  " + audit_rows(rows) == expected
    assert "系统" in expected and "gone&lt;3&gt;" in expected and "王&quot;五&quot;&amp;" in expected
    assert audit_rows([]) == ""


def test_the_pick_lists_are_normalized_once_and_render_and_validate_as_django_would() -> None:
    from django import forms

    from minzheng.core import audit_labels
    from minzheng.core.forms import AuditSearchForm

    class Plain(forms.Form):
        action = forms.ChoiceField(label="操作", required=False,
                                   choices=[("", "全部"), *audit_labels.action_choices()])
        object_type = forms.ChoiceField(label="对象类型", required=False,
                                        choices=[("", "全部"), *audit_labels.object_type_choices()])

    data = {"action": "people.household.member_added", "object_type": "people.person"}
    ours, plain = AuditSearchForm(data, region_choices=[]), Plain(data)
    assert ours.is_valid() and plain.is_valid()
    for name in ("action", "object_type"):
        assert str(ours[name]) == str(plain[name]) and 'selected' in str(ours[name])
        assert list(ours.fields[name].choices) == list(plain.fields[name].choices)
    assert AuditSearchForm(data, region_choices=[]).fields["action"].choices is ours.fields["action"].choices
    assert not AuditSearchForm({"action": "people.household.member"}, region_choices=[]).is_valid()
