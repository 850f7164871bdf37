"""The form renderer (``FORM_RENDERER``): Django's own, except that a drop-down is written in Python.

Django renders a ``<select>`` by including one template per ``<option>``. A county officer's or the
city auditor's region filter lists every township and village in reach, about 1,500 options, and the
template way costs about 15 ms of CPU per drop-down per page: more than the rest of the page. Written
here, the same HTML costs well under a millisecond. The markup is Django's byte for byte (a test
compares the two); a widget with its own templates still goes through them.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def _attrs(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html: ``True`` is a bare name, ``False`` leaves the attribute out."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {name}" if value is True else f' {name}="{conditional_escape(str(value))}"')
    return "".join(out)


def _select(widget: dict[str, Any]) -> SafeString | None:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            if option["template_name"] != OPTION:
                return None
            parts.append(f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                         f'{_attrs(option["attrs"])}>{conditional_escape(option["label"])}</option>\n')
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")  # Django strips what a template renders; so does this
    return mark_safe("".join(parts))


class FormRenderer(DjangoTemplates):
    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        if template_name == SELECT:
            html = _select(context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request=request)
