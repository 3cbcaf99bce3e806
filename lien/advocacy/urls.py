from django.urls import path

from lien.advocacy import views

app_name = "advocacy"

urlpatterns = [
    path("", views.dossier_list, name="dossiers"),
    path("nouveau/", views.dossier_create_view, name="dossier_create"),
    path("pseudonymiser/", views.pseudonymise_tool, name="pseudonymise"),
    path("besoins/", views.needs_view, name="needs"),
    path("besoins/csv/<slug:table>/", views.needs_csv_view, name="needs_csv"),
    path("<int:pk>/", views.dossier_detail, name="dossier"),
    path("<int:pk>/modifier/", views.dossier_edit, name="dossier_edit"),
    path("<int:pk>/pdf/", views.dossier_pdf_view, name="dossier_pdf"),
    path("<int:pk>/extraits/<str:source>/", views.excerpt_add_view, name="excerpt_add"),
    path("<int:pk>/tableaux/", views.figure_add_view, name="figure_add"),
    path("extraits/<int:pk>/", views.excerpt_review_view, name="review"),
    path("extraits/<int:pk>/retirer/", views.excerpt_remove_view, name="excerpt_remove"),
    path("tableaux/<int:pk>/retirer/", views.figure_remove_view, name="figure_remove"),
]
