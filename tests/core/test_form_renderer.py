"""The project's form renderer writes the common widgets and labels in Python; what it writes must be
Django's markup, byte for byte."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer

from minzheng.core.form_renderer import WRITERS, FormRenderer


class Everything(forms.Form):
    required_css_class = "required"

    plain = forms.ChoiceField(label="类别", choices=[("", "全部"), ("1", "A&B"), ("组", [("x", "X"), ("y", "<Y>")])],
                              required=False)
    many = forms.MultipleChoiceField(
        label="多选?", choices=[("1", "一"), ("2", '"二"')],
        widget=forms.SelectMultiple(attrs={"class": "wide", "disabled": True, "hidden": False}))
    yes_no = forms.NullBooleanField(label="是否")
    number = forms.TypedChoiceField(choices=[(1, "一"), (2, "二")], coerce=int)
    name = forms.CharField(label="姓名", max_length=20, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    count = forms.IntegerField(label="人数", min_value=0, required=False)
    day = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}), required=False)
    email = forms.EmailField(required=False)
    secret = forms.CharField(widget=forms.PasswordInput, required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(label="问题描述", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    agree = forms.BooleanField(label="同意", required=False)
    phone = forms.CharField(widget=forms.TextInput(attrs={"type": "tel", "inputmode": "numeric"}), required=False)


DATA = [
    None,
    {"plain": "y", "many": ["1", "2"], "yes_no": "true", "number": "2", "name": '王"秀英<b>', "count": "3",
     "day": "2024-05-01", "email": "a@b.cn", "secret": "x", "hidden": "h&", "text": "第一行\n<第二行>",
     "agree": "on", "phone": "0572-2345678"},
    {"plain": "nonsense", "number": "x", "count": "-1", "day": "not a day", "text": ""},
]


@pytest.mark.parametrize("data", DATA)
@pytest.mark.parametrize("name", list(Everything.base_fields))
def test_widget_and_label_markup_are_djangos_own(data: dict[str, object] | None, name: str) -> None:
    django_way = Everything(data, renderer=DjangoTemplates(), initial={"day": dt.date(2024, 1, 2)})[name]
    ours = Everything(data, renderer=FormRenderer(), initial={"day": dt.date(2024, 1, 2)})[name]
    assert str(ours) == str(django_way)
    assert ours.label_tag() == django_way.label_tag()
    assert ours.label_tag(attrs={"class": "x"}, tag="legend") == django_way.label_tag(attrs={"class": "x"},
                                                                                     tag="legend")


def test_a_form_without_ids_writes_bare_labels_as_django_does() -> None:
    ours, theirs = Everything(auto_id=False, renderer=FormRenderer()), Everything(auto_id=False,
                                                                                 renderer=DjangoTemplates())
    assert ours["name"].label_tag() == theirs["name"].label_tag()
    assert "<label" not in ours["name"].label_tag()


def test_region_names_in_options_are_escaped() -> None:
    form_class = type("F", (forms.Form,), {"region": forms.ChoiceField(choices=[("330502", '吴兴区"><script>')])})
    html = str(form_class(renderer=FormRenderer())["region"])
    assert "<script>" not in html and "&lt;script&gt;" in html


class OwnOptionTemplate(forms.Select):
    option_template_name = "django/forms/widgets/input.html"


def test_a_select_whose_options_have_their_own_template_still_uses_templates() -> None:
    form_class = type("F", (forms.Form,), {"pick": forms.ChoiceField(choices=[("a", "A")], widget=OwnOptionTemplate)})
    assert str(form_class(renderer=FormRenderer())["pick"]) == str(form_class(renderer=DjangoTemplates())["pick"])


def test_every_input_template_written_here_is_only_djangos_input() -> None:
    """If Django ever gives one of these widgets markup of its own, the Python copy must go."""
    engine = DjangoTemplates().engine
    for name in WRITERS:
        if name.endswith(("select.html", "textarea.html", "label.html", "input.html")):
            continue
        source = engine.get_template(name).template.source.strip()
        assert source == '{% include "django/forms/widgets/input.html" %}', name


def test_settings_use_this_renderer() -> None:
    assert isinstance(get_default_renderer(), FormRenderer)
