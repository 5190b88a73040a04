from django.urls import path

from zicht.web.linkage import views

app_name = "linkage"
urlpatterns = [
    path("versleutelen/", views.encode, name="encode"),
    path("versleutelen/upload/", views.upload, name="upload"),
    path("versleutelen/personenlijst.csv", views.persons_template, name="persons_template"),
    path("koppeling/", views.runs, name="runs"),
    path("koppeling/<int:year>/starten/", views.start_linkage, name="start_linkage"),
    path("koppeling/advertenties/starten/", views.start_ads, name="start_ads"),
]
