from django.urls import path

from lien.rights import views

app_name = "rights"

urlpatterns = [
    path("", views.rights_list, name="list"),
    path("personne/<int:person_id>/nouvelle/", views.procedure_create, name="create"),
    path("<int:pk>/", views.procedure_detail, name="detail"),
    path("<int:pk>/modifier/", views.procedure_edit, name="edit"),
    # The actions of workflow.PROCEDURES, named as in the table.
    path("<int:pk>/deposer/", views.file, name="file"),
    path("<int:pk>/pieces-manquantes/", views.return_to_documents, name="return_to_documents"),
    path("<int:pk>/accorder/", views.grant, name="grant"),
    path("<int:pk>/refuser/", views.refuse, name="refuse"),
    path("<int:pk>/abandonner/", views.abandon, name="abandon"),
    path("<int:pk>/reprendre/", views.resume, name="resume"),
    path("<int:pk>/pieces/", views.procedure_documents, name="documents"),
    path("<int:pk>/renouveler/", views.procedure_renew_view, name="renew"),
    path("rappels/<int:pk>/traite/", views.reminder_done_view, name="reminder_done"),
]
