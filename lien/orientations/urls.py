from django.urls import path

from lien.orientations import views

app_name = "orientations"

urlpatterns = [
    path("", views.orientation_list, name="list"),
    path("difficultes/", views.difficulties, name="difficulties"),
    path("personne/<int:person_pk>/nouvelle/", views.orientation_create_view, name="create"),
    path(
        "personne/<int:person_pk>/annuaire/<int:service_pk>/",
        views.orientation_from_directory,
        name="from_directory",
    ),
    path("<int:pk>/", views.orientation_detail, name="detail"),
    # The actions of workflow.ORIENTATIONS, named as in the table.
    path("<int:pk>/suite/y-est-allee/", views.record_went, name="record_went"),
    path("<int:pk>/suite/n-y-est-pas-allee/", views.record_did_not_go, name="record_did_not_go"),
    path("<int:pk>/suite/refusee/", views.record_refused, name="record_refused"),
    path("<int:pk>/suite/liste-d-attente/", views.record_waiting_list, name="record_waiting_list"),
    path("<int:pk>/suite/en-attente/", views.reset_outcome, name="reset_outcome"),
]
