from django.urls import path

from lien.opendata import views

app_name = "opendata"

urlpatterns = [
    path("", views.open_data_page, name="page"),
    path("csv/", views.open_data_csv, name="csv"),
    path("xlsx/", views.open_data_xlsx, name="xlsx"),
]
