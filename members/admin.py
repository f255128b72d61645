from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Commune,
    ContactPerson,
    Invitation,
    JoinRequest,
    Membership,
    Organisation,
    RoleGrant,
    Territory,
    User,
    WorkingGroup,
)


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0
    fields = ["role", "territory", "granted_at"]
    readonly_fields = ["granted_at"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = [
        "email",
        "first_name",
        "last_name",
        "is_active",
        "is_superuser",
        "last_login",
    ]
    list_filter = [
        "is_active",
        "is_superuser",
        "role_grants__role",
        "role_grants__territory",
    ]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [RoleGrantInline]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Reference data kept in step with the code (migrations, members/reference): read-only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Territory)
class TerritoryAdmin(SimpleHistoryAdmin):
    """Territories come from a data migration; their coordinators edit each network's page
    (rrma/networks.py), site admins may too."""

    list_display = ["name", "insee_code", "timezone", "lead_body", "contact_email"]
    readonly_fields = ["slug", "name", "insee_code", "timezone"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class ContactPersonInline(admin.StackedInline):
    model = ContactPerson
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "acronym", "kind", "territory", "commune", "status", "updated_at"]
    list_filter = ["status", "territory", "kind", "themes"]
    search_fields = ["name", "acronym", "siret", "rna"]
    autocomplete_fields = ["commune"]
    filter_horizontal = ["themes", "countries", "languages", "sdgs"]
    readonly_fields = ["validated_by", "validated_at", "created_at", "updated_at"]
    inlines = [ContactPersonInline, MembershipInline]
    list_select_related = ["territory", "commune"]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(SimpleHistoryAdmin):
    """The networks' working groups, which their coordinators edit on the portal."""

    list_display = ["name", "territory", "is_active", "created_at"]
    list_filter = ["is_active", "territory"]
    search_fields = ["name"]
    filter_horizontal = ["themes"]
    # Tens of thousands of organisations: searched, not listed.
    autocomplete_fields = ["organisations"]
    readonly_fields = ["created_at"]
    list_select_related = ["territory"]


@admin.register(Commune)
class CommuneAdmin(ReadOnlyAdmin):
    list_display = ["name", "insee_code", "territory", "postal_codes"]
    list_filter = ["territory"]
    search_fields = ["name", "insee_code"]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["user", "organisation"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "created_at", "accepted_at"]
    list_select_related = ["organisation"]
    exclude = ["token"]


# allauth's own admin pages, replaced: two-factor secrets and session keys are never shown.
admin.site.unregister(Authenticator)
admin.site.unregister(UserSession)


@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin):
    """A person's authenticators, without their `data` (the encrypted TOTP secret and recovery
    seed, members/mfa.py): site admins see who enrolled and can remove an authenticator (a lost
    phone), never read a secret."""

    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type", "created_at", "last_used_at"]
    list_select_related = ["user"]
    search_fields = ["user__email"]
    fields = ["user", "type", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False


@admin.register(UserSession)
class UserSessionAdmin(admin.ModelAdmin):
    """Logged-in sessions, read-only (their keys never shown); deleting one ends it."""

    list_display = ["user", "created_at", "last_seen_at", "ip", "user_agent"]
    list_select_related = ["user"]
    search_fields = ["user__email", "ip"]
    fields = ["user", "created_at", "last_seen_at", "ip", "user_agent"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def delete_model(self, request, obj):
        obj.end()

    def delete_queryset(self, request, queryset):
        for session in queryset:
            session.end()
