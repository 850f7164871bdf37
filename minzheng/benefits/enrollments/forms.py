from __future__ import annotations

from django import forms

from minzheng.benefits import messages
from minzheng.benefits.enrollments.models import Review


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(label="复核结论", choices=Review.Outcome.choices, widget=forms.RadioSelect,
                                error_messages={"required": messages.REVIEW_OUTCOME_INVALID,
                                                "invalid_choice": messages.REVIEW_OUTCOME_INVALID})
    monthly_amount = forms.DecimalField(label="新的月发放金额（元）", required=False, max_digits=14, decimal_places=2,
                                        min_value=0, help_text="变更金额时填写，自次月起执行",
                                        error_messages={"min_value": messages.ENROLLMENT_AMOUNT_NEGATIVE,
                                                        "invalid": messages.CHECK_INCOME_INVALID,
                                                        "max_decimal_places": messages.CHECK_INCOME_INVALID})
    reason = forms.CharField(label="说明", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="停发、终止时必填")
