from django.urls import path

from minzheng.core import views

app_name = "core"
urlpatterns = [
    path("audit/", views.audit_list, name="audit_list"),
    path("audit/access/", views.access_log_list, name="access_log_list"),
]
