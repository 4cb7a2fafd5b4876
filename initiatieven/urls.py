from django.urls import path

from . import views, views_voortgang

app_name = "initiatieven"

urlpatterns = [
    path("initiatieven/", views.initiatieven, name="initiatieven"),
    path("initiatieven/nieuw/", views.initiatief_nieuw, name="initiatief_nieuw"),
    path("initiatieven/<int:pk>/", views.initiatief, name="initiatief"),
    path("initiatieven/<int:pk>/bewerken/", views.initiatief_bewerken, name="initiatief_bewerken"),
    path("initiatieven/<int:pk>/draagvlak/", views.initiatief_draagvlak, name="draagvlak"),
    path("initiatieven/<int:pk>/stap/", views.initiatief_stap, name="stap"),
    path(
        "initiatieven/<int:pk>/voortgang/", views_voortgang.voortgang_nieuw, name="voortgang_nieuw"
    ),
    path("initiatieven/<int:pk>/geleverd/", views_voortgang.geleverd, name="geleverd"),
]
