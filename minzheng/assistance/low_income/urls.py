from django.urls import path

from minzheng.assistance.low_income import views

app_name = "low_income"
urlpatterns = [
    path("", views.figures, name="figures"),
]
