from django.contrib import admin

from mba.admin import jaarkolom

from .models import (
    Hoofdstuk,
    Jaarrapportage,
    Prioriteittoelichting,
    RapportVoorbeeld,
    Voorbeeld,
    VoorbeeldFoto,
)


class VoorbeeldFotoInline(admin.TabularInline):
    model = VoorbeeldFoto
    extra = 0


@admin.register(Voorbeeld)
class VoorbeeldAdmin(admin.ModelAdmin):
    list_display = ["titel", "wijk", jaarkolom("jaar", "jaar")]
    list_filter = ["jaar", "wijk"]
    search_fields = ["titel", "tekst"]
    list_select_related = ["wijk"]
    autocomplete_fields = ["initiatief", "activiteit", "fysiek_project"]
    inlines = [VoorbeeldFotoInline]


class HoofdstukInline(admin.StackedInline):
    model = Hoofdstuk
    extra = 0


class RapportVoorbeeldInline(admin.TabularInline):
    model = RapportVoorbeeld
    extra = 0
    autocomplete_fields = ["voorbeeld"]


class PrioriteittoelichtingInline(admin.StackedInline):
    model = Prioriteittoelichting
    extra = 0


@admin.register(Jaarrapportage)
class JaarrapportageAdmin(admin.ModelAdmin):
    list_display = ["titel", jaarkolom("jaar", "jaar"), "status", "deadline", "gepubliceerd_op"]
    list_filter = ["status"]
    search_fields = ["titel", "voorwoord"]
    # Publishing renders and freezes the report and asks to confirm its open points: only
    # through rapport.rapportage_publiceren (the page "Klaar voor de stuurgroep?"), not here.
    readonly_fields = ["status", "gepubliceerd_op"]
    inlines = [HoofdstukInline, RapportVoorbeeldInline, PrioriteittoelichtingInline]


@admin.register(Hoofdstuk)
class HoofdstukAdmin(admin.ModelAdmin):
    list_display = ["titel", "sleutel", "rapportage"]
    list_filter = ["sleutel", "rapportage"]
    search_fields = ["titel", "tekst"]
    list_select_related = ["rapportage"]
