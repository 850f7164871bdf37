"""API for placenames (see minzheng/places/api_urls.py)."""

urlpatterns: list = []
