from django.urls import path

from minzheng.children.figures import views

app_name = "children_figures"
urlpatterns = [
    path("", views.figures, name="figures"),
]
