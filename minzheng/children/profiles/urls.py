from django.urls import path

from minzheng.children.profiles import views

app_name = "child_profiles"
urlpatterns = [
    path("", views.profile_list, name="list"),
    path("new/", views.profile_create, name="create"),
    path("<int:pk>/", views.profile_detail, name="detail"),
    path("<int:pk>/review/", views.profile_review, name="review"),
    path("<int:pk>/end/", views.profile_end, name="end"),
]
