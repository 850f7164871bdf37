"""Home eldercare bed pages at /eldercare/home-beds/."""

from django.urls import path

from minzheng.eldercare.home_beds import views

app_name = "home_beds"
urlpatterns = [
    path("", views.home_bed_list, name="list"),
    path("new/", views.home_bed_sign, name="sign"),
    path("<int:pk>/", views.home_bed_detail, name="detail"),
    path("<int:pk>/end/", views.home_bed_end, name="end"),
    path("<int:pk>/devices/", views.home_bed_device_add, name="device_add"),
    path("<int:pk>/devices/<int:device>/remove/", views.home_bed_device_remove, name="device_remove"),
]
