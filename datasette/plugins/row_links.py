"""Datasette's table and row pages lead back to the reader: a cell that points at a document, a passage, an
entity or a reform (by a foreign key, or as the readable name of its own row) links to the page a person reads,
with a small link to the row beside it for SQL users. The targets come from the database's own foreign keys."""

import weakref

from datasette import hookimpl
from markupsafe import Markup, escape

from reformkb.web import NAME

# the readable page of a row of each table, from what the row lookup below returns
PAGES = {
    "documents": "/documents/{slug}",
    "passages": "/documents/{slug}#p{seq}",
    "entities": "/entities/{id}",
    "reforms": "/reforms/{slug}",
}
LOOKUP = {
    "documents": "select id, slug from documents where id = ?",
    "passages": "select p.id, d.slug, p.seq from passages p join documents d on d.id = p.document_id where p.id = ?",
    "entities": "select id from entities where id = ?",
    "reforms": "select id, slug from reforms where id = ?",
}
# a table's own column that names its row for a reader
OWN = {"documents": "slug", "entities": "name", "reforms": "slug", "passages": "seq"}
CACHE_SIZE = 20_000  # rows looked up; the database is immutable while served


class Links:
    def __init__(self):
        self.targets = {}  # table → {column: the table it points at}
        self.rows = {}  # (table, id) → the row's page, or None

    async def target_tables(self, db, table):
        if table not in self.targets:
            keys = await db.foreign_keys_for_table(table) if await db.table_exists(table) else []
            self.targets[table] = {fk["column"]: fk["other_table"] for fk in keys if fk["other_table"] in PAGES}
        return self.targets[table]

    async def page(self, db, table, key):
        if (table, key) not in self.rows:
            if len(self.rows) > CACHE_SIZE:
                self.rows.clear()
            row = (await db.execute(LOOKUP[table], [key])).first()
            self.rows[(table, key)] = PAGES[table].format(**dict(row)) if row else None
        return self.rows[(table, key)]


# one per server (the tests run several, each on its own database)
LINKS = weakref.WeakKeyDictionary()


def cell(label, page, row_path=None):
    html = Markup('<a class="reader-link" href="{}">{}</a>').format(page, label)
    if row_path:
        html += Markup(' <a class="row-link" href="{}" title="the row">#</a>').format(row_path)
    return html


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if database != NAME or table is None:
        return None

    links = LINKS.setdefault(datasette, Links())

    async def link():
        db = datasette.get_database(NAME)
        target = (await links.target_tables(db, table)).get(column)
        if target is not None and value not in (None, ""):
            key, label = (value["value"], value["label"]) if isinstance(value, dict) else (value, value)
            page = isinstance(key, int) and await links.page(db, target, key)
            if target == "passages" and page:
                label = "¶" + page.rsplit("#p", 1)[1]  # what a reader cites, not the passage's whole text
            return cell(escape(label), page, datasette.urls.row(NAME, target, key)) if page else None
        if OWN.get(table) == column and "id" in row.keys():
            page = await links.page(db, table, row["id"])
            label = f"¶{value}" if table == "passages" else value
            return cell(escape(label), page) if page else None
        return None

    return link()
