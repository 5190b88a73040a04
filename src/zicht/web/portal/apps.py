from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "zicht.web.portal"
    label = "portal"
    verbose_name = "Portaal"

    def ready(self) -> None:
        from zicht.web.portal import audit  # noqa: F401  (connects the audit receivers)
