from django.urls import path

from lien.participation import views

app_name = "participation"

urlpatterns = [
    path("", views.index, name="index"),
    path("rencontres/nouvelle/", views.meeting_create, name="meeting_create"),
    path("rencontres/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("rencontres/<int:pk>/modifier/", views.meeting_edit, name="meeting_edit"),
    path("relais/", views.relay_list, name="relays"),
    path("relais/nouveau/", views.relay_create, name="relay_create"),
    path("relais/<int:pk>/modifier/", views.relay_edit, name="relay_edit"),
    path("temoignages/", views.testimony_list, name="testimonies"),
    path("temoignages/nouveau/", views.testimony_create, name="testimony_create"),
    path("temoignages/<int:pk>/", views.testimony_detail, name="testimony_detail"),
    path("temoignages/<int:pk>/modifier/", views.testimony_edit, name="testimony_edit"),
    path("plaidoyer/", views.advocacy, name="advocacy"),
]
