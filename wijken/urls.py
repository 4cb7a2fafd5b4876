from django.urls import path

from . import views

app_name = "wijken"

urlpatterns = [
    path("wijken/", views.wijken, name="wijken"),
    # wijken/<slug>/ (name "wijk"): the wijk page, in rapportage.paginas, and
    # wijken/<slug>/prioriteiten/<pk>/ (name "prioriteit"), in rapportage.prioriteiten
    # (mba/urls.py). The forms of a priority's indicators and measurements are here.
    path(
        "wijken/<slug:slug>/prioriteiten/<int:pk>/indicatoren/nieuw/",
        views.indicator_nieuw,
        name="indicator_nieuw",
    ),
    path(
        "wijken/<slug:slug>/prioriteiten/<int:pk>/indicatoren/<int:indicator>/bewerken/",
        views.indicator_bewerken,
        name="indicator_bewerken",
    ),
    path(
        "wijken/<slug:slug>/prioriteiten/<int:pk>/indicatoren/<int:indicator>/metingen/nieuw/",
        views.meting_nieuw,
        name="meting_nieuw",
    ),
    path(
        "wijken/<slug:slug>/prioriteiten/<int:pk>/indicatoren/<int:indicator>/metingen/"
        "<int:meting>/bewerken/",
        views.meting_bewerken,
        name="meting_bewerken",
    ),
    path(
        "wijken/<slug:slug>/prioriteiten/<int:pk>/indicatoren/<int:indicator>/metingen/"
        "<int:meting>/verwijderen/",
        views.meting_verwijderen,
        name="meting_verwijderen",
    ),
    path("projecten/", views.projecten, name="projecten"),
    path("projecten/nieuw/", views.project_nieuw, name="project_nieuw"),
    path("projecten/<int:pk>/", views.project, name="project"),
    path("projecten/<int:pk>/bewerken/", views.project_bewerken, name="project_bewerken"),
]
