from django.contrib import admin

from mba.audit import AuditAdminMixin
from wijken.forms import PrioriteitenAdminForm

from . import tellingen
from .models import (
    Activiteit,
    Contactmoment,
    Doorverwijzing,
    DoorverwijzingWijziging,
    Kerncijfer,
    Signaalsoort,
)


@admin.register(Signaalsoort)
class SignaalsoortAdmin(admin.ModelAdmin):
    list_display = ["naam", "volgorde", "actief", "bijzonder"]
    list_editable = ["volgorde", "actief", "bijzonder"]
    search_fields = ["naam"]
    prepopulated_fields = {"slug": ["naam"]}


class KerncijferInline(admin.TabularInline):
    model = Kerncijfer
    extra = 1


@admin.register(Activiteit)
class ActiviteitAdmin(admin.ModelAdmin):
    form = PrioriteitenAdminForm  # the priorities checked by the model's rule, with a message
    list_display = ["naam", "wijk", "start", "eind", "status", "deelnemers"]
    list_filter = ["status", "wijk", "themas", "organisatoren"]
    search_fields = ["naam", "omschrijving", "locatie_omschrijving"]
    list_select_related = ["wijk"]
    date_hierarchy = "start"
    autocomplete_fields = ["buurt", "locatie", "initiatief", "fysiek_project", "prioriteiten"]
    filter_horizontal = ["organisatoren", "themas"]
    inlines = [KerncijferInline]


@admin.register(Kerncijfer)
class KerncijferAdmin(admin.ModelAdmin):
    list_display = ["activiteit", "aantal", "omschrijving", "circa"]
    search_fields = ["omschrijving", "activiteit__naam"]
    list_select_related = ["activiteit"]


@admin.register(Contactmoment)
class ContactmomentAdmin(AuditAdminMixin, admin.ModelAdmin):
    form = PrioriteitenAdminForm  # the priorities checked by the model's rule, with a message
    list_display = [
        "datum",
        "wijk",
        "kanaal",
        "aanleiding",
        "soort",
        "organisatie",
        "bewoners_bereikt",
        "vervolg_nodig",
        "vervolg_afgerond_op",
    ]
    list_filter = [
        "kanaal",
        "aanleiding",
        "soort",
        "vervolg_nodig",
        "wijk",
        "organisatie",
        "themas",
        "signalen",
    ]
    search_fields = ["notitie", "wijk__naam", "buurt__naam"]
    list_select_related = ["wijk", "organisatie"]

    # A save with its themes and signals, or a bulk delete: each touched month's counts are
    # recounted once, at the end (activiteiten.tellingen.samen).
    def changeform_view(self, *args, **kwargs):
        with tellingen.samen():
            return super().changeform_view(*args, **kwargs)

    def delete_queryset(self, request, queryset):
        with tellingen.samen():
            super().delete_queryset(request, queryset)

    date_hierarchy = "datum"
    autocomplete_fields = [
        "medewerker",
        "buurt",
        "fysiek_project",
        "activiteit",
        "doorverwezen_naar",
        "prioriteiten",
    ]
    filter_horizontal = ["themas", "signalen"]
    show_full_result_count = False


class DoorverwijzingWijzigingInline(admin.TabularInline):
    """The history is append-only: shown, never edited or deleted."""

    model = DoorverwijzingWijziging
    extra = 0
    can_delete = False
    fields = ["op", "van_status", "naar_status", "door", "antwoord"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Doorverwijzing)
class DoorverwijzingAdmin(AuditAdminMixin, admin.ModelAdmin):
    list_display = ["verstuurd_op", "van_organisatie", "naar_organisatie", "wijk", "status"]
    list_filter = ["status", "naar_organisatie", "wijk"]
    list_select_related = ["van_organisatie", "naar_organisatie", "wijk"]
    date_hierarchy = "verstuurd_op"
    raw_id_fields = ["contactmoment", "van_medewerker", "naar_medewerker"]
    filter_horizontal = ["themas", "signalen"]
    readonly_fields = ["beantwoord_op"]
    inlines = [DoorverwijzingWijzigingInline]

    def save_model(self, request, obj, form, change):
        obj.save(door=request.user)  # the history row names who changed it
