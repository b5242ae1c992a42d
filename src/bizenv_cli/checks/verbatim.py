"""Which values of a document quote the source: the strings its schema marks `"$comment": "verbatim"`.

The audit (audit.py) looks each of them up in the source text, and the coverage report counts the
source characters they hold. The schema is walked once into nodes (its $ref followed, its
anyOf/oneOf branches spread out), so that a document is walked without resolving the schema again
for each of its ~10,000 values.
"""

from __future__ import annotations

from collections.abc import Iterator

# The mark is a $comment, which every draft-07 validator accepts (ajv's strict mode refuses an
# unknown keyword such as the former x-verbatim); docs/data-format.md says so.
VERBATIM = ("$comment", "verbatim")


def verbatim_list(data, schema: dict) -> list[tuple[tuple, str]]:
    """Every (path, string) in `data` that the schema marks as quoting the source, in the
    document's order (depth first)."""
    found: list[tuple[tuple, str]] = []
    _walk(data, _compiled_node(schema, schema), (), found)
    return found


def allows_null(schema: dict, path: tuple) -> bool:
    """Whether the schema allows null for the value at `path` of a document (`measures[0].title`
    yes, a plan's `jurisdiction` no): where it does, null says the source prints nothing there."""
    node: _Node | None = _compiled_node(schema, schema)
    for key in path:
        node = (node.properties or {}).get(key) if isinstance(key, str) else node.items
        if node is None:
            return False
    return node.nullable


class _Node:
    """What the verbatim walk needs of one schema (its $ref followed, its anyOf/oneOf branches
    spread out), worked out once per schema instead of once per value: whether a string here is
    verbatim, the schemas of a mapping's keys (the first branch that has `properties`), the schema
    of a list's items (the first that has `items`), and whether any verbatim value can be below."""

    __slots__ = ("verbatim", "nullable", "properties", "items", "reaches")

    def __init__(self) -> None:
        self.verbatim = False
        self.nullable = False  # null is allowed here: how a value says the source prints nothing
        self.properties: dict[str, _Node] | None = None
        self.items: _Node | None = None
        self.reaches = False


# Compiled nodes by the identity of their schema dict (and its root); the schemas are kept here
# too, so that an id is never reused by another dict while its entry stands.
_nodes: dict[tuple[int, int], tuple[dict, dict, _Node]] = {}


def _compiled_node(schema: dict, root: dict) -> _Node:
    known = _nodes.get((id(schema), id(root)))
    if known is not None and known[0] is schema and known[1] is root:
        return known[2]
    node = _built_node(schema, root)
    _settle_reach(node)
    return node


def _built_node(schema: dict, root: dict) -> _Node:
    known = _nodes.get((id(schema), id(root)))
    if known is not None and known[0] is schema and known[1] is root:
        return known[2]
    node = _Node()
    _nodes[(id(schema), id(root))] = (schema, root, node)  # before the branches: a $ref may loop back
    for sub in _alternatives(schema, root):
        if sub.get(VERBATIM[0]) == VERBATIM[1]:
            node.verbatim = True
        kind = sub.get("type")
        if kind == "null" or (isinstance(kind, list) and "null" in kind):
            node.nullable = True
        if node.properties is None and "properties" in sub:
            node.properties = {key: _built_node(value, root) for key, value in sub["properties"].items()}
        if node.items is None and "items" in sub:
            node.items = _built_node(sub["items"], root)
    return node


def _children(node: _Node) -> list[_Node]:
    return list((node.properties or {}).values()) + ([node.items] if node.items is not None else [])


def _settle_reach(top: _Node) -> None:
    """Work out `reaches` for every node below `top`: verbatim itself or a child that reaches,
    repeated until nothing changes (a $ref loop settles too); a node that cannot reach a verbatim
    string is never walked."""
    nodes, stack, seen = [], [top], {id(top)}
    while stack:
        node = stack.pop()
        nodes.append(node)
        for child in _children(node):
            if id(child) not in seen:
                seen.add(id(child))
                stack.append(child)
    for node in nodes:
        node.reaches = node.verbatim
    changed = True
    while changed:
        changed = False
        for node in nodes:
            if not node.reaches and any(child.reaches for child in _children(node)):
                node.reaches = changed = True


def _walk(data, node: _Node, path: tuple, found: list) -> None:
    # The first branch that fits the value decides, as in a walk of the schema itself: a string is
    # verbatim if any branch says so; a mapping or list is walked by the first branch that has
    # properties or items.
    kind = type(data)
    if kind is str or isinstance(data, str):
        if node.verbatim:
            found.append((path, data))
    elif kind is dict or isinstance(data, dict):
        properties = node.properties
        if properties is not None:
            for key, value in data.items():
                child = properties.get(key)
                if child is not None and child.reaches:
                    _walk(value, child, path + (key,), found)
    elif kind is list or isinstance(data, list):
        items = node.items
        if items is not None and items.reaches:
            for index, item in enumerate(data):
                _walk(item, items, path + (index,), found)


def _alternatives(schema: dict, root: dict) -> Iterator[dict]:
    """The schema itself, with $ref followed and anyOf/oneOf branches spread out."""
    if "$ref" in schema:
        target = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            target = target[part]
        yield from _alternatives(target, root)
        return
    yield schema
    for keyword in ("anyOf", "oneOf"):
        for branch in schema.get(keyword, []):
            yield from _alternatives(branch, root)
