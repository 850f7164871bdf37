"""Import and export of people, mounted at /people/io/."""

from django.urls import path

from minzheng.people import views_io

app_name = "people_io"
urlpatterns = [
    path("", views_io.import_page, name="import"),
    path("template.xlsx", views_io.import_template, name="import_template"),
    path("jobs/<uuid:pk>/", views_io.import_detail, name="import_detail"),
    path("jobs/<uuid:pk>/progress/", views_io.import_progress, name="import_progress"),
    path("jobs/<uuid:pk>/report.xlsx", views_io.import_report, name="import_report"),
    path("jobs/<uuid:pk>/commit/", views_io.import_commit, name="import_commit"),
    path("export/", views_io.export, name="export"),
]
