from functools import update_wrapper

from django.contrib.admin import AdminSite, ModelAdmin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from members.permissions import can_use_admin


class PortalAdminSite(AdminSite):
    """The Django admin, for site admins only, after two-factor authentication.

    Its own login form would bypass allauth (rate limits, two-factor), so logging in always
    goes through the portal's login page; a logged-in person without the capability gets 403.
    """

    site_header = "RRMA Antilles"
    site_title = "RRMA Antilles"

    def has_permission(self, request):
        return can_use_admin(request.user)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def guarded(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not self.has_permission(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return update_wrapper(guarded, inner)

    def login(self, request, extra_context=None):
        if request.user.is_authenticated:
            raise PermissionDenied
        return redirect_to_login(request.GET.get("next") or self.index_url())

    def index_url(self):
        return reverse("admin:index", current_app=self.name)


class ExportLogAdmin(ModelAdmin):
    """The census export log: read-only, for site admins."""

    list_display = ["created_at", "user", "file_format", "row_count", "filters"]
    list_filter = ["file_format"]
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PreparedExportAdmin(ExportLogAdmin):
    """Prepared census exports (rows only: the files are their person's), read-only. The
    export log says who exported what; this, what is waiting or kept. Registered beside the
    export log in `RrmaConfig.ready` (this module also defines the site, so it cannot register
    on it while being imported)."""

    list_display = ["created_at", "user", "file_format", "status", "row_count", "finished_at"]
    list_filter = ["status", "file_format"]
    exclude = ["file_name"]
