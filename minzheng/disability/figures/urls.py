from django.urls import path

from minzheng.disability.figures import views

app_name = "rehab_figures"
urlpatterns = [
    path("figures/", views.figures_page, name="figures"),
    path("indicators/", views.indicators, name="indicators"),
]
