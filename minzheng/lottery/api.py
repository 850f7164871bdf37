"""The lottery's API routes, under /api/lottery/."""

from minzheng.lottery.figures.api import urlpatterns as figures_urls
from minzheng.lottery.fund.api import urlpatterns as fund_urls

urlpatterns = [*fund_urls, *figures_urls]
