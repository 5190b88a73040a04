"""Embeddable charts, under the language prefix like the dashboard pages (/en/embed/...)."""

from django.urls import path

from zicht.web.publication import views

app_name = "embed"

urlpatterns = [
    path("embed/<int:year>/<slug:code>/", views.embed_page, name="page"),
    path("embed/<int:year>/<slug:code>.<str:kind>", views.embed_image, name="image"),
]
