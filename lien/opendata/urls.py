from django.urls import path

from lien.opendata import views

app_name = "opendata"

urlpatterns = [
    path("", views.open_data_page, name="page"),
    path("csv/", views.open_data_csv, name="csv"),
    path("xlsx/", views.open_data_xlsx, name="xlsx"),
    path("publier/", views.public_settings, name="public_settings"),
    path("publier/tableaux/", views.public_figure_add_view, name="public_figure_add"),
    path("publier/tableaux/<int:pk>/retirer/", views.public_figure_remove_view, name="public_figure_remove"),
    path("publique/<slug:slug>/", views.public_page_view, name="public_page"),
]
