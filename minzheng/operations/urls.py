"""Operations' routes, mounted at the site's root."""

from django.urls import path

from minzheng.operations.health.views import healthz

urlpatterns: list = [
    path("healthz", healthz, name="healthz"),
]
