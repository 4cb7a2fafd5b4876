from django.urls import path

from . import views

app_name = "wijken"

urlpatterns = [
    path("wijken/", views.wijken, name="wijken"),
    # wijken/<slug>/ (name "wijk"): the wijk page, in rapportage.paginas (mba/urls.py).
    path("projecten/", views.projecten, name="projecten"),
    path("projecten/nieuw/", views.project_nieuw, name="project_nieuw"),
    path("projecten/<int:pk>/", views.project, name="project"),
    path("projecten/<int:pk>/bewerken/", views.project_bewerken, name="project_bewerken"),
]
