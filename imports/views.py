"""The import's pages: the list and the upload, the mapping of columns, the review of rows
(with the progress of the background work), the report with its rejected rows, the undo.

Imports are fetched through `Import.objects.managed_by` (members.views.access.object_for):
another territory's import does not exist for the person (404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from members.models import Commune
from members.views.access import capability_required, object_for
from toolbox.http import paginate
from toolbox.spreadsheets import csv_response, xlsx_streaming_response

from . import permissions, services
from .enums import ImportStatus, RowKind, RowResult
from .fields import FIELDS
from .forms import DecisionsForm, MappingForm, UploadForm
from .matching import HEADER_SYNONYMS
from .models import Import

# The review's tabs: what each shows.
SHOWN = {
    "all": Q(),
    RowKind.NEW: Q(kind=RowKind.NEW),
    RowKind.DUPLICATE: Q(kind=RowKind.DUPLICATE),
    RowKind.INVALID: Q(kind=RowKind.INVALID),
    "choose": ~Q(commune_choices=[]) & Q(chosen_commune=""),
}
REVIEW_PAGE_SIZE = 50


def import_for(request, pk: int) -> Import:
    """The import if the person manages it (404 otherwise)."""
    managed = Import.objects.managed_by(request.user).select_related("territory", "created_by")
    return object_for(request, managed, permissions.can_manage_import, pk=pk)


@capability_required(permissions.can_import_organisations)
def import_list(request):
    """The imports of the person's territories, newest first."""
    imports = Import.objects.managed_by(request.user).select_related("territory", "created_by")
    return render(request, "imports/import_list.html", {"page": paginate(request, imports)})


@capability_required(permissions.can_import_organisations)
def import_template(request):
    """An empty workbook whose headers the mapping recognises, one column per field."""
    headers = [HEADER_SYNONYMS[field][0] for field in FIELDS]
    return xlsx_streaming_response("modele-import-structures.xlsx", _("Organisations"), headers, [])


@capability_required(permissions.can_import_organisations)
@require_http_methods(["GET", "POST"])
def import_create(request):
    territories = permissions.import_territories(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, territories=territories)
    if request.method == "POST" and form.is_valid():
        source = services.import_create(
            territory=form.cleaned_data["territory"],
            by=request.user,
            file_name=form.cleaned_data["file"].name,
            table=form.table,
        )
        return redirect("imports:mapping", pk=source.pk)
    return render(request, "imports/import_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def import_mapping(request, pk: int):
    source = import_for(request, pk)
    if source.status not in (ImportStatus.MAPPING, ImportStatus.PREVIEW):
        return redirect(source_url(source))
    samples = [row.cells for row in source.rows.order_by("line")[:5]]
    form = MappingForm(request.POST or None, source=source, samples=samples)
    if request.method == "POST" and form.is_valid():
        services.import_map(
            source=source,
            mapping=form.mapping,
            default_kind=form.cleaned_data["default_kind"],
            save_as=form.cleaned_data["save_as"].strip(),
            by=request.user,
        )
        return redirect("imports:import", pk=source.pk)
    return render(
        request,
        "imports/import_mapping.html",
        {"source": source, "form": form, "row_count": source.rows.count()},
    )


def source_url(source: Import) -> str:
    if source.status == ImportStatus.MAPPING:
        return reverse("imports:mapping", kwargs={"pk": source.pk})
    return reverse("imports:import", kwargs={"pk": source.pk})


def _review(request, source: Import):
    shown = request.GET.get("show", "all")
    if shown not in SHOWN:
        shown = "all"
    rows = (
        source.rows.filter(SHOWN[shown])
        .select_related("duplicate_of__commune", "duplicate_of__territory")
        .order_by("line")
    )
    page = paginate(request, rows, REVIEW_PAGE_SIZE)
    for row in page.object_list:
        row.source = source
    codes = {code for row in page.object_list for code in row.commune_choices}
    communes = Commune.objects.in_bulk(list(codes)) if codes else {}
    form = DecisionsForm(
        request.POST or None, rows=page.object_list, communes=communes, source=source
    )
    if request.method == "POST" and form.is_valid():
        services.import_rows_decide(
            source=source, decisions=form.decisions(), communes=form.communes()
        )
        if "start" in request.POST:
            services.import_start(
                source=source, record_status=form.cleaned_data["record_status"], by=request.user
            )
            return redirect("imports:import", pk=source.pk)
        messages.success(request, _("Your choices have been saved."))
        return redirect(request.get_full_path())
    labels = {key: str(label) for key, label in FIELDS.items()}
    for row, _decision, _commune in form.rows:
        row.shown = row.values()
        row.problems = [(labels.get(k, k), row.value(k), m) for k, m in row.errors.items()]
        row.notes = [(labels.get(k, k), row.value(k), m) for k, m in row.warnings.items()]
    context = {
        "source": source,
        "form": form,
        "page": page,
        "shown": shown,
        "counts": services.kind_counts(source),
        "tabs": [
            ("all", _("All rows")),
            (RowKind.NEW, _("New rows")),
            (RowKind.DUPLICATE, _("Duplicates")),
            (RowKind.INVALID, _("Invalid rows")),
            ("choose", _("Commune to choose")),
        ],
    }
    return render(request, "imports/import_review.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def import_detail(request, pk: int):
    """The import as it stands: its progress while the worker goes through it, the review of
    its rows before, the report after."""
    source = import_for(request, pk)
    if source.status == ImportStatus.MAPPING:
        return redirect("imports:mapping", pk=source.pk)
    if source.status == ImportStatus.PREVIEW:
        return _review(request, source)
    if request.method == "POST":
        return redirect("imports:import", pk=source.pk)
    if source.is_working:
        return render(request, "imports/import_progress.html", {"source": source})
    rows = (
        source.rows.filter(result__in=[RowResult.CREATED, RowResult.MERGED])
        .select_related("organisation")
        .order_by("line")
    )
    context = {
        "source": source,
        "counts": services.result_counts(source),
        "page": paginate(request, rows),
    }
    return render(request, "imports/import_report.html", context)


@login_required
def import_progress(request, pk: int):
    """The progress bar alone, asked for again by htmx every two seconds while the worker
    works; once it is done, htmx loads the whole page."""
    source = import_for(request, pk)
    response = render(request, "imports/import_progress.html#progress", {"source": source})
    if not source.is_working:
        response["HX-Redirect"] = reverse("imports:import", kwargs={"pk": source.pk})
    return response


def _rejected(request, pk: int):
    source = import_for(request, pk)
    if source.status not in (ImportStatus.DONE, ImportStatus.UNDONE, ImportStatus.FAILED):
        raise Http404
    return source, services.rejected_headers(source), services.rejected_rows(source)


@login_required
def import_rejected_xlsx(request, pk: int):
    source, headers, rows = _rejected(request, pk)
    return xlsx_streaming_response(
        f"import-{source.pk}-rejets.xlsx", _("Rejected rows"), headers, rows
    )


@login_required
def import_rejected_csv(request, pk: int):
    source, headers, rows = _rejected(request, pk)
    return csv_response(f"import-{source.pk}-rejets.csv", headers, rows)


@login_required
@require_http_methods(["GET", "POST"])
def import_undo(request, pk: int):
    """What undoing would change, and, once confirmed, the undo."""
    source = import_for(request, pk)
    if not source.may_be_undone:
        return redirect("imports:import", pk=source.pk)
    edited = services.records_edited_since(source)
    if request.method == "POST" and not edited:
        try:
            done = services.import_undo(source=source, by=request.user)
        except services.UndoRefused as refused:
            edited = refused.edited
        else:
            messages.success(
                request,
                _(
                    "The import has been undone: %(deleted)s records deleted, "
                    "%(restored)s records restored."
                )
                % done,
            )
            return redirect("imports:import", pk=source.pk)
    return render(
        request,
        "imports/import_undo.html",
        {"source": source, "edited": edited, "counts": services.result_counts(source)},
    )
