"""A funding call's page: its eligibility spelled out, its documents, and, for its coordinators
and State services, the projects that answered it (calls and projects: the top floor's)."""

from django.http import Http404


def call_detail(request, slug):
    raise Http404
