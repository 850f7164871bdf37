"""Bed pages: the staff pages at /eldercare/beds/ (``urlpatterns``) and the public page a bed's QR
code opens at /b/<code> (``public_urlpatterns``: no login, no personal data)."""

from django.urls import path, re_path

from minzheng.eldercare.beds import public, views

app_name = "beds"
urlpatterns = [
    path("", views.home_list, name="homes"),
    path("homes/<int:pk>/", views.home_beds, name="home"),
    path("homes/<int:pk>/qr/", views.home_qr_sheet, name="home_qr"),
    path("<int:pk>/", views.bed_detail, name="bed"),
    path("<int:pk>/qr.svg", views.bed_qr_svg, name="qr_svg"),
    path("<int:pk>/qr.png", views.bed_qr_png, name="qr_png"),
    path("<int:pk>/check-in/", views.bed_check_in, name="check_in"),
    path("<int:pk>/retire/", views.bed_retire, name="retire"),
    path("stays/<int:pk>/check-out/", views.occupancy_check_out, name="check_out"),
    path("subsidy/", views.run_list, name="runs"),
    path("subsidy/rates/", views.rates, name="rates"),
    path("subsidy/<int:pk>/", views.run_detail, name="run"),
    path("subsidy/<int:pk>/lines/", views.run_lines, name="run_lines"),
    path("subsidy/<int:pk>/approve/", views.run_approve, name="run_approve"),
    path("findings/", views.findings, name="findings"),
]

public_urlpatterns = [
    # The code is what the QR code holds: 22 URL-safe characters today, up to 64 accepted.
    re_path(r"^(?P<code>[A-Za-z0-9_-]{16,64})/?$", public.bed_page, name="bed"),
]
