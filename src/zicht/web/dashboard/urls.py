from django.urls import path

from zicht.web.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.home, name="home"),
    path("editie/<int:year>/", views.edition, name="edition"),
    path("editie/<int:year>/zicht-<int:file_year>.csv", views.download, name="download"),
    path(
        "editie/<int:year>/zicht-<int:file_year>-toelichtingen.csv",
        views.download_notes,
        name="download_notes",
    ),
    path("editie/<int:year>/indicator/<slug:code>/", views.indicator, name="indicator"),
    path("editie/<int:year>/gemeente/<str:code>/", views.municipality, name="municipality"),
]
