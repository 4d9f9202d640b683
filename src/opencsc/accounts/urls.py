from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.login, name="login"),
    path("sign-in/code/", views.second_factor, name="second-factor"),
    path("sign-out/", views.logout, name="logout"),
    path("your-account/", views.account, name="account"),
    path("your-account/two-factor/", views.two_factor_set_up, name="two-factor-set-up"),
    path("your-account/two-factor/remove/", views.two_factor_remove, name="two-factor-remove"),
    path("your-account/password/", views.password_change, name="password-change"),
    path("users/", views.user_list, name="user-list"),
    path("users/new/", views.user_create, name="user-create"),
    path("users/<int:user_id>/", views.user_detail, name="user-detail"),
    path("users/<int:user_id>/role/", views.user_role_change, name="user-role-change"),
    path("users/<int:user_id>/deactivate/", views.user_deactivate, name="user-deactivate"),
    path("users/<int:user_id>/reactivate/", views.user_reactivate, name="user-reactivate"),
    path("users/<int:user_id>/unlock/", views.user_unlock, name="user-unlock"),
    path(
        "users/<int:user_id>/reset-two-factor/",
        views.user_reset_second_factor,
        name="user-reset-second-factor",
    ),
]
