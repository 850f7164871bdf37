from django.urls import path  # noqa: F401

app_name = "marriage_statistics"
urlpatterns: list = []
