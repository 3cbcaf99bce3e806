from django.urls import path

from lien.workshops import views

app_name = "workshops"

urlpatterns = [
    path("", views.programme_list, name="list"),
    path("nouveau/", views.programme_create, name="programme_create"),
    path("<int:pk>/", views.programme_detail, name="programme_detail"),
    path("<int:pk>/modifier/", views.programme_edit, name="programme_edit"),
    path("<int:pk>/seances/nouvelle/", views.session_create, name="session_create"),
    path("<int:pk>/inscrire/", views.register, name="register"),
    path("<int:pk>/bilan/", views.report, name="report"),
    path("<int:pk>/bilan.pdf", views.report_pdf, name="report_pdf"),
    path("<int:pk>/bilan.json", views.report_json, name="report_json"),
    path("seances/<int:pk>/modifier/", views.session_edit, name="session_edit"),
    path("seances/<int:pk>/presences/", views.attendance, name="attendance"),
    path("inscriptions/<int:pk>/retrait/", views.registration_withdraw, name="registration_withdraw"),
    # The patient partner's own sessions.
    path("mes-seances/", views.my_sessions, name="my_sessions"),
]
