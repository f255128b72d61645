"""What a browser would send: the fields of a page's form as they stand, for tests that post a
page back after changing only what a person would change."""

import lxml.html


def form_data(response, css_class: str = "record-form") -> dict[str, list[str]]:
    """The submission of the page's form with that class, untouched: selects without a chosen
    option send their first one, unchecked boxes send nothing, file inputs are left out."""
    page = lxml.html.fromstring(response.content)
    form = next(f for f in page.forms if css_class in (f.get("class") or "").split())
    data: dict[str, list[str]] = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    return data


def changed(data: dict[str, list[str]], **values) -> dict[str, list[str]]:
    """The submission with some fields changed (names with "-" given as "__")."""
    result = {name: list(items) for name, items in data.items()}
    for name, value in values.items():
        key = name.replace("__", "-")
        if value is None:
            result.pop(key, None)
        else:
            result[key] = value if isinstance(value, list) else [str(value)]
    return result
