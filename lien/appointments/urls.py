from django.urls import path

from lien.appointments import views

app_name = "appointments"

urlpatterns = [
    path("agenda/", views.agenda, name="agenda"),
    path("personne/<int:person_pk>/nouveau/", views.appointment_create_view, name="create"),
    path(
        "personne/<int:person_pk>/accompagnement/",
        views.accompaniment_create_view,
        name="accompaniment_create",
    ),
    path("<int:pk>/", views.appointment_detail, name="detail"),
    # The actions of workflow.APPOINTMENTS, named as in the table.
    path("<int:pk>/honore/", views.record_attended, name="record_attended"),
    path("<int:pk>/manque/", views.record_missed, name="record_missed"),
    path("<int:pk>/annuler/", views.cancel, name="cancel"),
    path("<int:pk>/remettre-en-prevu/", views.restore, name="restore"),
    path("<int:pk>/rappel/", views.appointment_remind, name="remind"),
    path("<int:pk>/choix-du-rappel/", views.appointment_reminder_choice, name="reminder_choice"),
    path("<int:pk>/carte.pdf", views.appointment_card, name="card"),
    path("<int:pk>/rendez-vous.ics", views.appointment_ics, name="ics"),
]
