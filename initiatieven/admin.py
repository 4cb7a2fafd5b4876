from django.contrib import admin

from mba.audit import AuditAdminMixin
from wijken.forms import PrioriteitenAdminForm

from .models import Bewonersinitiatief, Ondersteuningsvorm, StatusWijziging


@admin.register(Ondersteuningsvorm)
class OndersteuningsvormAdmin(admin.ModelAdmin):
    list_display = ["naam", "slug", "volgorde"]
    search_fields = ["naam"]


class StatusWijzigingInline(admin.TabularInline):
    """The history is append-only: shown, never edited or deleted."""

    model = StatusWijziging
    extra = 0
    can_delete = False
    fields = ["op", "van_status", "naar_status", "door", "toelichting"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Bewonersinitiatief)
class BewonersinitiatiefAdmin(AuditAdminMixin, admin.ModelAdmin):
    form = PrioriteitenAdminForm  # the priorities checked by the model's rule, with a message
    list_display = [
        "titel",
        "wijk",
        "status",
        "aangevraagd_op",
        "gevraagd_bedrag",
        "toegekend_bedrag",
        "huishoudens_voor",
        "huishoudens_gevraagd",
    ]
    list_filter = ["status", "wijk", "draagvlak_methode", "gevraagde_ondersteuning"]
    search_fields = ["titel", "omschrijving", "initiatiefnemer_naam"]
    list_select_related = ["wijk"]
    date_hierarchy = "aangevraagd_op"
    autocomplete_fields = ["buurt", "prioriteiten"]
    filter_horizontal = ["gevraagde_ondersteuning", "geboden_ondersteuning"]
    readonly_fields = ["geanonimiseerd_op"]
    inlines = [StatusWijzigingInline]
    fieldsets = [
        (None, {"fields": ["titel", "omschrijving", "wijk", "buurt", "locatie_omschrijving"]}),
        (
            "Initiatiefnemer (persoonsgegevens, alleen voor medewerkers)",
            {
                "fields": [
                    "initiatiefnemer_naam",
                    "initiatiefnemer_email",
                    "initiatiefnemer_telefoon",
                    "geanonimiseerd_op",
                ]
            },
        ),
        (
            "Aanvraag",
            {
                "fields": [
                    "aangevraagd_op",
                    "gevraagde_ondersteuning",
                    "gevraagd_bedrag",
                    "prioriteiten",
                ]
            },
        ),
        (
            "Draagvlak",
            {
                "fields": [
                    "huishoudens_gevraagd",
                    "huishoudens_voor",
                    "huishoudens_tegen",
                    "draagvlak_methode",
                    "draagvlak_gemeten_op",
                ]
            },
        ),
        (
            "Besluit en uitvoering",
            {
                "fields": [
                    "status",
                    "besluit_op",
                    "geboden_ondersteuning",
                    "toegekend_bedrag",
                    "reden_hoger_bedrag",
                    "gerealiseerd_op",
                    "resultaat",
                ]
            },
        ),
    ]

    def save_model(self, request, obj, form, change):
        obj.save(gewijzigd_door=request.user, toelichting="Gewijzigd in het beheer.")


@admin.register(StatusWijziging)
class StatusWijzigingAdmin(admin.ModelAdmin):
    list_display = ["initiatief", "van_status", "naar_status", "door", "op"]
    list_filter = ["naar_status", "initiatief__wijk"]
    search_fields = ["initiatief__titel", "toelichting"]
    list_select_related = ["initiatief", "door"]
    date_hierarchy = "op"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
