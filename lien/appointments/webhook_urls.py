"""The delivery receipts of the SMS providers: public URLs, each provider signing in with the
shared secret (``LIEN_SMS_WEBHOOK_SECRET``)."""

from django.urls import path

from lien.appointments import views

app_name = "sms"

urlpatterns = [path("<slug:provider>/", views.sms_webhook, name="webhook")]
