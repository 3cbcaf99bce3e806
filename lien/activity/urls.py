from django.urls import path

from lien.activity import views

app_name = "activity"

urlpatterns = [
    path("", views.programme_report_view, name="report"),
    path("pdf/", views.programme_report_pdf, name="report_pdf"),
    path("xlsx/", views.programme_report_xlsx, name="report_xlsx"),
    path("territoire/", views.programme_territory, name="territory"),
]
