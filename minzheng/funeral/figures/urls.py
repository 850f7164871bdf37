from django.urls import path

from minzheng.funeral.figures import views

app_name = "funeral_figures"
urlpatterns = [
    path("", views.figures, name="figures"),
]
