"""API for doorplates (see minzheng/places/api_urls.py)."""

urlpatterns: list = []
