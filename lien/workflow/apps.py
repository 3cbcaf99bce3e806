from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "lien.workflow"
    verbose_name = "Cycles de vie"

    def ready(self) -> None:
        # Every app declares its lifecycles in ``<app>/workflow.py``: load them all, so the
        # registry (and the tests that walk it) sees every table.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("workflow")
