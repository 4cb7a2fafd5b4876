from django.urls import path

from . import views, views_doorverwijzingen

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
]
