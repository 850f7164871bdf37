from django.urls import path

from minzheng.eldercare.home_services import views

app_name = "home_services"
urlpatterns = [
    path("", views.orders, name="orders"),
    path("orders/<int:pk>/", views.order_detail, name="order"),
    path("book/", views.book, name="book"),
    path("today/", views.today, name="today"),
    path("supervision/", views.supervision_page, name="supervision"),
    path("providers/<int:pk>/findings/", views.provider_findings, name="findings"),
    path("thresholds/", views.thresholds, name="thresholds"),
    path("scores/", views.score_table, name="scores"),
]
