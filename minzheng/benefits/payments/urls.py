from django.urls import path

from minzheng.benefits.payments import views

app_name = "benefit_payments"
urlpatterns = [
    path("", views.run_list, name="list"),
    path("new/", views.run_create, name="create"),
    path("<int:pk>/", views.run_detail, name="detail"),
    path("<int:pk>/progress/", views.run_progress, name="progress"),
    path("<int:pk>/approve/", views.run_approve, name="approve"),
    path("<int:pk>/export/", views.run_export, name="export"),
    path("<int:pk>/returns/", views.run_returns, name="returns"),
    path("accounts/<int:person_pk>/", views.person_accounts, name="accounts"),
    path("accounts/reveal/<int:pk>/", views.account_reveal, name="reveal"),
]
