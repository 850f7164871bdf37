"""The public self-check pages (no login): mounted at /self-check/ by minzheng.urls."""

from django.urls import path

from minzheng.assistance.assess import public

app_name = "selfcheck"
urlpatterns = [
    path("", public.self_check, name="form"),
    path("tekun/", public.self_check_tekun, name="tekun"),
]
