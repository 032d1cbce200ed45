"""The project package as an app, only so its signal receivers connect when Django starts."""

from django.apps import AppConfig


class EngagementPlanConfig(AppConfig):
    name = "engagement_plan"
    verbose_name = "Plan Tracker configuration"

    def ready(self):
        from engagement_plan import middleware  # noqa: F401 - connects start_session_clock
