from django.urls import path

from minzheng.lottery.figures import views

# Mounted by ``minzheng.lottery.urls`` under the app's one namespace ``lottery``.
urlpatterns = [
    path("fund/", views.fund_page, name="fund"),
    path("figures/", views.figures, name="figures"),
]
