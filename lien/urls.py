from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from lien.accounts import session_views, two_factor_views
from lien.accounts import views as accounts_views
from lien.accounts.forms import EmailAuthenticationForm
from lien.accounts.middleware import two_factor_exempt
from lien.api.api import api
from lien.communes import views as communes_views
from lien.journal import views as journal_views
from lien.people import views as people_views
from lien.shell import views as shell_views

admin.site.site_header = "Lien — administration"
admin.site.site_title = "Lien"

urlpatterns = [
    path("", shell_views.home, name="home"),
    path("activite/", shell_views.statistics, name="statistics"),
    path("moi/", accounts_views.me, name="me"),
    path("moi/jetons/<int:pk>/revoquer/", accounts_views.token_revoke, name="token_revoke"),
    path("moi/sessions/", session_views.user_sessions, name="user_sessions"),
    path("moi/sessions/<int:pk>/terminer/", session_views.user_session_end, name="user_session_end"),
    path("moi/sessions/deconnexion-partout/", session_views.logout_everywhere_view, name="logout_everywhere"),
    path("moi/double-authentification/", two_factor_views.two_factor_settings, name="two_factor_settings"),
    path(
        "moi/double-authentification/codes-de-secours/",
        two_factor_views.recovery_codes_regenerate_view,
        name="two_factor_recovery_codes",
    ),
    path(
        "moi/double-authentification/application/retirer/",
        two_factor_views.totp_device_remove_view,
        name="two_factor_totp_remove",
    ),
    path(
        "moi/double-authentification/cles/<int:pk>/retirer/",
        two_factor_views.passkey_remove_view,
        name="two_factor_passkey_remove",
    ),
    path("personnes/", people_views.person_list, name="person_list"),
    path("personnes/nouvelle/", people_views.person_create_view, name="person_create"),
    path("personnes/<int:pk>/", people_views.person_detail, name="person_detail"),
    path("personnes/<int:pk>/modifier/", people_views.person_edit, name="person_edit"),
    path("personnes/<int:pk>/consentement/", people_views.consent_record_view, name="consent_record"),
    path(
        "personnes/<int:pk>/consentement/retrait/",
        people_views.consent_withdraw_view,
        name="consent_withdraw",
    ),
    path(
        "personnes/<int:pk>/donnees.json",
        people_views.person_data_export_json,
        name="person_data_export_json",
    ),
    path(
        "personnes/<int:pk>/donnees.pdf", people_views.person_data_export_pdf, name="person_data_export_pdf"
    ),
    path("personnes/information/", people_views.information_text, name="information_text"),
    path("sorties/", include("lien.outreach.urls")),
    path("evaluations/", include("lien.assessments.urls")),
    path("droits/", include("lien.rights.urls")),
    path("participation/", include("lien.participation.urls")),
    path("suivi/", include("lien.followup.urls")),
    path("orientations/", include("lien.orientations.urls")),
    path("rendez-vous/", include("lien.appointments.urls")),
    path("webhooks/sms/", include("lien.appointments.webhook_urls")),
    path("prevention/", include("lien.prevention.urls")),
    path("activite-programme/", include("lien.activity.urls")),
    path("donnees-ouvertes/", include("lien.opendata.urls")),
    path("plaidoyer/", include("lien.advocacy.urls")),
    path("reseau/", include("lien.network.urls")),
    path("journal/", journal_views.journal, name="journal"),
    path("saisines/", include("lien.saisines.urls")),
    path("courriers/", include("lien.letters.urls")),
    path("annuaire/", include("lien.directory.urls")),
    path("rapports/", include("lien.reports.urls")),
    path("ameliorations/", include("lien.improvements.urls")),
    path("notifications/", include("lien.notifications.urls")),
    path("adressages/", include("lien.referrals.urls")),
    path("patients-partenaires/", include("lien.partners.urls")),
    path("ateliers/", include("lien.workshops.urls")),
    path("communes/recherche/", communes_views.commune_search, name="commune_search"),
    path(
        "compte/connexion/",
        auth_views.LoginView.as_view(
            redirect_authenticated_user=True, authentication_form=EmailAuthenticationForm
        ),
        name="login",
    ),
    path("compte/deconnexion/", two_factor_exempt(auth_views.LogoutView.as_view()), name="logout"),
    path("compte/double-authentification/", two_factor_views.two_factor_verify, name="two_factor_verify"),
    path(
        "compte/double-authentification/activer/", two_factor_views.two_factor_enrol, name="two_factor_enrol"
    ),
    path(
        "compte/cles-d-acces/",
        include(
            (
                [
                    path(route, two_factor_exempt(view.as_view()), name=name)
                    for route, view, name in two_factor_views.webauthn_urlpatterns
                ],
                "otp_webauthn",
            )
        ),
    ),
    path("compte/confirmation/", two_factor_views.reauthenticate, name="reauthenticate"),
    path("compte/mot-de-passe/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "compte/mot-de-passe/modifie/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("compte/mot-de-passe/oubli/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "compte/mot-de-passe/oubli/envoye/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "compte/mot-de-passe/nouveau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "compte/mot-de-passe/enregistre/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("langue/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]

handler404 = shell_views.page_not_found
handler500 = shell_views.server_error
