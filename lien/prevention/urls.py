from django.urls import path

from lien.prevention import views

app_name = "prevention"

urlpatterns = [
    path("", views.prevention_home, name="home"),
    path("depistages/nouveau/", views.test_create_view, name="test_create"),
    path("depistages/<int:pk>/", views.test_detail, name="test_detail"),
    # The actions of workflow.LINKAGES, named as in the table.
    path("depistages/<int:pk>/orienter/", views.orient, name="orient"),
    path("depistages/<int:pk>/recu-e/", views.record_seen, name="record_seen"),
    path("depistages/<int:pk>/confirme/", views.record_confirmed, name="record_confirmed"),
    path("depistages/<int:pk>/non-confirme/", views.record_not_confirmed, name="record_not_confirmed"),
    path("depistages/<int:pk>/perdu-e-de-vue/", views.record_lost, name="record_lost"),
    path("conseils/nouveau/", views.advice_create_view, name="advice_create"),
    path("actions-collectives/", views.collective_action_list, name="collective_actions"),
    path(
        "actions-collectives/nouvelle/", views.collective_action_create_view, name="collective_action_create"
    ),
]
