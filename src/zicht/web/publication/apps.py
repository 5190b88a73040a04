from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "zicht.web.publication"
    label = "publication"
    verbose_name = "Publicaties"
