from django.urls import path

from minzheng.disability.network import views

app_name = "rehab_network"
urlpatterns = [
    path("", views.network, name="network"),
    path("export/", views.network_export, name="export"),
    path("<int:pk>/end/", views.placement_end, name="end"),
    path("coverage/", views.coverage, name="coverage"),
    path("coverage/export/", views.coverage_export, name="coverage_export"),
]
