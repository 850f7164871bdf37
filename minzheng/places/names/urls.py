from django.urls import path

from minzheng.places.names import views

app_name = "placenames"
urlpatterns = [
    path("", views.proposal_list, name="queue"),
    path("new/", views.proposal_create, name="propose"),
    path("pinyin/", views.pinyin_preview, name="pinyin"),
    path("<int:pk>/", views.proposal_detail, name="detail"),
    path("<int:pk>/review/", views.proposal_review, name="review"),
    path("<int:pk>/approve/", views.proposal_approve, name="approve"),
    path("<int:pk>/publish/", views.proposal_publish, name="publish"),
    path("heritage/", views.heritage_public, name="heritage"),
    path("heritage/manage/", views.heritage_manage, name="heritage_manage"),
    path("heritage/manage/batches/new/", views.heritage_batch_create, name="heritage_batch_create"),
    path("heritage/manage/new/", views.heritage_entry_create, name="heritage_entry_create"),
    path("heritage/manage/<int:pk>/edit/", views.heritage_entry_update, name="heritage_entry_update"),
    path("work/", views.work_list, name="work"),
]
