"""The places API, mounted under /api/ beside the platform's own routes."""

from django.urls import include, path

urlpatterns = [
    path("", include("minzheng.places.api.addresses")),
    path("", include("minzheng.places.matching.api")),
    path("", include("minzheng.places.api.doorplates")),
    path("", include("minzheng.places.api.placenames")),
]
