from django.urls import path

from minzheng.children.directors import views

app_name = "child_directors"
urlpatterns = [
    path("", views.coverage, name="coverage"),
    path("posts/", views.director_list, name="list"),
    path("new/", views.director_appoint, name="appoint"),
    path("<int:pk>/end/", views.director_end, name="end"),
]
