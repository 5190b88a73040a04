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
# Error pages in the reader's language, in the layout of the part of the site they were asked
# in (zicht.web.errors); a server error always in the public site's plain one.
handler403 = "zicht.web.errors.forbidden"
handler404 = "zicht.web.errors.not_found"
handler500 = "zicht.web.dashboard.views.server_error"
urlpatterns += i18n_patterns(
    path("portaal/", include("zicht.web.portal.urls")),
    path("portaal/", include("zicht.web.linkage.urls")),
    path("", include("zicht.web.dashboard.urls")),
    path("", include("zicht.web.publication.embed_urls")),
    path("", include("zicht.web.publication.reader_urls")),
    prefix_default_language=False,
)
