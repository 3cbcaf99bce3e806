from django.urls import path

from lien.network import views

app_name = "network"

urlpatterns = [
    path("", views.network_index, name="index"),
    path("<slug:slug>/", views.network_view, name="dashboard"),
    path("<slug:slug>/csv/", views.network_csv, name="csv"),
]
