from django.urls import path

from lien.partners import accompaniment_views as accompaniments
from lien.partners import views

app_name = "partners"

urlpatterns = [
    path("", views.partner_list, name="list"),
    path("nouveau/", views.partner_create, name="create"),
    path("coordination/", views.coordination, name="coordination"),
    path("<int:pk>/", views.partner_detail, name="detail"),
    path("<int:pk>/modifier/", views.partner_edit, name="edit"),
    path("<int:pk>/formations/nouvelle/", views.training_add, name="training_add"),
    path("<int:pk>/formations/<int:training_pk>/valider/", views.training_validate, name="training_validate"),
    path(
        "<int:pk>/formations/<int:training_pk>/attestation/",
        views.training_certificate,
        name="training_certificate",
    ),
    path("<int:pk>/conventions/nouvelle/", views.convention_add, name="convention_add"),
    path("<int:pk>/conventions/<int:convention_pk>/fichier/", views.convention_file, name="convention_file"),
    path("proposer/<int:person_pk>/", accompaniments.accompaniment_propose, name="accompaniment_propose"),
    path(
        "proposer/adressage/<int:referral_pk>/",
        accompaniments.accompaniment_propose_from_referral,
        name="accompaniment_propose_from_referral",
    ),
    path("accompagnements/<int:pk>/", accompaniments.accompaniment_detail, name="accompaniment_detail"),
    path(
        "accompagnements/<int:pk>/consentement/",
        accompaniments.accompaniment_consent,
        name="accompaniment_consent",
    ),
    path("accompagnements/<int:pk>/choix/", accompaniments.accompaniment_choose, name="accompaniment_choose"),
    path(
        "accompagnements/<int:pk>/retrait/",
        accompaniments.accompaniment_withdraw,
        name="accompaniment_withdraw",
    ),
    path(
        "accompagnements/<int:pk>/difficultes/<int:difficulty_pk>/traitee/",
        accompaniments.difficulty_handle,
        name="difficulty_handle",
    ),
    # The patient partner's own space.
    path("mes-accompagnements/", accompaniments.my_accompaniments, name="my_accompaniments"),
    path("mes-accompagnements/<int:pk>/", accompaniments.my_accompaniment, name="my_accompaniment"),
    path("mes-accompagnements/<int:pk>/rencontres/", accompaniments.my_meeting_add, name="my_meeting_add"),
    path(
        "mes-accompagnements/<int:pk>/difficultes/",
        accompaniments.my_difficulty_signal,
        name="my_difficulty_signal",
    ),
]
