from django.urls import path

from lien.letters import views

app_name = "letters"

urlpatterns = [
    path("modeles/", views.template_list, name="templates"),
    path("modeles/<slug:slug>/<str:kind>/", views.template_edit, name="template_edit"),
    path("saisine/<int:saisine_id>/nouveau/<str:kind>/", views.letter_new, name="new"),
    path("<int:pk>/", views.letter_detail, name="detail"),
    path("<int:pk>/pdf/", views.letter_pdf, name="pdf"),
    path("<int:pk>/envoyer/", views.letter_send_view, name="send"),
    path("<int:pk>/envoi/", views.letter_mark_sent_view, name="mark_sent"),
]
