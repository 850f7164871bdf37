from django.urls import path  # noqa: F401

app_name = "funeral_after_death"
urlpatterns: list = []
