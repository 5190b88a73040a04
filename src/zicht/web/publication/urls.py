"""Publication URLs. Open data, PDFs and the API are language-neutral addresses that never
change once an edition is published; embeds and the open-data page follow the page language
(/en/ prefix: ``embed_urls`` and ``reader_urls``)."""

from django.urls import path

from zicht.web.publication import views

app_name = "publication"

urlpatterns = [
    path("open-data/<int:year>/<str:name>", views.open_data_file, name="open_data_file"),
    path(
        "publicaties/<int:year>/monitor-<int:file_year>-<str:language>.pdf",
        views.report,
        name="report",
    ),
    path(
        "publicaties/<int:year>/factsheet-<str:code>-<str:language>.pdf",
        views.factsheet,
        name="factsheet",
    ),
]
