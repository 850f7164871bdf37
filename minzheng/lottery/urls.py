"""The lottery's pages, under /lottery/ (one namespace for its sub-domains' views)."""

from django.urls import path

from minzheng.lottery.figures import views as figures
from minzheng.lottery.promotion import views as promotion
from minzheng.lottery.sales import views as sales
from minzheng.lottery.stations import views as stations

app_name = "lottery"
urlpatterns = [
    path("", stations.station_list, name="stations"),
    path("stations/new/", stations.station_open, name="station_open"),
    path("stations/<int:pk>/", stations.station_detail, name="station"),
    path("stations/<int:pk>/contracts/", stations.contract_sign, name="contract_sign"),
    path("stations/<int:pk>/upgrades/", stations.upgrade_record, name="upgrade"),
    path("stations/<int:pk>/close/", stations.station_close, name="close"),
    path("findings/", stations.findings, name="findings"),
    path("sales/", sales.sales_list, name="sales"),
    path("sales/import/", sales.sales_import, name="sales_import"),
    path("fund/", figures.fund_page, name="fund"),
    path("promotion/", promotion.event_list, name="events"),
    path("figures/", figures.figures, name="figures"),
]
