from django.urls import path

from . import feeds, views

app_name = "news"

urlpatterns = [
    path("news/", views.post_list, name="list"),
    path("news/new/", views.post_create, name="post_create"),
    path("news/feed/", feeds.PostFeed(), name="feed"),
    path("news/feed/<slug:territory>/", feeds.PostFeed(), name="territory_feed"),
    path("news/rss/", feeds.PostRssFeed(), name="rss"),
    path("news/rss/<slug:territory>/", feeds.PostRssFeed(), name="territory_rss"),
    # After the fixed paths above ("new", "feed" and "rss" are never a post's slug).
    path("news/<slug:slug>/", views.post_detail, name="post"),
    path("news/<slug:slug>/edit/", views.post_edit, name="post_edit"),
    path("news/<slug:slug>/status/", views.post_status, name="post_status"),
]
