from django.urls import path

from lien.saisines import actions, views

app_name = "saisines"

urlpatterns = [
    path("", views.saisine_list, name="list"),
    path("export/csv/", views.saisine_export, {"fmt": "csv"}, name="export_csv"),
    path("export/xlsx/", views.saisine_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("nouvelle/", views.saisine_create, name="create"),
    path("import/", views.saisine_import, name="import"),
    path("import/confirmer/", views.saisine_import_confirm, name="import_confirm"),
    path("<int:pk>/", views.saisine_detail, name="detail"),
    path("<int:pk>/documents/<int:document_pk>/", views.saisine_document, name="document"),
    path("<int:pk>/examen/", actions.examine, name="examine"),
    path("<int:pk>/instruction/", actions.instruct, name="instruct"),
    path("<int:pk>/instruction/reprise/", actions.resume_instruction, name="resume_instruction"),
    path("<int:pk>/perimetre/", actions.record_perimeter, name="record_perimeter"),
    path("<int:pk>/recevabilite/", actions.decide_receivability, name="decide_receivability"),
    path("<int:pk>/accuse/", actions.acknowledge, name="acknowledge"),
    path("<int:pk>/services/", actions.request_exchange, name="request_exchange"),
    path("<int:pk>/services/<int:exchange_pk>/reponse/", actions.answer_exchange, name="answer_exchange"),
    path("<int:pk>/notes/", actions.add_note, name="add_note"),
    path("<int:pk>/documents/", actions.add_document, name="add_document"),
    path("<int:pk>/taches/<int:task_pk>/faite/", actions.complete_task, name="complete_task"),
    path("<int:pk>/cra/", actions.record_cra, name="record_cra"),
    path("<int:pk>/recours-contentieux/", actions.record_court_action, name="record_court_action"),
    path("<int:pk>/equite/", actions.propose_equity, name="propose_equity"),
    path("<int:pk>/equite/decision/", actions.decide_equity, name="decide_equity"),
    path("<int:pk>/cloture/", actions.close, name="close"),
    path("<int:pk>/reouverture/", actions.reopen, name="reopen"),
    path("<int:pk>/conflit/", actions.declare_conflict, name="declare_conflict"),
]
