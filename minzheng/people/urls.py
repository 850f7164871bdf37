from django.urls import include, path

from minzheng.people.views import households, persons

app_name = "people"
urlpatterns = [
    path("", persons.person_list, name="person_list"),
    path("new/", persons.person_create, name="person_create"),
    path("<int:pk>/", persons.person_detail, name="person_detail"),
    path("<int:pk>/edit/", persons.person_update, name="person_update"),
    path("<int:pk>/death/", persons.person_record_death, name="person_record_death"),
    path("<int:pk>/reveal/<str:field>/", persons.person_reveal, name="person_reveal"),
    path("<int:pk>/household/", households.household_create_for_person, name="household_create_for_person"),
    path("households/", households.household_list, name="household_list"),
    path("households/new/", households.household_create, name="household_create"),
    path("households/<int:pk>/", households.household_detail, name="household_detail"),
    path("households/<int:pk>/members/add/", households.member_add, name="member_add"),
    path("households/<int:pk>/members/candidates/", households.member_candidates, name="member_candidates"),
    path("households/<int:pk>/members/new/", households.member_create, name="member_create"),
    path("households/<int:pk>/members/move/", households.member_move, name="member_move"),
    path("households/<int:pk>/head/", households.head_change, name="head_change"),
    path("members/<int:pk>/edit/", households.membership_update, name="membership_update"),
    path("members/<int:pk>/remove/", households.membership_remove, name="membership_remove"),
    path("move-in/", include("minzheng.people.move_in.urls")),
]
