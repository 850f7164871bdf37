from django.urls import path

from minzheng.lottery.sales import views

# Mounted by ``minzheng.lottery.urls`` under the app's one namespace ``lottery``.
urlpatterns = [
    path("sales/", views.sales_list, name="sales"),
    path("sales/import/", views.sales_import, name="sales_import"),
]
