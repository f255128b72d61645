from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Delivery, Issue, Subscriber


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "language", "created_at", "confirmed_at"]
    list_filter = ["territories", "confirmed_at", "language"]
    search_fields = ["email"]
    filter_horizontal = ["territories"]
    readonly_fields = ["created_at", "confirmed_at"]


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ["subject", "territory", "number", "status", "created_at", "sent_at"]
    list_filter = ["territory", "status"]
    search_fields = ["subject"]
    list_select_related = ["territory"]
    raw_id_fields = ["created_by", "sent_by", "posts", "calls", "trainings"]
    readonly_fields = ["number", "status", "sent_at", "sent_by", "created_by"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Who was sent which issue; bounce reports (the portal receives no mail) are recorded here
    or with `manage.py newsletter_bounced`."""

    list_display = ["issue", "subscriber", "status", "sent_at", "error"]
    list_filter = ["status", "issue__territory"]
    search_fields = ["subscriber__email"]
    list_select_related = ["issue__territory", "subscriber"]
    raw_id_fields = ["issue", "subscriber", "outgoing"]
    readonly_fields = ["created_at"]
    actions = ["mark_bounced"]

    @admin.action(description=_("Mark the selected deliveries as bounced"))
    def mark_bounced(self, request, queryset):
        marked = 0
        for delivery in queryset.select_related("subscriber", "issue"):
            if delivery.subscriber is not None:
                marked += services.delivery_bounced(
                    email=delivery.subscriber.email, issue=delivery.issue
                )
        self.message_user(
            request,
            ngettext(
                "%(count)d delivery marked as bounced.",
                "%(count)d deliveries marked as bounced.",
                marked,
            )
            % {"count": marked},
            messages.SUCCESS,
        )
