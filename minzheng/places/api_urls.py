"""The places API, mounted under /api/ beside the platform's own routes."""

from django.urls import include, path

urlpatterns = [
    path("", include("minzheng.places.addresses.api")),
    path("", include("minzheng.places.matching.api")),
    path("", include("minzheng.places.doorplates.api")),
    path("", include("minzheng.places.names.api")),
]
