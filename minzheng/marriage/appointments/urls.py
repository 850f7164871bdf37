from django.urls import path

from minzheng.marriage.appointments import public, views

app_name = "marriage_appointments"
urlpatterns = [
    # Public, no login: the couple's booking and cancellation.
    path("book/", public.book, name="book"),
    path("book/done/", public.booked, name="booked"),
    path("cancel/", public.cancel, name="cancel"),
    # The registrars'.
    path("", views.desk, name="desk"),
    path("slots/", views.slots, name="slots"),
    path("<int:pk>/mark/", views.mark, name="mark"),
]
