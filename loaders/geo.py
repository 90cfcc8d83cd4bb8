"""Geography: every ``corpus/geo/*.geojson`` → ``district_boundary``, each file with the credit corpus/geo/README.md
gives it.

A file is a GeoJSON FeatureCollection of Polygon or MultiPolygon features in longitude/latitude; it is stored as
read (the map simplifies what it draws, charts/schools_map.py). README.md credits each file in a Markdown table
with a ``file`` and a ``credit`` column: a file with no credit there stops the build, so that the map never draws
data whose origin is not said. No folder, no row: the map is then skipped.
"""

import hashlib
import json
from pathlib import Path

from loaders.errors import CorpusError

AREAS = {"Polygon", "MultiPolygon"}


def read_credits(readme):
    """{file name: credit} from the Markdown table(s) of readme that have a `file` and a `credit` column."""
    credits, header = {}, None
    for line in readme.read_text(encoding="utf-8").splitlines():
        if not line.lstrip().startswith("|"):
            header = None
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if header is None:
            header = [cell.lower() for cell in cells]
        elif set("".join(cells)) <= set("-: ") or not {"file", "credit"} <= set(header):
            continue  # the separator row, or another table
        elif len(cells) == len(header):
            row = dict(zip(header, cells))
            credits[row["file"].strip("`")] = row["credit"]
    return credits


def polygons(geometry):
    """The polygons (lists of rings) of a Polygon or MultiPolygon geometry."""
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def read_boundary(path):
    """The FeatureCollection of path, checked: CorpusError `path: what is wrong`."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise CorpusError(f"{path}: not GeoJSON ({e})") from None
    features = data.get("features") if isinstance(data, dict) and data.get("type") == "FeatureCollection" else None
    if not features:
        raise CorpusError(f"{path}: a boundary file must be a GeoJSON FeatureCollection with at least one feature")
    for n, feature in enumerate(features, 1):
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if not isinstance(geometry, dict) or geometry.get("type") not in AREAS:
            raise CorpusError(f"{path}: feature {n} is not a Polygon or MultiPolygon")
        for polygon in polygons(geometry):
            for ring in polygon:
                if len(ring) < 4 or ring[0] != ring[-1] or not all(
                        -180 <= x <= 180 and -90 <= y <= 90 for x, y, *_ in ring):
                    raise CorpusError(f"{path}: feature {n} has a ring that is not closed longitude/latitude pairs")
    return data


def load_boundary(ctx):
    """Build stage: the district's boundary files of <corpus>/geo/ into district_boundary."""
    folder = Path(ctx.corpus) / "geo"
    files = sorted(folder.glob("*.geojson")) if folder.is_dir() else []
    readme = folder / "README.md"
    credits = read_credits(readme) if files and readme.is_file() else {}
    rows = []
    for path in files:
        if not credits.get(path.name):
            raise CorpusError(f"{readme}: no credit for {path.name} (its row of the table: | {path.name} | what | "
                              "credit |)")
        data = read_boundary(path)
        areas = [polygon for feature in data["features"] for polygon in polygons(feature["geometry"])]
        rows.append({
            "file": path.name,
            "district": "; ".join(str(f.get("properties", {}).get("District") or "") for f in data["features"]),
            "geojson": json.dumps(data, ensure_ascii=False, separators=(",", ":")),
            "features": len(data["features"]),
            "polygons": len(areas),
            "holes": sum(len(polygon) - 1 for polygon in areas),
            "vertices": sum(len(ring) for polygon in areas for ring in polygon),
            "credit": credits[path.name],
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        })
    ctx.db["district_boundary"].insert_all(rows)
    return (f"{len(rows)} boundary file" + ("s" if len(rows) != 1 else "")
            + "".join(f", {r['file']}: {r['polygons']} parts, {r['vertices']:,} vertices" for r in rows))
