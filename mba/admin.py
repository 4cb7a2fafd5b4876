from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.template.response import TemplateResponse

from . import rechten
from .models import (
    SCOPES,
    ApiAanroep,
    ApiSleutel,
    Auditregel,
    Export,
    Inschrijfcode,
    Medewerker,
    Organisatie,
    Thema,
    Verwijderlog,
    standaard_scopes,
)


def jaarkolom(veld, label):
    """A year as a list_display column: 2021, where the admin would print an integer field with
    the thousand separator (2.021)."""

    @admin.display(description=label, ordering=veld)
    def kolom(obj):
        waarde = getattr(obj, veld)
        return None if waarde is None else str(waarde)

    return kolom


admin.site.site_header = "Mijn Buurt Assen — beheer"
admin.site.site_title = "MBA beheer"
admin.site.index_title = "Beheer"


@admin.register(Organisatie)
class OrganisatieAdmin(admin.ModelAdmin):
    list_display = ["naam", "soort", "kernpartner"]
    list_filter = ["kernpartner", "soort"]
    search_fields = ["naam", "slug"]
    prepopulated_fields = {"slug": ["naam"]}


@admin.register(Thema)
class ThemaAdmin(admin.ModelAdmin):
    list_display = ["naam", "volgorde", "actief"]
    list_editable = ["volgorde", "actief"]
    list_filter = ["actief"]
    search_fields = ["naam", "slug"]
    prepopulated_fields = {"slug": ["naam"]}


@admin.register(Medewerker)
class MedewerkerAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "organisatie", "is_active"]
    list_filter = ["organisatie", "groups", "is_active", "is_staff"]
    search_fields = ["username", "first_name", "last_name", "email"]
    list_select_related = ["organisatie"]
    fieldsets = UserAdmin.fieldsets + (("MBA", {"fields": ["organisatie", "functie"]}),)
    add_fieldsets = UserAdmin.add_fieldsets + (("MBA", {"fields": ["organisatie"]}),)
    actions = ["inschrijfcode_maken"]

    @admin.action(description="Inschrijfcode maken (tweestapsverificatie koppelen)")
    def inschrijfcode_maken(self, request, queryset):
        """A one-time code per selected account, shown once: with it (and the password) the
        account links an authenticator app at its next login."""
        codes = [(m, Inschrijfcode.maak(m, door=request.user)) for m in queryset]
        response = TemplateResponse(
            request,
            "admin/mba/medewerker/inschrijfcodes.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": "Inschrijfcodes aangemaakt",
                "codes": [(m, obj, code) for m, (obj, code) in codes],
            },
        )
        response["Cache-Control"] = "no-store"
        return response


@admin.register(Inschrijfcode)
class InschrijfcodeAdmin(admin.ModelAdmin):
    """Which codes were made, by whom, until when, and whether they were used (never the code
    itself). Made with the action on Medewerkers."""

    list_display = ["medewerker", "aangemaakt_door", "aangemaakt_op", "geldig_tot", "gebruikt_op"]
    list_select_related = ["medewerker", "aangemaakt_door"]
    search_fields = ["medewerker__username", "medewerker__last_name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ApiSleutelForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        choices=list(SCOPES.items()),
        widget=forms.CheckboxSelectMultiple,
        initial=standaard_scopes,
        label="Scopes",
        help_text="Wat de sleutel mag lezen. Een nieuwe sleutel krijgt alleen de statistieken; "
        "bijzondere signalen (gezondheid, geld, psychisch) geeft geen scope per record.",
    )

    class Meta:
        model = ApiSleutel
        fields = ["organisatie", "naam", "scopes"]


@admin.register(ApiSleutel)
class ApiSleutelAdmin(admin.ModelAdmin):
    """Keys for partner systems. The plain key is shown once, on the page after adding it; a
    key is revoked, never deleted, so its call log stays. Its scopes can be changed later."""

    form = ApiSleutelForm

    list_display = [
        "naam",
        "organisatie",
        "scopes_tekst",
        "prefix",
        "aangemaakt_op",
        "laatst_gebruikt_op",
        "ingetrokken_op",
    ]
    list_filter = ["organisatie", ("ingetrokken_op", admin.EmptyFieldListFilter)]
    list_select_related = ["organisatie"]
    search_fields = ["naam", "prefix", "organisatie__naam"]
    actions = ["intrekken"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["organisatie", "naam", "scopes"]
        return [
            "organisatie",
            "naam",
            "scopes",
            "prefix",
            "aangemaakt_op",
            "laatst_gebruikt_op",
            "ingetrokken_op",
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [
            "organisatie",
            "prefix",
            "aangemaakt_op",
            "laatst_gebruikt_op",
            "ingetrokken_op",
        ]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if not change:
            obj._sleutel = obj.nieuwe_sleutel()
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        response = TemplateResponse(
            request,
            "admin/mba/apisleutel/aangemaakt.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": "API-sleutel aangemaakt",
                "obj": obj,
                "sleutel": obj._sleutel,
            },
        )
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description="Geselecteerde sleutels intrekken")
    def intrekken(self, request, queryset):
        n = 0
        for sleutel in queryset.filter(ingetrokken_op__isnull=True):
            sleutel.intrekken()
            n += 1
        self.message_user(request, f"{n} sleutel(s) ingetrokken.", messages.SUCCESS)


@admin.register(ApiAanroep)
class ApiAanroepAdmin(admin.ModelAdmin):
    list_display = ["moment", "sleutel", "methode", "pad", "status"]
    list_filter = ["status", "sleutel__organisatie", "sleutel"]
    list_select_related = ["sleutel__organisatie"]
    search_fields = ["pad", "sleutel__prefix", "sleutel__naam"]
    date_hierarchy = "moment"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Export)
class ExportAdmin(admin.ModelAdmin):
    """The export log: read only, for accountability."""

    list_display = ["op", "medewerker", "lijst", "formaat", "aantal_rijen", "met_persoonsgegevens"]
    list_filter = ["lijst", "formaat", "met_persoonsgegevens"]
    list_select_related = ["medewerker"]
    date_hierarchy = "op"
    readonly_fields = [
        "op",
        "medewerker",
        "lijst",
        "formaat",
        "filters",
        "aantal_rijen",
        "met_persoonsgegevens",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Verwijderlog)
class VerwijderlogAdmin(admin.ModelAdmin):
    """What the retention job (mba.bewaren) anonymised or deleted, per run and kind: read only,
    the proof that data is forgotten on time."""

    list_display = ["tijdstip", "soort", "aantal", "grens", "bron"]
    list_filter = ["soort", "bron"]
    date_hierarchy = "tijdstip"
    readonly_fields = ["tijdstip", "soort", "aantal", "grens", "bron"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Auditregel)
class AuditregelAdmin(admin.ModelAdmin):
    """The audit trail, read only: nobody adds, changes or deletes a row here, a superuser
    neither (the retention job removes old rows). The coordinator searches it at /audit/."""

    list_display = [
        "tijdstip",
        "actor_naam",
        "organisatie",
        "actie",
        "objecttype",
        "object_id",
        "aantal",
        "herkomst",
        "resultaat",
    ]
    list_filter = ["actie", "resultaat", "herkomst", "objecttype"]
    list_select_related = ["organisatie"]
    search_fields = ["actor_naam", "object_id"]
    date_hierarchy = "tijdstip"
    show_full_result_count = False
    actions = None

    def has_view_permission(self, request, obj=None):
        return rechten.mag_audit_zien(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
