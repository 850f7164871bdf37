from django.urls import path

from minzheng.funeral.services import views

app_name = "funeral_services"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_open, name="open"),
    path("<int:pk>/", views.case_detail, name="case"),
    path("<int:pk>/services/", views.service_add, name="service_add"),
    path("services/<int:pk>/void/", views.service_void, name="service_void"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/<int:pk>/end/", views.catalogue_item_end, name="catalogue_item_end"),
]
