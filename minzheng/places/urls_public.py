"""Public pages: no login, no personal data."""

app_name = "public"
urlpatterns: list = []
