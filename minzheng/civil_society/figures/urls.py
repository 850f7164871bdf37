from django.urls import path

from minzheng.civil_society.figures import views

app_name = "civil_society_figures"
urlpatterns = [
    path("", views.figures, name="figures"),
]
