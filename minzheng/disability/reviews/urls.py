from django.urls import path

from minzheng.disability.reviews import views

app_name = "rehab_reviews"
urlpatterns = [
    path("", views.round_list, name="list"),
    path("<int:pk>/", views.round_detail, name="detail"),
]
