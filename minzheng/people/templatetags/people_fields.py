"""``{% field_row field %}``: one form field as ``web/_field.html`` writes it (label, input, help and
errors), in Python. The household page shows four forms, a dozen fields, and an include of that
template per field cost about as much as the rest of the page; the markup is the template's byte for
byte (a test compares the two for every field of the page's forms)."""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def field_row(field: BoundField) -> SafeString:
    has_error = " has-error" if field.errors else ""
    label_for = conditional_escape(field.id_for_label)
    label = conditional_escape(field.label)
    widget = conditional_escape(field)
    if getattr(field.field.widget, "input_type", None) == "checkbox":
        head = f'\n<div class="field check{has_error}">{widget}<label for="{label_for}">{label}</label>\n'
    else:
        head = f'\n<div class="field{has_error}"><label for="{label_for}">{label}</label>{widget}\n'
    help_text = f'<small class="muted">{conditional_escape(field.help_text)}</small>' if field.help_text else ""
    errors = ("" if not field.errors else
              '<ul class="errorlist">' + "".join(f"<li>{conditional_escape(e)}</li>" for e in field.errors) + "</ul>")
    return mark_safe(f"\n{head}\n  {help_text}\n  {errors}\n</div>\n")  # every value escaped above
