from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from members.models import Organisation
from toolbox.forms import SafeInputMixin

from .enums import RowDecision
from .fields import FIELDS
from .models import Import
from .reading import MAX_FILE_BYTES, Table, table_read


class UploadForm(SafeInputMixin, forms.Form):
    """The file, read at once: what cannot be read is said next to the field."""

    file = forms.FileField(
        label=_("Spreadsheet of organisations"),
        help_text=_(
            "An Excel workbook (.xlsx, first sheet) or a CSV file, its first row holding the "
            "column headers; 5 MB at most."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
    )
    territory = forms.ModelChoiceField(label=_("Into the census of"), queryset=None)

    def __init__(self, *args, territories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territories
        self.fields["territory"].empty_label = None
        only = list(territories[:2])
        if len(only) == 1:
            self.fields["territory"].widget = forms.HiddenInput()
            self.fields["territory"].initial = only[0].pk
        self.table: Table | None = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError(_("The file must weigh less than 5 MB."), code="too_big")
        self.table = table_read(upload.read(), upload.name)
        return upload


class MappingForm(SafeInputMixin, forms.Form):
    """One choice of field per column; a field is given by one column at most."""

    default_kind = forms.ChoiceField(
        label=_("Kind of the organisations whose row gives none"),
        choices=[("", _("None: such rows are invalid")), *Organisation.Kind.choices],
        required=False,
    )
    save_as = forms.CharField(
        label=_("Save this mapping for the next imports, under the name"),
        help_text=_("Optional. A saved mapping is proposed again for files with these headers."),
        max_length=100,
        required=False,
    )

    def __init__(self, *args, source: Import, samples: list[list[str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.source = source
        self.columns = []
        choices = [("", _("— Leave out —")), *FIELDS.items()]
        for index, header in enumerate(source.headers):
            name = f"column_{index}"
            self.fields[name] = forms.ChoiceField(
                label=header or _("Column %(number)s") % {"number": index + 1},
                choices=choices,
                required=False,
                initial=source.mapping[index] if index < len(source.mapping) else "",
            )
            values = [row[index] for row in samples if index < len(row) and row[index]]
            self.columns.append((self[name], values[:3]))
        self.fields["default_kind"].initial = source.default_kind

    def clean(self):
        cleaned = super().clean()
        seen: dict[str, str] = {}
        for index, _header in enumerate(self.source.headers):
            name = f"column_{index}"
            field = cleaned.get(name, "")
            if field and field in seen:
                self.add_error(
                    name,
                    _("“%(field)s” is already given by the column “%(column)s”.")
                    % {"field": FIELDS[field], "column": seen[field]},
                )
            elif field:
                seen[field] = self.fields[name].label
        if "name" not in seen:
            self.add_error(None, _("Choose the column that gives the organisations' names."))
        if not {"commune", "postal_code", "insee_code"} & set(seen):
            self.add_error(
                None,
                _("Choose the column that gives the commune, its postal code or its INSEE code."),
            )
        return cleaned

    @property
    def mapping(self) -> list[str]:
        return [self.cleaned_data.get(f"column_{i}", "") for i in range(len(self.source.headers))]


class DecisionsForm(SafeInputMixin, forms.Form):
    """The decisions for the rows of one page of the review: create, merge or skip each, and
    the commune of a shared postal code."""

    record_status = forms.ChoiceField(
        label=_("The records imported are"),
        choices=Import._meta.get_field("record_status").choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, rows, communes: dict, source: Import, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record_status"].initial = source.record_status
        self.rows = []
        labels = dict(RowDecision.choices)
        for row in rows:
            decision = None
            allowed = row.allowed_decisions
            if len(allowed) > 1:
                decision = f"decision_{row.line}"
                self.fields[decision] = forms.ChoiceField(
                    label=_("Line %(line)s") % {"line": row.line},
                    choices=[(value, labels[value]) for value in allowed],
                    initial=row.decision,
                    widget=forms.RadioSelect,
                )
            commune = None
            if row.commune_choices:
                commune = f"commune_{row.line}"
                self.fields[commune] = forms.ChoiceField(
                    label=_("Commune of line %(line)s") % {"line": row.line},
                    choices=[
                        ("", _("— Choose —")),
                        *[(code, communes[code].name) for code in row.commune_choices],
                    ],
                    initial=row.chosen_commune,
                    required=False,
                )
            self.rows.append(
                (row, self[decision] if decision else None, self[commune] if commune else None)
            )

    def decisions(self) -> dict[int, str]:
        return {
            row.line: self.cleaned_data[field.name]
            for row, field, _commune in self.rows
            if field is not None
        }

    def communes(self) -> dict[int, str]:
        return {
            row.line: self.cleaned_data[field.name]
            for row, _decision, field in self.rows
            if field is not None and self.cleaned_data[field.name]
        }
