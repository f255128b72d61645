"""The portal's URLs plus one view that fails, to see the server-error page."""

from django.urls import path

from rrma.urls import urlpatterns as portal


def fail(request):
    raise RuntimeError("A failure for the test of the server-error page")


urlpatterns = [path("fail/", fail), *portal]
