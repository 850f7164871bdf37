"""API for matching (see minzheng/places/api_urls.py)."""

urlpatterns: list = []
