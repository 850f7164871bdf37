"""The project's form renderer writes drop-downs in Python; what it writes must be Django's markup."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from minzheng.core.form_renderer import FormRenderer


class Everything(forms.Form):
    plain = forms.ChoiceField(choices=[("", "全部"), ("1", "A&B"), ("组", [("x", "X"), ("y", "<Y>")])], required=False)
    many = forms.MultipleChoiceField(
        choices=[("1", "一"), ("2", '"二"')],
        widget=forms.SelectMultiple(attrs={"class": "wide", "disabled": True, "hidden": False}))
    yes_no = forms.NullBooleanField()
    number = forms.TypedChoiceField(choices=[(1, "一"), (2, "二")], coerce=int)


class OwnOptionTemplate(forms.Select):
    option_template_name = "django/forms/widgets/input.html"


@pytest.mark.parametrize("data", [None, {"plain": "y", "many": ["1", "2"], "yes_no": "true", "number": "2"},
                                  {"plain": "nonsense", "number": "x"}])
@pytest.mark.parametrize("name", ["plain", "many", "yes_no", "number"])
def test_select_markup_is_djangos_own(data: dict[str, object] | None, name: str) -> None:
    django_way = Everything(data, renderer=DjangoTemplates())[name]
    ours = Everything(data, renderer=FormRenderer())[name]
    assert str(ours) == str(django_way)


def test_select_with_a_region_list_is_escaped() -> None:
    field = forms.ChoiceField(choices=[("330502", '吴兴区"><script>')])
    form = type("F", (forms.Form,), {"region": field})(renderer=FormRenderer())
    assert "<script>" not in str(form["region"])
    assert "&lt;script&gt;" in str(form["region"])


def test_widget_with_its_own_option_template_still_uses_templates() -> None:
    form_class = type("F", (forms.Form,), {"pick": forms.ChoiceField(choices=[("a", "A")], widget=OwnOptionTemplate)})
    assert str(form_class(renderer=FormRenderer())["pick"]) == str(form_class(renderer=DjangoTemplates())["pick"])


def test_settings_use_the_fast_renderer() -> None:
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), FormRenderer)
