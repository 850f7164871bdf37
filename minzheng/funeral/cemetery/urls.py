"""The smart cemetery's pages, mounted at /funeral/cemeteries/. ``q/<code>/`` is the public page
a plot's QR code opens (no login, no personal data)."""

from django.urls import path

from minzheng.funeral.cemetery import public, views

app_name = "funeral_cemetery"
urlpatterns = [
    path("", views.cemetery_list, name="list"),
    path("<int:pk>/", views.cemetery_map, name="map"),
    path("<int:pk>/plots/new/", views.plots_create, name="plots_create"),
    path("plots/", views.plot_list, name="plots"),
    path("plots/<int:pk>/", views.plot_detail, name="plot"),
    path("plots/<int:pk>/reserve/", views.plot_reserve, name="reserve"),
    path("plots/<int:pk>/reserve/cancel/", views.plot_reservation_cancel, name="reserve_cancel"),
    path("plots/<int:pk>/buy/", views.plot_purchase, name="buy"),
    path("plots/<int:pk>/inter/", views.plot_inter, name="inter"),
    path("plots/<int:pk>/renew/", views.plot_renew, name="renew"),
    path("plots/<int:pk>/qr.svg", views.plot_qr_svg, name="qr_svg"),
    path("plots/<int:pk>/qr.png", views.plot_qr_png, name="qr_png"),
    path("renewals/", views.renewals, name="renewals"),
    path("eco-burials/", views.eco_burials, name="eco_burials"),
    path("projects/", views.projects, name="projects"),
    path("projects/<int:pk>/start/", views.project_start, name="project_start"),
    path("projects/<int:pk>/complete/", views.project_complete, name="project_complete"),
    path("q/<str:code>/", public.plot_page, name="public"),
]
