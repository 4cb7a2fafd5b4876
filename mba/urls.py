from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from activiteiten.api import ActiviteitViewSet, ContactmomentViewSet
from initiatieven.api import BewonersinitiatiefViewSet
from rapportage import paginas, prioriteiten
from rapportage.api import (
    DefinitiesView,
    JaarrapportageViewSet,
    PrioriteitMetCijfersViewSet,
    StatistiekenPerWijkView,
    StatistiekenView,
    VoorbeeldViewSet,
)
from rapportage.invoer import views as invoer_views
from wijken import urls as wijken_urls
from wijken.api import (
    BuurtViewSet,
    FysiekProjectViewSet,
    LocatieViewSet,
    WijkViewSet,
)

from . import beveiliging, media, offline, views, views_meldingen
from .api import (
    ApiRootView,
    OrganisatieViewSet,
    ThemaViewSet,
    VerwijderingViewSet,
    api_niet_gevonden,
)

# The partner API: one router under /api/v1/ (see README: API).
router = DefaultRouter()
router.include_format_suffixes = False
router.APIRootView = ApiRootView
router.register("wijken", WijkViewSet, basename="wijk")
router.register("buurten", BuurtViewSet, basename="buurt")
router.register("locaties", LocatieViewSet, basename="locatie")
router.register("themas", ThemaViewSet, basename="thema")
router.register("organisaties", OrganisatieViewSet, basename="organisatie")
router.register("prioriteiten", PrioriteitMetCijfersViewSet, basename="prioriteit")
router.register("fysieke-projecten", FysiekProjectViewSet, basename="fysiekproject")
router.register("bewonersinitiatieven", BewonersinitiatiefViewSet, basename="bewonersinitiatief")
router.register("activiteiten", ActiviteitViewSet, basename="activiteit")
router.register("contactmomenten", ContactmomentViewSet, basename="contactmoment")
router.register("voorbeelden", VoorbeeldViewSet, basename="voorbeeld")
router.register("jaarrapportages", JaarrapportageViewSet, basename="jaarrapportage")
router.register("verwijderingen", VerwijderingViewSet, basename="verwijdering")

api_urls = [
    path("v1/statistieken/", StatistiekenView.as_view(), name="statistieken"),
    path("v1/statistieken/per-wijk/", StatistiekenPerWijkView.as_view(), name="statistieken-wijk"),
    path("v1/definities/", DefinitiesView.as_view(), name="definities"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start script as a file of its own: no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    re_path(r"", api_niet_gevonden),
]

# The wijk page combines every app, so its view lives in rapportage (the top floor); it keeps its
# address and its name in the wijken namespace, where every link to it looks. So does the page of
# one priority (it is to show the figures of the work linked to it).
wijken_pagina_urls = (
    [
        path("wijken/<slug:slug>/", paginas.wijk, name="wijk"),
        path(
            "wijken/<slug:slug>/prioriteiten/<int:pk>/",
            prioriteiten.prioriteit,
            name="prioriteit",
        ),
        *wijken_urls.urlpatterns,
    ],
    wijken_urls.app_name,
)

urlpatterns = [
    path("", paginas.home, name="home"),
    path("inloggen/", views.InlogView.as_view(), name="login"),
    path("inloggen/tweede-stap/", views.tweestaps, name="tweestaps"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("wachtwoord/", views.WachtwoordView.as_view(), name="wachtwoord"),
    path("audit/", views.auditregels, name="audit"),
    path("import/", invoer_views.importeren, name="import"),
    path("import/<uuid:pk>/", invoer_views.taak, name="import_taak"),
    path("import/<uuid:pk>/importeren/", invoer_views.taak_importeren, name="import_importeren"),
    path(
        "import/sjabloon/<slug:soort>.<str:formaat>", invoer_views.sjabloon, name="import_sjabloon"
    ),
    path(".well-known/security.txt", beveiliging.security_txt, name="security-txt"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("sw.js", offline.service_worker, name="service-worker"),
    path("offline/", offline.offline_pagina, name="offline"),
    path("meldingen/", views_meldingen.meldingen, name="meldingen"),
    path("meldingen/<int:pk>/gelezen/", views_meldingen.gelezen, name="melding-gelezen"),
    path("meldingen/alles-gelezen/", views_meldingen.alles_gelezen, name="meldingen-alles-gelezen"),
    path("meldingen/voorkeuren/", views_meldingen.voorkeuren, name="meldingen-voorkeuren"),
    path("toegankelijkheidsverklaring/", views.toegankelijkheid, name="toegankelijkheid"),
    path("", include("activiteiten.urls")),
    path("", include("initiatieven.urls")),
    path("", include(wijken_pagina_urls)),
    path("beheer/", admin.site.urls),
    path("rapportage/", include("rapportage.urls")),
    # Uploaded files, only to who may see the record that holds them (mba.media), also with
    # DEBUG=0; behind nginx the view answers with X-Accel-Redirect.
    re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<pad>.+)$", media.bestand, name="media"),
    path("api/", include((api_urls, "api"))),
]
