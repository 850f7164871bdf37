"""API for addresses (see minzheng/places/api_urls.py)."""

urlpatterns: list = []
