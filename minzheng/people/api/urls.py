from django.urls import path

from minzheng.people.api.households import (
    HouseholdDetailApi,
    HouseholdHeadApi,
    HouseholdListCreateApi,
    HouseholdMemberAddApi,
    HouseholdMemberApi,
    HouseholdMemberMoveApi,
)
from minzheng.people.api.move_in import (
    MoveInAcceptApi,
    MoveInDetailApi,
    MoveInListCreateApi,
    MoveInRefuseApi,
    MoveInWithdrawApi,
)
from minzheng.people.api.persons import PersonDetailApi, PersonListCreateApi, PersonRevealApi

# Included by minzheng.api_urls inside the "api" namespace.
urlpatterns = [
    path("people/", PersonListCreateApi.as_view(), name="people"),
    path("people/<int:pk>/", PersonDetailApi.as_view(), name="person"),
    path("people/<int:pk>/reveal/", PersonRevealApi.as_view(), name="person-reveal"),
    path("households/", HouseholdListCreateApi.as_view(), name="households"),
    path("households/<int:pk>/", HouseholdDetailApi.as_view(), name="household"),
    path("households/<int:pk>/members/", HouseholdMemberAddApi.as_view(), name="household-members"),
    path("households/<int:pk>/members/move/", HouseholdMemberMoveApi.as_view(), name="household-member-move"),
    path("households/<int:pk>/members/<int:person>/", HouseholdMemberApi.as_view(), name="household-member"),
    path("households/<int:pk>/head/", HouseholdHeadApi.as_view(), name="household-head"),
    path("move-ins/", MoveInListCreateApi.as_view(), name="move-ins"),
    path("move-ins/<int:pk>/", MoveInDetailApi.as_view(), name="move-in"),
    path("move-ins/<int:pk>/accept/", MoveInAcceptApi.as_view(), name="move-in-accept"),
    path("move-ins/<int:pk>/refuse/", MoveInRefuseApi.as_view(), name="move-in-refuse"),
    path("move-ins/<int:pk>/withdraw/", MoveInWithdrawApi.as_view(), name="move-in-withdraw"),
]
