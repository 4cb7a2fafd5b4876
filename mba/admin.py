from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Medewerker, Organisatie, Thema

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
