from django.urls import path

from minzheng.facilities.finder import views

app_name = "finder"
urlpatterns = [
    path("", views.meal_sites, name="meal_sites"),
]
