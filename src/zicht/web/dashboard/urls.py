from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from zicht.web.dashboard import views

app_name = "dashboard"

# The page addresses are translated: /editie/2021/kaart/ in Dutch, /en/edition/2021/map/ in
# English (the English addresses before were /en/editie/...; zicht.web.errors sends those on).
# Download addresses keep one name in both languages; the file a reader saves is named in the
# page's language (Content-Disposition, views._file_name).

# One indicator: its page, its figures and its charts (editie/<year>/indicator/<code>/...).
indicator_patterns = [
    path("", views.indicator, name="indicator"),
    path("cijfers-<str:variant>.csv", views.download_indicator, name="download_indicator"),
    path("<slug:chart>.<str:ext>", views.chart_image, name="chart_image"),
]

# One edition: its pages, then its figures and notes as files (editie/<year>/...).
edition_patterns = [
    path("", views.edition, name="edition"),
    path(_("thema/<slug:code>/"), views.theme, name="theme"),
    path("indicator/<slug:code>/", include(indicator_patterns)),
    path(_("keten/"), views.chain, name="chain"),
    path(_("kaart/"), views.map_page, name="map"),
    path(_("gemeente/<str:code>/"), views.municipality, name="municipality"),
    path("zicht-<int:file_year>.csv", views.download, name="download"),
    path("zicht-<int:file_year>-toelichtingen.csv", views.download_notes, name="download_notes"),
    path("alle-jaren-<str:variant>.csv", views.download_all_years, name="download_all_years"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path(_("editie/<int:year>/"), include(edition_patterns)),
    path(_("over/"), views.about, name="about"),
    path(_("methode/"), views.methods, name="methods"),
    path(_("begrippen/"), views.glossary, name="glossary"),
    path(_("toegankelijkheid/"), views.accessibility, name="accessibility"),
]
