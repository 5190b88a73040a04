from django.urls import path

from zicht.web.portal import accounts, coordination, oidc, publication, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("aanmelden/", accounts.sign_in, name="sign_in"),
    path("aanmelden/code/", accounts.verify, name="verify"),
    path("aanmelden/instellen/", accounts.enrol, name="enrol"),
    path("afmelden/", accounts.sign_out, name="sign_out"),
    path("aanmelden/sso/", oidc.start, name="oidc_start"),
    path("aanmelden/sso/terug/", oidc.callback, name="oidc_callback"),
    path("partner/", views.partner_home, name="partner_home"),
    path("partner/<slug:code>/", views.partner_detail, name="partner"),
    path(
        "partner/<slug:code>/<int:year>/sjabloon.<str:kind>",
        views.template_download,
        name="template",
    ),
    path("partner/<slug:code>/<int:year>/upload/", views.upload, name="upload_file"),
    path("upload/<int:pk>/", views.upload_detail, name="upload"),
    path("gevraagd/<int:pk>/niet-beschikbaar/", views.mark_unavailable, name="unavailable"),
    path("gevraagd/<int:pk>/toch-beschikbaar/", views.mark_available, name="available"),
    path("levering/<int:pk>/", views.delivery_detail, name="delivery"),
    path("levering/<int:pk>/beoordelen/", coordination.review, name="review"),
    path("beoordelen/", coordination.reviews, name="reviews"),
    path("rondes/", coordination.rounds, name="rounds"),
    path("rondes/<int:pk>/", coordination.round_detail, name="round"),
    path("werkcijfers/", coordination.working_figures_index, name="working_figures_index"),
    path("werkcijfers/<int:year>/", coordination.working_figures, name="working_figures"),
    path("werkcijfers/<int:year>.csv", coordination.working_figures_csv, name="working_csv"),
    path("publiceren/<int:year>/", publication.publish, name="publish"),
    path("opbouw/", coordination.build_up, name="build_up"),
    path("audit/", coordination.audit, name="audit"),
    path("audit.csv", coordination.audit_csv, name="audit_csv"),
    path("audit/controle/", coordination.audit_check, name="audit_check"),
]
