from django.contrib import admin

from mba.admin import jaarkolom

from .forms import PrioriteitenAdminForm
from .models import Buurt, FysiekProject, Indicator, Locatie, Meting, Prioriteit, Wijk, Wijkprofiel


class BuurtInline(admin.TabularInline):
    model = Buurt
    extra = 0
    prepopulated_fields = {"slug": ["naam"]}


@admin.register(Wijk)
class WijkAdmin(admin.ModelAdmin):
    list_display = [
        "naam",
        "volgorde",
        "inzet",
        "kwetsbare_huishoudens",
        "aandeel_kwetsbare_huishoudens",
    ]
    list_filter = ["inzet"]
    search_fields = ["naam"]
    prepopulated_fields = {"slug": ["naam"]}
    filter_horizontal = ["teamleden"]
    inlines = [BuurtInline]


@admin.register(Buurt)
class BuurtAdmin(admin.ModelAdmin):
    list_display = ["naam", "wijk"]
    list_filter = ["wijk"]
    search_fields = ["naam", "wijk__naam"]
    list_select_related = ["wijk"]
    prepopulated_fields = {"slug": ["naam"]}


@admin.register(Locatie)
class LocatieAdmin(admin.ModelAdmin):
    list_display = ["naam", "soort", "wijk", "buurt", "geopend_op", "gesloten_op"]
    list_filter = ["soort", "wijk"]
    search_fields = ["naam", "adres"]
    list_select_related = ["wijk", "buurt"]
    autocomplete_fields = ["buurt"]


class IndicatorInline(admin.StackedInline):
    model = Indicator
    extra = 0
    show_change_link = True


@admin.register(Prioriteit)
class PrioriteitAdmin(admin.ModelAdmin):
    list_display = [
        "titel",
        "wijk",
        "volgorde",
        jaarkolom("geldig_van", "geldig van"),
        jaarkolom("geldig_tot", "geldig tot"),
    ]
    list_filter = ["wijk", "themas", "geldig_van"]
    search_fields = ["titel", "toelichting"]
    list_select_related = ["wijk"]
    filter_horizontal = ["themas"]
    inlines = [IndicatorInline]


class MetingInline(admin.TabularInline):
    model = Meting
    extra = 1


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = [
        "naam",
        "prioriteit",
        "nulmeting",
        "streefwaarde",
        "streefdatum",
    ]
    list_filter = ["prioriteit__wijk", "richting", "bronsoort"]
    search_fields = ["naam", "prioriteit__titel"]
    list_select_related = ["prioriteit__wijk"]
    autocomplete_fields = ["prioriteit"]
    inlines = [MetingInline]


@admin.register(Meting)
class MetingAdmin(admin.ModelAdmin):
    list_display = ["indicator", "datum", "waarde"]
    list_filter = ["indicator__prioriteit__wijk"]
    date_hierarchy = "datum"
    search_fields = ["indicator__naam"]
    list_select_related = ["indicator"]
    autocomplete_fields = ["indicator"]


@admin.register(Wijkprofiel)
class WijkprofielAdmin(admin.ModelAdmin):
    list_display = ["wijk", jaarkolom("jaar", "jaar")]
    list_filter = ["jaar", "wijk"]
    search_fields = ["wijk__naam", "tekst"]
    list_select_related = ["wijk"]


@admin.register(FysiekProject)
class FysiekProjectAdmin(admin.ModelAdmin):
    form = PrioriteitenAdminForm  # the priorities checked by the model's rule, with a message
    list_display = [
        "naam",
        "wijk",
        "soort",
        "status",
        "eigenaar",
        "eind",
        "woningen_gesloopt",
        "woningen_opgeleverd",
        "woningen_gepland",
    ]
    list_filter = ["soort", "status", "wijk", "eigenaar"]
    search_fields = ["naam", "aannemer", "omschrijving"]
    list_select_related = ["wijk", "eigenaar"]
    autocomplete_fields = ["buurt", "prioriteiten"]
    date_hierarchy = "eind"
