"""Operations' routes, mounted at the site's root."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
