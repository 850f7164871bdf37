"""The match-as-you-type page, mounted at /places/match/."""

from django.urls import path

from minzheng.places.matching import views

app_name = "matching"
urlpatterns = [
    path("", views.match, name="match"),
]
