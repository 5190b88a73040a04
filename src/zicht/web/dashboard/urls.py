from django.urls import path

from zicht.web.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.home, name="home"),
    path("over/", views.about, name="about"),
    path("methode/", views.methods, name="methods"),
    path("begrippen/", views.glossary, name="glossary"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    path("editie/<int:year>/", views.edition, name="edition"),
    path("editie/<int:year>/zicht-<int:file_year>.csv", views.download, name="download"),
    path(
        "editie/<int:year>/zicht-<int:file_year>-toelichtingen.csv",
        views.download_notes,
        name="download_notes",
    ),
    path(
        "editie/<int:year>/alle-jaren-<str:variant>.csv",
        views.download_all_years,
        name="download_all_years",
    ),
    path("editie/<int:year>/kaart/", views.map_page, name="map"),
    path("editie/<int:year>/keten/", views.chain, name="chain"),
    path("editie/<int:year>/thema/<slug:code>/", views.theme, name="theme"),
    path("editie/<int:year>/indicator/<slug:code>/", views.indicator, name="indicator"),
    path(
        "editie/<int:year>/indicator/<slug:code>/cijfers-<str:variant>.csv",
        views.download_indicator,
        name="download_indicator",
    ),
    path(
        "editie/<int:year>/indicator/<slug:code>/<slug:chart>.<str:ext>",
        views.chart_image,
        name="chart_image",
    ),
    path("editie/<int:year>/gemeente/<str:code>/", views.municipality, name="municipality"),
]
