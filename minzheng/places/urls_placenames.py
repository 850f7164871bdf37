from django.urls import path

from minzheng.places import views_names

app_name = "placenames"
urlpatterns = [
    path("", views_names.proposal_list, name="queue"),
    path("new/", views_names.proposal_create, name="propose"),
    path("pinyin/", views_names.pinyin_preview, name="pinyin"),
    path("<int:pk>/", views_names.proposal_detail, name="detail"),
    path("<int:pk>/review/", views_names.proposal_review, name="review"),
    path("<int:pk>/approve/", views_names.proposal_approve, name="approve"),
    path("<int:pk>/publish/", views_names.proposal_publish, name="publish"),
    path("heritage/", views_names.heritage_public, name="heritage"),
    path("heritage/manage/", views_names.heritage_manage, name="heritage_manage"),
    path("heritage/manage/batches/new/", views_names.heritage_batch_create, name="heritage_batch_create"),
    path("heritage/manage/new/", views_names.heritage_entry_create, name="heritage_entry_create"),
    path("heritage/manage/<int:pk>/edit/", views_names.heritage_entry_update, name="heritage_entry_update"),
    path("work/", views_names.work_list, name="work"),
]
