from django.urls import path

from lien.reports import views

urlpatterns = [
    path("annuel/", views.annual, name="report_annual"),
    path("annuel/pdf/", views.annual_pdf, name="report_annual_pdf"),
    path("mensuel/", views.monthly, name="report_monthly"),
]
