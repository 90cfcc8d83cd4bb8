"""What every page of the site gets, Datasette's own included: the stylesheet and script, the address of the database's
pages for the templates (db_path), and the `page` column of the canned queries (paths of this site,
/documents/<slug>#p3) drawn as links."""

from datasette import hookimpl
from markupsafe import Markup

from reformkb.web import NAME

PAGE_PATHS = ("/documents/", "/entities/", "/reforms/", "/timeline")


@hookimpl
def render_cell(value, column, database):
    if database == NAME and column == "page" and isinstance(value, str) and value.startswith(PAGE_PATHS):
        return Markup('<a href="{}">{}</a>').format(value, value)
    return None


@hookimpl
def extra_css_urls():
    return ["/static/reform.css"]


@hookimpl
def extra_js_urls():
    return [{"url": "/static/reform.js"}]


@hookimpl
def prepare_jinja2_environment(env, datasette):
    # a global, not extra_template_vars: Datasette renders its own error pages without those
    env.globals["db_path"] = datasette.urls.database(NAME)
