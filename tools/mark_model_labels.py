"""Wrap the plain-string labels of model fields in gettext_lazy (one-off, mechanical; review the diff).

Rewrites, in the model modules given on the command line:
- a field's ``verbose_name`` (keyword, or the first positional string of a non-relational field),
- a field's ``help_text``,
- ``Meta.verbose_name`` / ``Meta.verbose_name_plural``,
when they are string literals, as ``_("...")`` keeping the literal's source text, and adds the import. A module
that already uses ``_`` for ``gettext`` gets ``gettext_lazy`` by its own name instead.

Usage: .venv/bin/python tools/mark_model_labels.py FILE...  (then ruff check --fix and ruff format)
"""

import ast
import re
import sys

RELATIONS = {"ForeignKey", "OneToOneField", "ManyToManyField"}
FIELD_NAME = re.compile(r"(Field|ForeignKey)$")


def call_name(node):
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def is_str(node):
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def lazy_name(tree):
    """The name gettext_lazy goes by in this module, and whether an import must be added."""
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            for alias in node.names:
                if alias.name == "gettext_lazy":
                    return alias.asname or "gettext_lazy", False
    imports = (n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom | ast.Import))
    used = any(isinstance(n, ast.Name) and n.id == "_" for n in ast.walk(tree)) or any(
        (a.asname or a.name) == "_" for n in imports for a in n.names
    )
    return ("gettext_lazy" if used else "_"), True


def targets(tree):
    """String nodes to wrap."""
    found = []
    for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
        for stmt in cls.body:
            value = stmt.value if isinstance(stmt, ast.Assign | ast.AnnAssign) else None
            if cls.name == "Meta" and isinstance(stmt, ast.Assign):
                names = [t.id for t in stmt.targets if isinstance(t, ast.Name)]
                if set(names) & {"verbose_name", "verbose_name_plural"} and is_str(value):
                    found.append(value)
                continue
            if not isinstance(value, ast.Call) or not FIELD_NAME.search(call_name(value)):
                continue
            if call_name(value) == "GenericForeignKey":  # its positional strings are field names
                continue
            if call_name(value) not in RELATIONS and value.args and is_str(value.args[0]):
                found.append(value.args[0])
            for kw in value.keywords:
                if kw.arg in {"verbose_name", "help_text"} and is_str(kw.value):
                    found.append(kw.value)
    return found


def offset(lines, lineno, col):
    # ast columns are UTF-8 byte offsets.
    return sum(len(line) for line in lines[: lineno - 1]) + len(lines[lineno - 1].encode()[:col].decode())


def rewrite(path):
    source = open(path, encoding="utf-8").read()
    tree = ast.parse(source)
    name, add_import = lazy_name(tree)
    nodes = targets(tree)
    if not nodes:
        return 0
    lines = source.splitlines(keepends=True)
    spans = sorted(
        ((offset(lines, n.lineno, n.col_offset), offset(lines, n.end_lineno, n.end_col_offset)) for n in nodes),
        reverse=True,
    )
    for start, end in spans:
        source = f"{source[:start]}{name}({source[start:end]}){source[end:]}"
    if add_import:
        statement = (
            "from django.utils.translation import gettext_lazy as _\n"
            if name == "_"
            else "from django.utils.translation import gettext_lazy\n"
        )
        # After the last top-level import; ruff's isort puts it in its place.
        last = max(n.end_lineno for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom))
        lines = source.splitlines(keepends=True)
        lines.insert(last, statement)
        source = "".join(lines)
    open(path, "w", encoding="utf-8").write(source)
    return len(spans)


if __name__ == "__main__":
    total = 0
    for path in sys.argv[1:]:
        count = rewrite(path)
        total += count
        print(f"{path}: {count}")
    print(f"total: {total}")
