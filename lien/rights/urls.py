from django.urls import path

from lien.rights import views

app_name = "rights"

urlpatterns = [
    path("", views.rights_list, name="list"),
    path("personne/<int:person_id>/nouvelle/", views.procedure_create, name="create"),
    path("<int:pk>/", views.procedure_detail, name="detail"),
    path("<int:pk>/modifier/", views.procedure_edit, name="edit"),
    path("<int:pk>/etape/", views.procedure_transition_view, name="transition"),
    path("<int:pk>/pieces/", views.procedure_documents, name="documents"),
    path("<int:pk>/renouveler/", views.procedure_renew_view, name="renew"),
    path("rappels/<int:pk>/traite/", views.reminder_done_view, name="reminder_done"),
]
