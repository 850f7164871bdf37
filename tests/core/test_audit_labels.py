"""The audit log speaks Chinese: every action code written anywhere in the code base, and every
key an entry's before/after can carry, has a Chinese label in ``core.audit_labels``. The codes
and keys are found in the source, so a new service cannot forget its label."""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

import pytest
from django.apps import apps

import minzheng
from minzheng.core import audit_labels
from minzheng.core.audit_labels import ACTIONS, OBJECTS, action_label, changes, field_label
from minzheng.people.imports.writes import CommitCounts

SOURCE = Path(minzheng.__file__).parent
HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")
AUDIT_CALLS = {"audit_record", "_entry", "AuditEntry"}


def chinese(text: str) -> bool:
    return bool(HAN.search(text)) and not LATIN.search(text)


# Parsed and walked once per test process: the whole code base takes seconds, and four tests read it.
@functools.cache
def modules() -> tuple[tuple[Path, ast.Module], ...]:
    return tuple((path, ast.parse(path.read_text(encoding="utf-8"))) for path in sorted(SOURCE.rglob("*.py")))


@functools.cache
def action_codes() -> frozenset[str]:
    """Every string in the code base shaped like an action code: <app>.<object>.<verb>; and for a
    code built as f"<app>.<object>.{self.verb}", the prefix with every ``verb="..."`` the same
    module passes."""
    labels = "|".join(re.escape(c.label) for c in apps.get_app_configs() if c.name.startswith("minzheng."))
    shape = re.compile(rf"^({labels})\.[a-z_]+\.[a-z_]+$")
    prefix_shape = re.compile(rf"^({labels})\.[a-z_]+\.$")
    codes = set()
    for _, tree in modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and shape.match(node.value):
                codes.add(node.value)
            if isinstance(node, ast.JoinedStr) and len(node.values) == 2:
                head, tail = node.values
                if (isinstance(head, ast.Constant) and prefix_shape.match(str(head.value))
                        and isinstance(tail, ast.FormattedValue)):
                    name = getattr(tail.value, "attr", None) or getattr(tail.value, "id", None)
                    codes |= {f"{head.value}{keyword.value.value}" for call in ast.walk(tree)
                              if isinstance(call, ast.Call) for keyword in call.keywords
                              if keyword.arg == name and isinstance(keyword.value, ast.Constant)}
    return frozenset(codes)


def literal_keys(value: ast.AST, bound: dict[str, list[ast.Dict]], seen: frozenset[str] = frozenset()) -> set[str]:
    """The string keys of a dict literal, following ``**name`` and bare names bound to one."""
    if isinstance(value, ast.Name) and value.id not in seen:
        return {k for d in bound.get(value.id, []) for k in literal_keys(d, bound, seen | {value.id})}
    if not isinstance(value, ast.Dict):
        return set()  # snapshot(...) of model fields: covered by the model test below
    out = set()
    for key, item in zip(value.keys, value.values, strict=True):
        if key is None:
            out |= literal_keys(item, bound, seen)
        elif isinstance(key, ast.Constant) and isinstance(key.value, str):
            out.add(key.value)
    return out


def diff_keys() -> dict[str, set[str]]:
    """The literal keys of every before/after an audit call writes (following names bound to a
    dict literal in the same module, and ``**`` inside one), by the file that writes them."""
    found: dict[str, set[str]] = {}
    for path, tree in modules():
        bound: dict[str, list[ast.Dict]] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        bound.setdefault(target.id, []).append(node.value)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in AUDIT_CALLS:
                continue
            for keyword in node.keywords:
                if keyword.arg in {"before", "after"}:
                    for key in literal_keys(keyword.value, bound):
                        found.setdefault(key, set()).add(str(path.relative_to(SOURCE)))
    return found


def model_field_label(key: str) -> str | None:
    """A key's label as the page finds it for an object of some model that has the field."""
    for model in apps.get_models():
        if not model.__module__.startswith("minzheng."):
            continue
        label = field_label(key, model)
        if label != key:
            return label
    return None


def test_the_source_holds_the_action_codes_this_test_looks_for() -> None:
    codes = action_codes()
    assert {"people.household.member_added", "places.plate_report.submitted", "people.import.committed",
            "places.naming.township_rejected", "demo.city.built"} <= codes


def test_every_action_code_in_the_code_base_has_a_chinese_label() -> None:
    missing = sorted(code for code in action_codes() if code not in ACTIONS or code.rpartition(".")[0] not in OBJECTS)
    assert missing == [], f"add these to minzheng/core/audit_labels.py ACTIONS/OBJECTS: {missing}"
    for code in action_codes():
        assert chinese(action_label(code)), code


def test_the_registry_holds_no_code_that_nothing_writes() -> None:
    assert sorted(set(ACTIONS) - action_codes()) == []


def test_labels_are_chinese() -> None:
    for text in [*OBJECTS.values(), *ACTIONS.values(), *audit_labels.FIELDS.values()]:
        assert HAN.search(text), text


def test_every_key_an_audit_call_writes_has_a_chinese_label() -> None:
    keys = diff_keys()
    assert {"created", "import_job", "seed", "scale", "head_name"} <= set(keys)
    missing = {key: sorted(where) for key, where in keys.items()
               if key not in audit_labels.FIELDS and not chinese(model_field_label(key) or key)}
    assert missing == {}


def test_import_counts_have_chinese_labels() -> None:
    for key in CommitCounts().as_dict():
        assert chinese(field_label(key)), key


def test_every_model_field_has_a_chinese_label() -> None:
    missing = [f"{model._meta.label_lower}.{field.name}"
               for model in apps.get_models() if model.__module__.startswith("minzheng.")
               for field in model._meta.concrete_fields
               if not chinese(field_label(field.name.removesuffix("_masked"), model))]
    assert missing == []


@pytest.mark.parametrize(("object_type", "diff", "expected"), [
    ("core.importjob", {"created": [None, 3], "households_created": [None, 1], "import_job": [None, "7f"]},
     {"新增": "3", "新建家庭户": "1", "导入任务": "7f"}),
    ("core.region", {"seed": [None, 1], "scale": [None, 0.01]}, {"随机种子": "1", "规模比例": "0.01"}),
    ("places.platereport", {"status": ["open", "resolved"]}, {"状态": "已处理"}),
    ("places.personaddress", {"person": [None, 5], "address": [None, 9]}, {"人员": "5", "标准地址": "9"}),
    ("places.road", {"codes": [None, [str(n) for n in range(8)]]}, {"编码": "0、1、2、3、4 等 8 项"}),
])
def test_an_entrys_changes_read_in_chinese(object_type: str, diff: dict, expected: dict[str, str]) -> None:
    assert {c.label: c.after for c in changes(object_type=object_type, diff=diff)} == expected


def test_region_codes_in_a_change_read_as_names() -> None:
    diff = {"region": ["330502003001", "330523001001"], "name": [None, "张三"]}
    assert audit_labels.region_codes([diff, None]) == {"330502003001", "330523001001"}
    names = {"330502003001": "仪凤桥社区", "330523001001": "城东社区"}
    rows = {c.label: (c.before, c.after) for c in changes(object_type="core.user", diff=diff, regions=names)}
    assert rows["所属区划"] == ("仪凤桥社区", "城东社区")


def test_a_region_key_reads_the_regions_of_each_call_though_its_label_is_worked_out_once() -> None:
    diff = {"region": [None, "330502003001"]}
    first = changes(object_type="core.user", diff=diff, regions={"330502003001": "仪凤桥社区"})
    second = changes(object_type="core.user", diff=diff, regions={})
    assert (first[0].label, first[0].after) == ("所属区划", "仪凤桥社区")
    assert (second[0].label, second[0].after) == ("所属区划", "330502003001")
    # The pick lists are shared by every page: read-only, so no page can change another's.
    assert isinstance(audit_labels.action_choices(), tuple) and isinstance(audit_labels.object_type_choices(), tuple)
    assert audit_labels.action_choices() is audit_labels.action_choices()
