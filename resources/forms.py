"""The coordinators' form: a resource of the library, its file or its link."""

from django import forms
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from members.models import Language, Territory, WorkingGroup
from toolbox.forms import FieldsetsMixin, SafeInputMixin, StoredValuesMixin
from toolbox.uploads import DocumentField

from .models import Resource


class CurrentDocumentInput(forms.ClearableFileInput):
    """The file input of a saved resource: its current file (kind and size, a link to
    download it through the portal, never to where it is stored) and a box to remove it."""

    template_name = "resources/includes/document_input.html"
    clear_checkbox_label = _("Remove the file (to give a link instead)")
    input_text = _("Replace it with")
    # Set by the form for a saved resource with a file: where the portal serves it.
    download_url = ""
    current_label = ""

    def is_initial(self, value):
        # The saved file only: a file just sent (the form refused for another field) is not
        # stored, and is sent again.
        return isinstance(value, FieldFile) and bool(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"] |= {"download_url": self.download_url, "current": self.current_label}
        return context


class ResourceForm(SafeInputMixin, StoredValuesMixin, FieldsetsMixin, forms.ModelForm):
    """A resource, as its coordinators write it.

    Business rules: exactly one of a file (checked by its content, toolbox/uploads.py) and an
    external link; of a territory the person publishes for, or of both networks (none); its
    working group, if any, one of that territory's."""

    file = DocumentField(
        label=_("File"),
        required=False,
        widget=CurrentDocumentInput,
        help_text=_(
            "PDF, Word, Excel, PowerPoint, OpenDocument or a picture (PNG, JPEG, GIF, WebP), "
            "5 MB at most. Or give an external link below instead."
        ),
    )

    class Meta:
        model = Resource
        fields = [
            "title",
            "description",
            "kind",
            "language",
            "themes",
            "file",
            "url",
            "audience",
            "status",
            "territory",
            "working_group",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "themes": forms.CheckboxSelectMultiple,
            "audience": forms.RadioSelect,
            "status": forms.RadioSelect,
        }
        help_texts = {
            "url": _(
                "A page or a video elsewhere (the recording of a training, a report on a "
                "partner's site), instead of a file."
            ),
            "audience": _(
                "Members-only resources are seen by people logged in to the portal only: "
                "visitors, search engines and feeds never see them."
            ),
            "status": _("A draft is seen by the coordinators who manage it only."),
            "working_group": _("To list the resource among the documents of a working group."),
        }

    fieldsets = [
        (_("The resource"), ["title", "description", "kind", "language", "themes"]),
        (_("File or link"), ["file", "url"]),
        (_("Who sees it"), ["audience", "status", "territory", "working_group"]),
    ]

    def __init__(self, *args, publishing, download_url: str = "", **kwargs):
        """`publishing`: the territories the person adds resources for
        (members.permissions.publishing_territories); `download_url`: where the saved
        resource's file is served, for its current file."""
        super().__init__(*args, **kwargs)
        self.publishing = list(publishing)
        self.fields["language"].queryset = Language.objects.all()
        territory = self.fields["territory"]
        territory.queryset = Territory.objects.filter(pk__in=[t.pk for t in self.publishing])
        territory.empty_label = _("Both networks")
        territory.label = _("Network")
        group = self.fields["working_group"]
        group.queryset = WorkingGroup.objects.filter(territory__in=self.publishing).order_by(
            "-is_active", "name"
        )
        group.empty_label = _("None")
        widget = self.fields["file"].widget
        if self.instance.file:
            widget.download_url = download_url
            size = filesizeformat(self.instance.file_size or 0)
            widget.current_label = f"{self.instance.file_label or _('file')}, {size}"
        if not self.instance.pk and not self.is_bound and len(self.publishing) == 1:
            # A coordinator of one territory adds resources for it (both networks stay a choice).
            self.initial["territory"] = self.publishing[0].pk

    def clean(self):
        cleaned = super().clean()
        if "file" in self.errors or "url" in self.errors:
            return cleaned
        has_file, has_url = bool(cleaned.get("file")), bool(cleaned.get("url"))
        if has_file and has_url:
            self._refuse(
                "url",
                _(
                    "Give a file or a link, not both: empty the link, or tick “Remove the file” "
                    "to keep the link only."
                ),
                "file_and_link",
            )
        elif not has_file and not has_url:
            self._refuse(
                "file",
                _("Choose the resource's file, or give a link to it below."),
                "no_file_nor_link",
            )
        group, territory = cleaned.get("working_group"), cleaned.get("territory")
        if (
            group is not None
            and "territory" in cleaned
            and group.territory_id != getattr(territory, "pk", None)
        ):
            self._refuse(
                "working_group",
                _(
                    "The working group “%(group)s” is of the %(territory)s network: choose that "
                    "network above, or no working group."
                )
                % {"group": group.name, "territory": group.territory.name},
                "group_of_another_network",
            )
        return cleaned

    def _refuse(self, name: str, message, code: str) -> None:
        """An error of the rules between fields, next to the field it names."""
        self._combined.add(name)
        self.add_error(name, forms.ValidationError(message, code=code))

    def full_clean(self):
        self._combined = set()
        super().full_clean()
        # As in calls.forms.CallForm: the rule between fields refuses the combination just
        # made, not a value saved earlier (StoredValuesMixin's message is left out).
        for name in self._combined:
            errors = self._errors.get(name)
            if errors is not None:
                errors.data[:] = [e for e in errors.as_data() if e.code]
