"""Public pages: no login, no personal data."""

from django.urls import re_path

from minzheng.places import views_public

app_name = "public"
urlpatterns = [
    # The token is what the QR code holds: 22 URL-safe characters today, up to 64 accepted.
    re_path(r"^(?P<token>[A-Za-z0-9_-]{8,64})/?$", views_public.plate, name="plate"),
]
