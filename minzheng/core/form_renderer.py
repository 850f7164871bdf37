"""The form renderer (``FORM_RENDERER``): Django's own, except that the common widgets and labels are
written in Python.

Django renders a widget by a template, and a ``<select>`` by including one template per ``<option>``.
A county officer's or the city auditor's region filter lists every township and village in reach,
about 1,500 options, and the template way costs about 15 ms of CPU per drop-down: more than the rest
of the page. Every form on every page (a filter, the doorplate's report form) pays the same way for
its inputs and labels, a few hundred microseconds each. Written here, the same HTML costs a fraction.

The markup is Django's byte for byte (a test compares the two for every widget written here); any
other template, and a select whose options have their own template, still goes through Django.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

WIDGETS = "django/forms/widgets/"
OPTION = WIDGETS + "select_option.html"


def _s(value: Any) -> str:
    """The ``stringformat:'s'`` filter."""
    if isinstance(value, tuple):
        value = str(value)
    try:
        return "%s" % value  # noqa: UP031 - the filter's own formatting, tuples and all
    except (ValueError, TypeError):
        return ""


def _attrs(attrs: dict[str, Any] | None) -> str:
    """attrs.html: ``True`` is a bare name, ``False`` leaves the attribute out."""
    out = []
    for name, value in (attrs or {}).items():
        if value is False:
            continue
        out.append(f" {conditional_escape(name)}" if value is True
                   else f' {conditional_escape(name)}="{conditional_escape(_s(value))}"')
    return "".join(out)


def _input(context: dict[str, Any]) -> str | None:
    widget = context["widget"]
    value = "" if widget["value"] is None else f' value="{conditional_escape(_s(widget["value"]))}"'
    return (f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
            f'{value}{_attrs(widget["attrs"])}>')


def _textarea(context: dict[str, Any]) -> str | None:
    widget = context["widget"]
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _select(context: dict[str, Any]) -> str | None:
    widget = context["widget"]
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            if option["template_name"] != OPTION:
                return None
            parts.append(f'\n  <option value="{conditional_escape(_s(option["value"]))}"'
                         f'{_attrs(option["attrs"])}>{conditional_escape(option["label"])}</option>\n')
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _label(context: dict[str, Any]) -> str | None:
    label = conditional_escape(context["label"])
    if not context["use_tag"]:
        return label
    tag = conditional_escape(context["tag"])
    return f"<{tag}{_attrs(context['attrs'])}>{label}</{tag}>"


# Each of these templates is only {% include "django/forms/widgets/input.html" %}.
_INPUTS = ("input", "text", "number", "email", "url", "password", "hidden", "date", "datetime", "time",
           "search", "tel", "color", "checkbox", "file")
WRITERS: dict[str, Callable[[dict[str, Any]], str | None]] = {
    **{f"{WIDGETS}{name}.html": _input for name in _INPUTS},
    WIDGETS + "textarea.html": _textarea,
    WIDGETS + "select.html": _select,
    "django/forms/label.html": _label,
}


class FormRenderer(DjangoTemplates):
    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        writer = WRITERS.get(template_name)
        html = writer(context) if writer is not None else None
        if html is None:
            return super().render(template_name, context, request=request)
        # Every value above is escaped; Django strips what a template renders, and so does this.
        return mark_safe(html.strip())
