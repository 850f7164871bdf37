"""Standard-address pages, mounted at /places/addresses/."""

from django.urls import path

from minzheng.places.addresses import views

app_name = "addresses"
urlpatterns = [
    path("", views.address_search, name="search"),
    path("new/", views.address_create, name="create"),
    path("export/", views.address_export, name="export"),
    path("<int:pk>/", views.address_detail, name="detail"),
    path("<int:pk>/coordinates/", views.address_coordinates, name="coordinates"),
    path("<int:pk>/retire/", views.address_retire, name="retire"),
    path("<int:pk>/residents/", views.address_link_person, name="link_person"),
    path("roads/", views.road_list, name="roads"),
    path("roads/new/", views.road_create, name="road_create"),
    path("roads/options/", views.road_options, name="road_options"),
    path("import/", views.import_page, name="import"),
    path("import/template.csv", views.import_template, name="import_template"),
    path("import/<uuid:pk>/", views.import_detail, name="import_detail"),
    path("import/<uuid:pk>/progress/", views.import_progress, name="import_progress"),
    path("import/<uuid:pk>/commit/", views.import_commit, name="import_commit"),
    path("import/<uuid:pk>/errors.csv", views.import_errors, name="import_errors"),
    path("quality/", views.quality_report, name="quality"),
    path("quality/run/", views.quality_run, name="quality_run"),
    path("quality/<int:pk>/", views.quality_detail, name="quality_detail"),
]
