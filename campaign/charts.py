"""Charts the site draws itself, in the reader's language (no picture with English baked in)."""

from django.template.loader import render_to_string
from django.utils.translation import gettext

GEOGRAPHICAL_VOTERS = 3_700_000
FUNCTIONAL_VOTERS = 240_000
BAR = 348  # units of the chart's drawing


def legco_seats(question=None):
    """Who fills the Legislative Council's 70 seats: two rows of 35 seats and the voters behind them."""
    seats = [5 + 10 * i for i in range(35)]
    rows = [
        {
            "name": gettext("35 seats: geographical constituencies"),
            "voters": gettext("about 3,700,000 voters"),
            "colour": "#b3121f",
            "bar": BAR,
            "seats": seats,
        },
        {
            "name": gettext("35 seats: functional constituencies"),
            "voters": gettext("about 240,000 voters"),
            "colour": "#5a5a60",
            "bar": max(4, round(BAR * FUNCTIONAL_VOTERS / GEOGRAPHICAL_VOTERS)),
            "seats": seats,
        },
    ]
    return render_to_string("campaign/_chart_legco_seats.html", {"rows": rows, "question": question})


CHARTS = {"legco-seats": legco_seats}


def render_chart(question):
    """The question's chart as HTML in the active language, or "" if it has none."""
    draw = CHARTS.get(question.chart)
    return draw(question) if draw else ""
