from django.urls import path

from lien.outreach import views

app_name = "outreach"

urlpatterns = [
    path("", views.session_list, name="list"),
    path("nouvelle/", views.session_create_view, name="create"),
    path("saisie/", views.quick_entry, name="quick"),
    path("saisie/demarrer/", views.quick_session_start, name="quick_start"),
    path("saisie/sw.js", views.service_worker, name="service_worker"),
    path("<int:pk>/", views.session_detail, name="detail"),
    path("<int:pk>/modifier/", views.session_edit, name="edit"),
    path("contacts/<int:pk>/annuler/", views.contact_delete_view, name="contact_delete"),
    path("contacts/<int:pk>/retablir/", views.contact_restore_view, name="contact_restore"),
]
