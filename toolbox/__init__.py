"""The ground floor: what several apps share and no app owns.

Text normalisation and slugs, the range of stored dates, safe spreadsheets, list rendering for
htmx and query strings, the bar-chart geometry, and form helpers. Nothing here knows any model
of the portal: every app may import it, it imports none of them.
"""
