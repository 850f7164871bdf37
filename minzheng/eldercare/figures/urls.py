from django.urls import path

from minzheng.eldercare.figures import views

app_name = "eldercare_figures"
urlpatterns = [
    path("", views.figures, name="figures"),
]
