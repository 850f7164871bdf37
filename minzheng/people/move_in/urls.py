from django.urls import path

from minzheng.people.move_in import views

# Included by minzheng.people.urls under "move-in/", in the people namespace.
urlpatterns = [
    path("", views.move_in_list, name="move_in_list"),
    path("new/", views.move_in_create, name="move_in_create"),
    path("<int:pk>/", views.move_in_detail, name="move_in_detail"),
    path("<int:pk>/accept/", views.move_in_accept, name="move_in_accept"),
    path("<int:pk>/refuse/", views.move_in_refuse, name="move_in_refuse"),
    path("<int:pk>/withdraw/", views.move_in_withdraw, name="move_in_withdraw"),
]
