"""Charts over reform.db: one function per chart (enrollment.py, reforms.py, mentions.py) takes the database and
returns an Altair chart drawn from SQL; render.py renders them all into the `charts` table at the end of the build."""
