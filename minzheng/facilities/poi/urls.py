from django.urls import path

from minzheng.facilities.poi import views

app_name = "facility_poi"
urlpatterns = [
    path("", views.poi_page, name="export"),
    path("poi.csv", views.poi_csv, name="csv"),
    path("poi.json", views.poi_json, name="json"),
]
