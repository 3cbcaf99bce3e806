from django.urls import path

from lien.orientations import views

app_name = "orientations"

urlpatterns = [
    path("", views.orientation_list, name="list"),
    path("difficultes/", views.difficulties, name="difficulties"),
    path("personne/<int:person_pk>/nouvelle/", views.orientation_create_view, name="create"),
    path("<int:pk>/", views.orientation_detail, name="detail"),
    path("<int:pk>/suite/", views.orientation_outcome, name="outcome"),
]
