from django.urls import path  # noqa: F401

app_name = "funeral_deaths"
urlpatterns: list = []
