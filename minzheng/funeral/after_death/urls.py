from django.urls import path

from minzheng.funeral.after_death import views

app_name = "after_death"
urlpatterns = [
    path("family/", views.family_page, name="family"),
    path("<int:pk>/", views.case_detail, name="case"),
    path("<int:pk>/items/<int:item>/", views.item_update, name="item_update"),
]
