from django.urls import path

from minzheng.marriage.counselling import views

app_name = "marriage_counselling"
urlpatterns = [
    path("", views.event_list, name="events"),
    path("new/", views.event_new, name="event_new"),
    path("<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("stations/", views.station_list, name="stations"),
    path("bases/new/", views.base_new, name="base_new"),
    path("bases/<int:pk>/edit/", views.base_edit, name="base_edit"),
]
