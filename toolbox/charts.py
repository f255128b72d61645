"""Bar charts drawn on the server as SVG (templates/includes/bar_chart.html), so that they
work without JavaScript and under the strict CSP; every chart comes with its figures as a
table."""

from dataclasses import dataclass, field

from django.utils.formats import number_format

# SVG geometry, in viewBox units.
LABEL_WIDTH, BAR_AREA, BAR_HEIGHT, GROUP_GAP, LABEL_CHARS = 270, 350, 14, 10, 32


@dataclass
class Chart:
    """One figure: rows (a label and one value per series), drawn as grouped horizontal bars."""

    key: str
    title: str
    heading: str  # what the rows are: "Kind", "Month"…
    series: list[str]
    rows: list[tuple[str, list]] = field(default_factory=list)
    unit: str = ""  # "", "€" or "%"

    def show(self, value) -> str:
        if value is None:
            return "—"
        shown = number_format(value, decimal_pos=0, force_grouping=True)
        return f"{shown}\u00a0{self.unit}" if self.unit else shown

    @property
    def table(self) -> list[dict]:
        return [
            {"label": label, "values": [self.show(v) for v in values]}
            for label, values in self.rows
        ]

    @property
    def drawing(self) -> dict:
        """Where each bar goes; bars are proportional to the largest value of the chart."""
        top = float(max((v for _label, values in self.rows for v in values if v), default=0) or 1)
        group = len(self.series) * BAR_HEIGHT
        groups = []
        for index, (label, values) in enumerate(self.rows):
            y = index * (group + GROUP_GAP)
            short = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"
            bars = []
            for position, value in enumerate(values):
                width = round(BAR_AREA * float(value or 0) / top)
                bars.append(
                    {
                        "series": position,
                        "y": y + position * BAR_HEIGHT,
                        "text_y": y + position * BAR_HEIGHT + 11,
                        "width": width,
                        "value_x": LABEL_WIDTH + width + 4,
                        "value": self.show(value),
                    }
                )
            groups.append({"label": short, "label_y": y + group // 2 + 5, "bars": bars})
        height = len(self.rows) * (group + GROUP_GAP)
        return {"groups": groups, "height": max(height, 1), "label_width": LABEL_WIDTH}
