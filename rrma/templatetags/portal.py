"""Tags of the site layout (templates/base.html)."""

from django import template
from django.utils.translation import gettext as _

from rrma.forms import page_errors, page_stored_problems

register = template.Library()


def _errors(context):
    # The summary and the title both ask: compute once per page.
    if "_page_errors" not in context.render_context:
        context.render_context["_page_errors"] = page_errors(context.flatten().values())
    return context.render_context["_page_errors"]


@register.simple_tag(takes_context=True)
def error_title(context) -> str:
    """The words "Error: " before the title of a page whose submission failed."""
    return _("Error: ") if _errors(context) else ""


@register.inclusion_tag("includes/error_summary.html", takes_context=True)
def error_summary(context):
    """Every error of the page's forms, each linked to its field, at the top of the page; on an
    edit page, the saved values that no longer pass the checks."""
    errors = _errors(context)
    stored = [] if errors else page_stored_problems(context.flatten().values())
    return {"errors": errors, "stored": stored}


@register.filter
def has_required(fields) -> bool:
    """Whether a form layout's (field, errors) pairs hold a required field (marked *)."""
    return any(field.field.required for field, _errors in fields)
