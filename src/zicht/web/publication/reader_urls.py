"""The open-data page for readers, under the language prefix like the dashboard
(/open-data/2021/ in Dutch, /en/open-data/2021/ in English). The files it lists keep their
language-neutral addresses (``publication:open_data_file``)."""

from django.urls import path

from zicht.web.publication import views

app_name = "open_data"

urlpatterns = [
    path("open-data/", views.open_data_editions, name="editions"),
    path("open-data/<int:year>/", views.open_data_index, name="index"),
]
