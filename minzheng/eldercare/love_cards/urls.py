from django.urls import path

from minzheng.eldercare.love_cards import views

app_name = "love_cards"
urlpatterns = [
    path("", views.love_card_list, name="list"),
    path("activate/", views.love_card_activate, name="activate"),
    path("<int:pk>/", views.love_card_detail, name="detail"),
    path("<int:pk>/top-up/", views.love_card_top_up, name="top_up"),
]
