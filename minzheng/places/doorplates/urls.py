"""Doorplate pages: the staff pages at /places/doorplates/ (``urlpatterns``) and the public page a
plate's QR code opens at /d/<token> (``public_urlpatterns``: no login, no personal data)."""

from django.urls import path, re_path

from minzheng.places.doorplates import public, views

app_name = "doorplates"
urlpatterns = [
    path("", views.doorplate_list, name="list"),
    path("new/", views.doorplate_create, name="create"),
    path("<int:pk>/", views.doorplate_detail, name="detail"),
    path("<int:pk>/qr.svg", views.doorplate_qr_svg, name="qr_svg"),
    path("<int:pk>/qr.png", views.doorplate_qr_png, name="qr_png"),
    path("<int:pk>/print/", views.doorplate_print, name="print"),
    path("<int:pk>/remove/", views.doorplate_remove, name="remove"),
    path("bulk/", views.batch_create, name="batch_create"),
    path("bulk/<uuid:pk>/", views.batch_detail, name="batch_detail"),
    path("bulk/<uuid:pk>/progress/", views.batch_progress, name="batch_progress"),
    path("reports/", views.report_list, name="reports"),
    path("reports/<int:pk>/resolve/", views.report_resolve, name="report_resolve"),
    path("reports/<int:pk>/dismiss/", views.report_dismiss, name="report_dismiss"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/departments/new/", views.department_create, name="department_create"),
    path("catalogue/departments/<int:pk>/", views.department_update, name="department_update"),
    path("catalogue/departments/<int:pk>/deactivate/", views.department_deactivate, name="department_deactivate"),
    path("catalogue/services/new/", views.service_create, name="service_create"),
    path("catalogue/services/<int:pk>/", views.service_update, name="service_update"),
    path("catalogue/services/<int:pk>/deactivate/", views.service_deactivate, name="service_deactivate"),
]

public_urlpatterns = [
    # The token is what the QR code holds: 22 URL-safe characters today, up to 64 accepted.
    re_path(r"^(?P<token>[A-Za-z0-9_-]{8,64})/?$", public.plate, name="plate"),
]
