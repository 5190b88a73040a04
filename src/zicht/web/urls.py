"""URL configuration: public dashboard in Dutch at /, in English under /en/."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from zicht.web.health import health
from zicht.web.publication.api import api

urlpatterns = [
    path("beheer/", admin.site.urls),
    path("gezond/", health, name="health"),
    path("", include("zicht.web.publication.urls")),
    path("api/v1/", api.urls),
]
# Error pages in the public site's layout and the reader's language.
handler404 = "zicht.web.dashboard.views.not_found"
handler500 = "zicht.web.dashboard.views.server_error"
urlpatterns += i18n_patterns(
    path("portaal/", include("zicht.web.portal.urls")),
    path("portaal/", include("zicht.web.linkage.urls")),
    path("", include("zicht.web.dashboard.urls")),
    path("", include("zicht.web.publication.embed_urls")),
    prefix_default_language=False,
)
