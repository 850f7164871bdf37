"""Forms of the service-provider pages (input only; the services check it)."""

from __future__ import annotations

from django import forms


class OperatorForm(forms.Form):
    name = forms.CharField(label="机构名称", max_length=200)
    uscc = forms.CharField(label="统一社会信用代码", max_length=40, help_text="18位，营业执照或登记证书上的代码")
    region_code = forms.CharField(label="登记区划代码", max_length=12, help_text="12位区划代码")


class OperatorSearchForm(forms.Form):
    q = forms.CharField(label="名称或信用代码", required=False, max_length=50)


class AccountCreateForm(forms.Form):
    username = forms.CharField(label="账号", max_length=150)
    display_name = forms.CharField(label="姓名", required=False, max_length=64)
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput(render_value=False), max_length=128,
                               help_text="至少10位，不能全是数字；请当面告知本人并提醒首次登录后修改")


class MemberAddForm(forms.Form):
    username = forms.CharField(label="已有的操作员账号", max_length=150)
