import json
from io import StringIO

from django.core.management import call_command


def test_the_benchmark_measures_every_page_on_the_demo_data(settings, territories):
    settings.DEBUG = True
    out = StringIO()
    call_command("benchmark", requests=1, as_json=True, stdout=out)
    results = json.loads(out.getvalue())
    assert len(results) == 17
    assert {r["status"] for r in results} == {200}
    assert all(r["queries"] >= 1 and r["kib"] > 0 for r in results)
