from django.urls import path

from lien.followup import views

app_name = "followup"

urlpatterns = [
    path("", views.call_list, name="call_list"),
    path("reglages/", views.settings_view, name="settings"),
    path("personne/<int:pk>/", views.person_followup, name="person"),
    path("personne/<int:pk>/contact/", views.contact_add, name="contact_add"),
    path("personne/<int:pk>/prochain-contact/", views.schedule, name="schedule"),
    path("personne/<int:pk>/terminer/", views.followup_end, name="end"),
    path("personne/<int:pk>/reprendre/", views.followup_resume, name="resume"),
    path("personne/<int:pk>/objectifs/nouveau/", views.goal_add, name="goal_add"),
    path("personne/<int:pk>/prescriptions/nouvelle/", views.prescription_new, name="prescription_add"),
    path("objectifs/<int:pk>/actions/nouvelle/", views.goal_action_new, name="goal_action_add"),
    path("objectifs/<int:pk>/statut/", views.goal_status, name="goal_status"),
    path("actions/<int:pk>/cocher/", views.goal_action_toggle, name="goal_action_toggle"),
    path("prescriptions/<int:pk>/cocher/", views.prescription_toggle, name="prescription_toggle"),
]
