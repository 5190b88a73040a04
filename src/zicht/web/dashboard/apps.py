from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "zicht.web.dashboard"
    label = "dashboard"
    verbose_name = "Dashboard"
