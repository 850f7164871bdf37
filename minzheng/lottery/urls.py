"""The lottery's pages, under /lottery/: its sub-domains' routes in one namespace (``lottery``), so
that the pages link to each other by one short name (``lottery:station``) whichever folder holds them."""

from minzheng.lottery.figures.urls import urlpatterns as figures
from minzheng.lottery.promotion.urls import urlpatterns as promotion
from minzheng.lottery.sales.urls import urlpatterns as sales
from minzheng.lottery.stations.urls import urlpatterns as stations

app_name = "lottery"
urlpatterns = [*stations, *sales, *promotion, *figures]
