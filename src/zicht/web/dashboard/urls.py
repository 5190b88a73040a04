from django.urls import include, path

from zicht.web.dashboard import views

app_name = "dashboard"

# One indicator: its page, its figures and its charts (editie/<year>/indicator/<code>/...).
indicator_patterns = [
    path("", views.indicator, name="indicator"),
    path("cijfers-<str:variant>.csv", views.download_indicator, name="download_indicator"),
    path("<slug:chart>.<str:ext>", views.chart_image, name="chart_image"),
]

# One edition: its pages, then its figures and notes as files (editie/<year>/...).
edition_patterns = [
    path("", views.edition, name="edition"),
    path("thema/<slug:code>/", views.theme, name="theme"),
    path("indicator/<slug:code>/", include(indicator_patterns)),
    path("keten/", views.chain, name="chain"),
    path("kaart/", views.map_page, name="map"),
    path("gemeente/<str:code>/", views.municipality, name="municipality"),
    path("zicht-<int:file_year>.csv", views.download, name="download"),
    path("zicht-<int:file_year>-toelichtingen.csv", views.download_notes, name="download_notes"),
    path("alle-jaren-<str:variant>.csv", views.download_all_years, name="download_all_years"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("editie/<int:year>/", include(edition_patterns)),
    path("over/", views.about, name="about"),
    path("methode/", views.methods, name="methods"),
    path("begrippen/", views.glossary, name="glossary"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
]
