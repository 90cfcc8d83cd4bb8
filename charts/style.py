"""The charts' shared look: a colour-blind-safe palette, sizes, a title with a subtitle, and a source line under
every chart (charts are screenshotted and pasted into papers: each must explain itself)."""

import textwrap

import altair as alt

# Okabe & Ito's palette, distinguishable with the common colour-vision deficiencies
BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY, YELLOW, GREY = (
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#999999")

CHARTER_TYPES = alt.Scale(domain=["Independent", "Affiliated"], range=[BLUE, ORANGE])

WIDTH = 640
HEIGHT = 300
FONT = "Helvetica, Arial, sans-serif"


def school_year_x(field, years, title="School year (each bar runs from fall to spring)"):
    """The x encoding of the charter charts: calendar years over `years` ([first, last]); a school year's bar runs
    from its first calendar year to its second."""
    # no padding, so that stacked panels on these years line up; clamped: a reform may run past them
    return alt.X(f"{field}:Q", scale=alt.Scale(domain=years, zero=False, nice=False, padding=0, clamp=True),
                 axis=alt.Axis(title=title, format="d", tickMinStep=1, labelOverlap=True, grid=False))


def finish(chart, *, title, description, source, sql, queries=()):
    """The top-level chart: `chart` under its title and description, the source line printed beneath it.

    title, description (one sentence, the subtitle), source (the source line): str computed from the database;
    sql: the query the chart draws; queries: [{"label", "sql"}] of its other layers. All of them also go into the
    spec's `usermeta`, so a downloaded spec says where its data came from."""
    titled = chart.properties(title=alt.TitleParams(
        title, subtitle=textwrap.wrap(description, 115), anchor="start", fontSize=16, subtitleFontSize=12,
        subtitleColor="#444", offset=12))
    return (
        alt.vconcat(titled)
        .properties(title=alt.TitleParams(
            textwrap.wrap(source, 130), orient="bottom", anchor="start", fontSize=11, fontWeight="normal",
            color="#444", offset=14))
        .configure(font=FONT, background="white", padding=16)
        .configure_axis(labelFontSize=11, titleFontSize=12, titleFontWeight="normal", titleColor="#222",
                        labelColor="#222", domainColor="#888", tickColor="#888", gridColor="#e6e6e6")
        .configure_legend(labelFontSize=11, titleFontSize=12, titleFontWeight="normal", orient="top")
        .configure_view(stroke=None)
        .configure_header(labelFontSize=12, titleFontSize=12)
        .properties(usermeta={"title": title, "description": description, "source": source, "sql": sql.strip(),
                              "queries": [{"label": q["label"], "sql": q["sql"].strip()} for q in queries]})
    )
