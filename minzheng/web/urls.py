from django.contrib.auth import views as auth_views
from django.urls import path

from minzheng.web import views
from minzheng.web.forms import LoginForm

app_name = "web"
urlpatterns = [
    path("login/", auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
         name="login"),
    # Django's LogoutView answers POST only: a link or an image cannot sign anyone out.
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.home, name="home"),
]
