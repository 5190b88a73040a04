from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinkageConfig(AppConfig):
    name = "zicht.web.linkage"
    label = "linkage"
    verbose_name = _("Koppeling")

    def ready(self) -> None:
        from zicht.web.portal.navigation import NavItem, register
        from zicht.web.portal.roles import Role

        register(NavItem("linkage:encode", _("Personenlijst versleutelen"), (Role.PARTNER,)))
        register(NavItem("linkage:runs", _("Koppeling en analyses"), (Role.COORDINATOR,)))
