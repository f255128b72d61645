"""The figures, as a table for people and as a JSON document for tools.

Rules:
- one table per scale: page, audience, HTTP status, SQL queries (made from scratch), median
  and 95th-percentile milliseconds (warm), median milliseconds cold (shared cache emptied),
  time to the first byte, kilobytes on the wire (as sent: compressed when the server
  compresses) and decoded; beside the baseline's figures, the ratios of the medians, warm and
  cold, measured in the same run (this scale's / the baseline's);
- what went wrong (a timeout, a redirect, another answer in process) is said under the table;
- throughput in requests per second, and as a share of the trivial view's.
"""

import json

COLUMNS = [
    ("page", 32),
    ("audience", 11),
    ("status", 6),
    ("queries", 7),
    ("median ms", 9),
    ("p95 ms", 7),
    ("cold ms", 7),
    ("TTFB ms", 7),
    ("KB wire", 8),
    ("KB raw", 8),
    ("× base", 6),
    ("cold ×", 6),
]


def _key(row: dict) -> tuple[str, str]:
    # Not the path: the record shown has another slug at each scale.
    return row["page"], row["audience"]


def ratios(run: dict, baseline: dict | None, field: str = "median_ms") -> dict[tuple, float]:
    """The median of each page at this scale over its median at the baseline, for the pages
    that answered the same status at both."""
    if not baseline or baseline is run:
        return {}
    # Only between the same answers: a redirect at one scale is not a faster page.
    base = {_key(row): (row[field], row["status"]) for row in baseline["pages"]}
    return {
        _key(row): round(row[field] / base[_key(row)][0], 1)
        for row in run["pages"]
        if base.get(_key(row), (None,))[0]
        and row[field] is not None
        and row["status"] == base[_key(row)][1]
    }


def _status(row: dict) -> str:
    status = row["status"]
    return "/".join(map(str, status)) if isinstance(status, list) else str(status)


def _kb(size: int | None) -> str:
    return "?" if size is None else f"{size / 1024:,.1f}"


def _notes(row: dict) -> list[str]:
    notes = []
    if row["error"]:
        notes.append(f"no answer in time, or cut: {row['error']}")
    if row["location"]:
        notes.append(f"redirected to {row['location']}")
    if row["optional"] and row["status"] == 404:
        notes.append("not built yet (404)")
    in_process, problem = row.get("status_in_process"), row.get("problem_in_process", "")
    if in_process not in (None, row["status"]) or problem:
        notes.append(f"in process: {in_process} {problem}".strip())
    if row["raw_bytes"] is None:
        notes.append(f"{row['encoding']} not decoded here (install brotli for the raw size)")
    return notes


def _preparation(run: dict) -> str:
    prep = run["preparation"]
    if prep["reused"]:
        return "data reused"
    return (
        f"migrated in {prep['migrate_s']} s, generated in {prep['generate_s']} s, "
        f"analysed in {prep['analyze_s']} s"
    )


def _line(cells: list[str]) -> str:
    """Names to the left, figures to the right."""
    return " ".join(
        f"{cell:<{width}}" if i < 2 else f"{cell:>{width}}"
        for i, (cell, (_title, width)) in enumerate(zip(cells, COLUMNS, strict=True))
    ).rstrip()


def table(run: dict, baseline: dict | None = None) -> str:
    factor, cold_factor = ratios(run, baseline), ratios(run, baseline, "cold_median_ms")
    lines = [
        f"Scale {run['scale']:,} organisations ({run['database']}; {_preparation(run)})",
        _line([title for title, _width in COLUMNS]),
    ]
    notes = []
    for row in run["pages"]:
        row_notes, marker = _notes(row), ""
        if row_notes:
            notes.append(f"[{len(notes) + 1}] {row['page']} ({row['audience']}): ")
            notes[-1] += "; ".join(row_notes)
            marker = f" [{len(notes)}]"
        ratio, cold_ratio = factor.get(_key(row)), cold_factor.get(_key(row))
        cold = row["cold_median_ms"]
        cells = [
            (row["page"] + marker)[:32],
            row["audience"],
            _status(row),
            str(row.get("queries", "")),
            f"{row['median_ms']:,.0f}",
            f"{row['p95_ms']:,.0f}",
            "" if cold is None else f"{cold:,.0f}",
            f"{row['ttfb_ms']:,.0f}",
            _kb(row["wire_bytes"]),
            _kb(row["raw_bytes"]),
            "" if ratio is None else f"{ratio:.1f}×",
            "" if cold_ratio is None else f"{cold_ratio:.1f}×",
        ]
        lines.append(_line(cells))
    lines += notes
    if run["throughput"]:
        trivial = next((r for r in run["throughput"] if r["path"] == "/healthz"), None)
        lines.append("Throughput (requests per second, concurrent clients):")
        for rate in run["throughput"]:
            share = ""
            if trivial and trivial["per_second"]:
                share = f", {100 * rate['per_second'] / trivial['per_second']:.0f} % of /healthz"
            lines.append(
                f"  {rate['path']:<14} {rate['per_second']:>8,.1f}/s with {rate['clients']} "
                f"clients ({rate['requests']} answered, {rate['errors']} errors{share})"
            )
    return "\n".join(lines)


def document(runs: list[dict], options: dict) -> str:
    baseline = runs[0]
    for run in runs:
        factor, cold_factor = ratios(run, baseline), ratios(run, baseline, "cold_median_ms")
        for row in run["pages"]:
            row["ratio_to_baseline"] = factor.get(_key(row))
            row["cold_ratio_to_baseline"] = cold_factor.get(_key(row))
    return json.dumps({"options": options, "runs": runs}, indent=2, ensure_ascii=False)
