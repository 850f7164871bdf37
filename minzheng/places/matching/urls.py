"""The match-as-you-type page and the registry linking run, mounted at /places/match/."""

from django.urls import path

from minzheng.places.matching import views

app_name = "matching"
urlpatterns = [
    path("", views.match, name="match"),
    path("link/", views.link_run, name="link_run"),
]
