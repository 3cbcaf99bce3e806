from django.urls import path

from lien.improvements import views

urlpatterns = [
    path("", views.improvement_list, name="improvement_list"),
    path("nouvelle/", views.improvement_create_view, name="improvement_create"),
    path("<int:pk>/", views.improvement_detail, name="improvement_detail"),
    path("<int:pk>/modifier/", views.improvement_edit, name="improvement_edit"),
    # The actions of workflow.IMPROVEMENTS: "improvement_" and the action's name.
    path("<int:pk>/transmettre/", views.improvement_send_view, name="improvement_send"),
    path("<int:pk>/reponse/", views.improvement_record_answer_view, name="improvement_record_answer"),
    path(
        "<int:pk>/mise-en-oeuvre/",
        views.improvement_record_implemented_view,
        name="improvement_record_implemented",
    ),
    path("<int:pk>/non-retenue/", views.improvement_reject_view, name="improvement_reject"),
]
