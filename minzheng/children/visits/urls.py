from django.urls import path

from minzheng.children.visits import views

app_name = "child_visits"
urlpatterns = [
    path("", views.visit_queue, name="queue"),
    path("services/", views.service_list, name="services"),
    path("children/<int:pk>/", views.child_visits, name="child"),
    path("children/<int:pk>/visit/", views.visit_record, name="record"),
    path("children/<int:pk>/service/", views.service_deliver, name="deliver"),
]
