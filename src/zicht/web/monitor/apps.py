from django.apps import AppConfig


class MonitorConfig(AppConfig):
    name = "zicht.web.monitor"
    label = "monitor"
    verbose_name = "Monitor"
