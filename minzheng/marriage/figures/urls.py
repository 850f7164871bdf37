from django.urls import path

from minzheng.marriage.figures import views

app_name = "marriage_figures"
urlpatterns = [
    path("", views.figures, name="figures"),
]
