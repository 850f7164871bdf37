from django.urls import path

from minzheng.civil_society.registry import views

app_name = "orgs"
urlpatterns = [
    path("", views.organization_list, name="list"),
    path("new/", views.organization_create, name="create"),
    path("reports/", views.report_list, name="reports"),
    path("<int:pk>/", views.organization_detail, name="detail"),
    path("<int:pk>/edit/", views.organization_edit, name="edit"),
    path("<int:pk>/reports/", views.report_add, name="report_add"),
    path("<int:pk>/signals/", views.signal_add, name="signal_add"),
]
