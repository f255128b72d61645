"""Site admins see what the worker has to do, what failed and why, and send again by hand."""

from django.contrib import admin, messages
from django.tasks import TaskResultStatus
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from background.enums import EmailStatus
from background.models import OutgoingEmail, ScheduledRun
from background.tasks import email_retry


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "subject",
        "recipients",
        "purpose",
        "status",
        "attempts",
        "sent_at",
    ]
    list_filter = ["status", "purpose"]
    search_fields = ["subject", "to"]
    date_hierarchy = "created_at"
    actions = ["send_again"]
    # The body may hold a one-time link (password reset): shown to no one.
    exclude = ["body", "alternatives", "attachments", "headers"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name not in self.exclude]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("to"))
    def recipients(self, email):
        return ", ".join(email.to)

    @admin.action(description=_("Send the selected emails again"))
    def send_again(self, request, queryset):
        emails = list(queryset.exclude(status=EmailStatus.SENT))
        for email in emails:
            email_retry(email)
        self.message_user(
            request,
            ngettext("%(count)d email queued again.", "%(count)d emails queued again.", len(emails))
            % {"count": len(emails)},
            messages.SUCCESS,
        )


@admin.register(ScheduledRun)
class ScheduledRunAdmin(admin.ModelAdmin):
    list_display = ["job", "period", "started_at"]
    list_filter = ["job"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    """django-tasks-db's read-only list of tasks, with a hand retry of failed ones."""

    actions = ["retry"]

    @admin.action(description=_("Run the selected failed tasks again"))
    def retry(self, request, queryset):
        failed = list(queryset.filter(status=TaskResultStatus.FAILED))
        for result in failed:
            result.task.using(run_after=None).enqueue(
                *result.args_kwargs["args"], **result.args_kwargs["kwargs"]
            )
        self.message_user(
            request,
            ngettext("%(count)d task queued again.", "%(count)d tasks queued again.", len(failed))
            % {"count": len(failed)},
            messages.SUCCESS,
        )
