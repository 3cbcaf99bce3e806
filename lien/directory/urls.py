from django.urls import path

from lien.directory import views

app_name = "directory"

urlpatterns = [
    path("", views.search, name="search"),
    path("structures/", views.structure_list, name="structure_list"),
    path("structures/nouvelle/", views.structure_create_view, name="structure_create"),
    path("structures/<int:pk>/", views.structure_detail, name="structure_detail"),
    path("structures/<int:pk>/modifier/", views.structure_edit, name="structure_edit"),
    path("structures/<int:pk>/verifiee/", views.structure_verify_view, name="structure_verify"),
    path("structures/<int:pk>/supprimer/", views.structure_delete_view, name="structure_delete"),
    path("structures/<int:pk>/services/nouveau/", views.service_create_view, name="service_create"),
    path("structures/<int:pk>/contacts/nouveau/", views.contact_create, name="contact_create"),
    path("structures/<int:pk>/partenariat/", views.partnership_edit, name="partnership_edit"),
    path("structures/<int:pk>/difficultes/nouvelle/", views.difficulty_create, name="difficulty_create"),
    path("services/<int:pk>/", views.service_detail, name="service_detail"),
    path("services/<int:pk>/modifier/", views.service_edit, name="service_edit"),
    path("services/<int:pk>/supprimer/", views.service_delete_view, name="service_delete"),
    path("contacts/<int:pk>/modifier/", views.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/supprimer/", views.contact_delete_view, name="contact_delete"),
    path("difficultes/", views.difficulty_list, name="difficulty_list"),
    path("rencontres/", views.meeting_list, name="meeting_list"),
    path("rencontres/nouvelle/", views.meeting_create, name="meeting_create"),
    path("rencontres/<int:pk>/modifier/", views.meeting_edit, name="meeting_edit"),
    path("echanges/", views.exchange, name="exchange"),
    path("fiche/", views.sheet, name="sheet"),
    path("fiche/pdf/", views.sheet_pdf, name="sheet_pdf"),
]
