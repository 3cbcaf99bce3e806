from django.urls import path

from lien.prevention import views

app_name = "prevention"

urlpatterns = [
    path("", views.prevention_home, name="home"),
    path("depistages/nouveau/", views.test_create_view, name="test_create"),
    path("depistages/<int:pk>/", views.test_detail, name="test_detail"),
    path("depistages/<int:pk>/lien-vers-le-soin/", views.test_linkage, name="test_linkage"),
    path("conseils/nouveau/", views.advice_create_view, name="advice_create"),
    path("actions-collectives/", views.collective_action_list, name="collective_actions"),
    path(
        "actions-collectives/nouvelle/", views.collective_action_create_view, name="collective_action_create"
    ),
]
