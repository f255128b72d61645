"""Workflows of the calls app (`<noun>_<verb>(*, …)`): calls.py and alerts.py."""
