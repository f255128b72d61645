"""`manage.py benchmark`: generated data at a given scale, measured through a real server.

- `generate.py`: the data set, in the proportions of the demo data, from `organisations.py`
  (the census and its history), `people.py` (accounts, memberships, contact persons),
  `cooperation.py` (projects, Caribbean partners, funding plans) and `training_sessions.py`
  (trainings, sessions, registrations), written with `vocabulary.py`'s French words;
  `bulk.py` inserts them as `save()` would have (dates, slugs, lists, history);
- `databases.py`: one database per scale, named after the configured one, never that one;
- `runner.py`: one scale, from its database to its figures;
- `server.py`: gunicorn in production settings, requests over HTTP, throughput;
- `pages.py`: the pages measured, the audiences' sessions, the in-process query counts;
- `report.py`: the tables and the JSON document.
"""
