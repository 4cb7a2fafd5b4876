from django.urls import path

from . import views, views_doorverwijzingen, views_vraagstukken

app_name = "activiteiten"

urlpatterns = [
    path("contactmomenten/", views.contactmomenten, name="contactmomenten"),
    path("contactmomenten/nieuw/", views.contactmoment_nieuw, name="contactmoment_nieuw"),
    path("contactmomenten/<int:pk>/", views.contactmoment, name="contactmoment"),
    path(
        "contactmomenten/<int:pk>/bewerken/",
        views.contactmoment_bewerken,
        name="contactmoment_bewerken",
    ),
    path(
        "contactmomenten/<int:pk>/vervolg-afronden/",
        views.vervolg_afronden,
        name="vervolg_afronden",
    ),
    path("doorverwijzingen/", views_doorverwijzingen.doorverwijzingen, name="doorverwijzingen"),
    path(
        "doorverwijzingen/<int:pk>/",
        views_doorverwijzingen.doorverwijzing,
        name="doorverwijzing",
    ),
    path("activiteiten/", views.activiteiten, name="activiteiten"),
    path("activiteiten/nieuw/", views.activiteit_nieuw, name="activiteit_nieuw"),
    path("activiteiten/<int:pk>/", views.activiteit, name="activiteit"),
    path("activiteiten/<int:pk>/bewerken/", views.activiteit_bewerken, name="activiteit_bewerken"),
    path("vraagstukken/", views_vraagstukken.vraagstukken, name="vraagstukken"),
    path("vraagstukken/<int:pk>/", views_vraagstukken.vraagstuk, name="vraagstuk"),
    path(
        "vraagstukken/<int:pk>/bewerken/",
        views_vraagstukken.vraagstuk_bewerken,
        name="vraagstuk_bewerken",
    ),
    path(
        "vraagstukken/voorstel/<int:wijk>/<int:buurt>/<int:signaal>/",
        views_vraagstukken.vraagstuk_uit_voorstel,
        name="vraagstuk_uit_voorstel",
    ),
    path(
        "vraagstukken/voorstel/<int:wijk>/<int:buurt>/<int:signaal>/afwijzen/",
        views_vraagstukken.voorstel_afwijzen,
        name="voorstel_afwijzen",
    ),
]
