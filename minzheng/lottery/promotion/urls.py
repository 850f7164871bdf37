from django.urls import path

from minzheng.lottery.promotion import views

# Mounted by ``minzheng.lottery.urls`` under the app's one namespace ``lottery``.
urlpatterns = [
    path("promotion/", views.event_list, name="events"),
]
