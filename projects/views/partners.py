import django_filters
from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from members.forms import order_reference_choices
from members.models import Country
from members.reference.caribbean import member_codes
from members.views.access import capability_required
from toolbox.filters import FilterSet
from toolbox.http import paginate, render_list

from .. import permissions
from ..filters import MemberOfFilter
from ..forms import PartnerForm
from ..models import CaribbeanPartner, Project, public_projects
from .figures import public_cooperation_by_country, public_partners


class PartnerFilter(FilterSet):
    country = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Caribbean country"),
        queryset=Country.objects.all(),
        empty_label=gettext_lazy("All"),
    )
    # Partners based in a country that takes part in the organisation.
    member_of = MemberOfFilter(field_name="country", empty_label=gettext_lazy("All"))

    class Meta:
        model = CaribbeanPartner
        fields = []

    @property
    def form(self):
        form = super().form
        order_reference_choices(form.fields)
        return form


def partner_list(request):
    """The Caribbean partners of public projects, by country then name, a page at a time,
    with the number of public projects of each."""
    partners = CaribbeanPartner.objects.filter(public_partners())
    filterset = PartnerFilter(request.GET or None, queryset=partners)
    country = organisation = None
    if filterset.is_bound and filterset.is_valid():
        partners = filterset.qs
        country = filterset.form.cleaned_data.get("country")
        organisation = filterset.form.cleaned_data.get("member_of")
    # How many there are, from the figures by country (cached): the same partners, each
    # counted for its own country, so the countries asked for add up.
    by_country = public_cooperation_by_country()["partners"]
    codes = set(member_codes(organisation)) if organisation else set(by_country)
    if country:
        codes &= {country.pk}
    count = sum(by_country.get(code, 0) for code in codes)
    page = paginate(
        request, partners.select_related("country").order_by("country", "name"), count=count
    )
    # Counted for this page's partners only, over the partners' side of the projects.
    counts = dict(
        Project.caribbean_partners.through.objects.filter(
            public_projects("project__"), caribbeanpartner__in=[p.pk for p in page]
        )
        .values_list("caribbeanpartner")
        .annotate(n=Count("*"))
        .order_by()
    )
    for partner in page:
        partner.project_count = counts.get(partner.pk, 0)
    context = {
        "filter": filterset,
        "page": page,
        "can_curate": permissions.can_curate_partners(request.user),
    }
    return render_list(request, "projects/partner_list.html", context)


@capability_required(permissions.can_curate_partners)
@require_http_methods(["GET", "POST"])
def partner_edit(request, pk):
    partner = get_object_or_404(CaribbeanPartner, pk=pk)
    form = PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The partner record has been updated."))
        return redirect("projects:partners")
    return render(request, "projects/partner_form.html", {"form": form, "partner": partner})
