from django.urls import path

from . import koppelen, views

app_name = "rapportage"

urlpatterns = [
    path("", views.overzicht, name="overzicht"),
    path("starten/", views.starten, name="starten"),
    path("<int:jaar>/", views.rapport, name="rapport"),
    path("<int:jaar>/pdf/", views.pdf, name="pdf"),
    path("<int:jaar>/pdf/<int:opdracht_id>/", views.pdf_status, name="pdf_status"),
    path("<int:jaar>/bewerken/", views.bewerken, name="bewerken"),
    path("<int:jaar>/gereed/", views.gereed, name="gereed"),
    path("<int:jaar>/publiceren/", views.publiceren, name="publiceren"),
    path("koppelen/<slug:slug>/", koppelen.koppelen, name="koppelen"),
]
