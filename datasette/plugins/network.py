"""/network: the people and organizations of the whole corpus most strongly named together, drawn as a graph
(reformkb.network), with the pairs listed beneath."""

from datasette import hookimpl

from reformkb.network import corpus_network
from reformkb.web import database, render


async def network(datasette, request):
    graph = await corpus_network(database(datasette))
    pairs = []
    if graph:
        names = {n["id"]: n for n in graph["nodes"]}
        pairs = [{**e, "a": names[e["source"]], "b": names[e["target"]]} for e in graph["edges"]]
    return await render(datasette, request, "network.html", network=graph, pairs=pairs)


@hookimpl
def register_routes():
    return [(r"^/network$", network)]
