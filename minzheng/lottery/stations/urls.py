from django.urls import path

from minzheng.lottery.stations import views

# Mounted by ``minzheng.lottery.urls`` under the app's one namespace ``lottery``.
urlpatterns = [
    path("", views.station_list, name="stations"),
    path("stations/new/", views.station_open, name="station_open"),
    path("stations/<int:pk>/", views.station_detail, name="station"),
    path("stations/<int:pk>/contracts/", views.contract_sign, name="contract_sign"),
    path("stations/<int:pk>/upgrades/", views.upgrade_record, name="upgrade"),
    path("stations/<int:pk>/close/", views.station_close, name="close"),
    path("findings/", views.findings, name="findings"),
]
