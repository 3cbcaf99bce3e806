from django.urls import path

from lien.assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.assessment_list, name="list"),
    path("personne/<int:person_id>/", views.person_assessment_list, name="person"),
    path("personne/<int:person_id>/nouvelle/", views.assessment_create_view, name="create"),
    path("<int:pk>/", views.assessment_detail, name="detail"),
    path("<int:pk>/modifier/", views.assessment_edit, name="edit"),
]
