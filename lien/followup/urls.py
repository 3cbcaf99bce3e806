from django.urls import path

from lien.followup import views

app_name = "followup"

urlpatterns = [
    path("", views.call_list, name="call_list"),
    path("reglages/", views.settings_view, name="settings"),
    path("personne/<int:pk>/", views.person_followup, name="person"),
    path("personne/<int:pk>/contact/", views.contact_add, name="contact_add"),
    path("personne/<int:pk>/prochain-contact/", views.schedule, name="schedule"),
    path("personne/<int:pk>/commencer/", views.followup_start_view, name="start"),
    path("personne/<int:pk>/terminer/", views.followup_end_view, name="end"),
    path("personne/<int:pk>/reprendre/", views.followup_resume_view, name="resume"),
    path("personne/<int:pk>/objectifs/nouveau/", views.goal_add, name="goal_add"),
    path("personne/<int:pk>/prescriptions/nouvelle/", views.prescription_new, name="prescription_add"),
    path("objectifs/<int:pk>/actions/nouvelle/", views.goal_action_new, name="goal_action_add"),
    path("objectifs/<int:pk>/atteint/", views.goal_achieve_view, name="goal_achieve"),
    path("objectifs/<int:pk>/abandonner/", views.goal_abandon_view, name="goal_abandon"),
    path("objectifs/<int:pk>/rouvrir/", views.goal_reopen_view, name="goal_reopen"),
    path("actions/<int:pk>/cocher/", views.goal_action_toggle, name="goal_action_toggle"),
    path("prescriptions/<int:pk>/cocher/", views.prescription_toggle, name="prescription_toggle"),
]
