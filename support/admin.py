from django.contrib import admin

from .models import Appointment, Message, StatusChange, SupportRequest


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0
    raw_id_fields = ["author"]


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    raw_id_fields = ["by", "assignee"]


class AppointmentInline(admin.TabularInline):
    model = Appointment
    extra = 0
    raw_id_fields = ["created_by"]


@admin.register(SupportRequest)
class SupportRequestAdmin(admin.ModelAdmin):
    list_display = ["pk", "organisation", "topic", "status", "outcome", "assignee", "created_at"]
    list_filter = ["status", "topic", "outcome", "organisation__territory"]
    search_fields = ["organisation__name", "description"]
    date_hierarchy = "created_at"
    raw_id_fields = ["organisation", "requested_by", "assignee", "project", "call"]
    inlines = [StatusChangeInline, MessageInline, AppointmentInline]
