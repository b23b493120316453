"""The layers' import rules, read from the source with `ast` (nothing is imported, nothing runs).

- models import nothing of the application (no server, no handlers), so no operations;
- operations import no handlers, API, console, jobs or callback blueprint: they are called by those;
- only the gateway (server/gateway) calls WeChat: no other module imports an HTTP client or
  wechatpy's API client (the sandbox, a fake WeChat, and the tests are outside the rule);
- nothing is circular, counting imports inside functions too, with two exceptions: a package and
  the modules below it that it gathers (models' `db`, a blueprint's `bp`, defined before the
  package imports them), and `server.jobs` building the app inside `_app()` for a bare RQ worker
  (LATE_IMPORTS).

Rules name packages by prefix (`server.operations` covers every module below it), so they hold
wherever a module moves inside its layer.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("server", "handlers", "menus", "models")
NOT_CODE = ("server/migrations",)  # Alembic's scripts, run by Alembic

MODELS_MAY_NOT_IMPORT = ("server", "handlers")
OPERATIONS_MAY_NOT_IMPORT = ("handlers", "server.api", "server.console", "server.jobs", "server.wechat")
WECHAT_CALLERS = ("server.gateway", "server.sandbox")
CALLS_OUT = (
    "requests",
    "httpx",
    "urllib3",
    "aiohttp",
    "urllib.request",
    "http.client",
    "wechatpy.client",
    "wechatpy.WeChatClient",
    "wechatpy.WeChatComponent",
)
LATE_IMPORTS = {("server.jobs", "server")}  # (importer, imported): inside a function, and needed there


def under(name, prefixes):
    return any(name == p or name.startswith(p + ".") for p in prefixes)


class Module:
    def __init__(self, name, path, file):
        self.name, self.path, self.file = name, path, file
        self.is_package = path.name == "__init__.py"
        self.imports = []  # (dotted name imported, line, inside a function)

    def read(self):
        self._visit(ast.parse(self.path.read_text(encoding="utf-8")), in_function=False)
        return self

    def _visit(self, node, in_function):
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                self.imports += [(alias.name, child.lineno, inside) for alias in child.names]
            elif isinstance(child, ast.ImportFrom):
                base = self._absolute(child)
                self.imports += [(f"{base}.{alias.name}", child.lineno, inside) for alias in child.names]
            self._visit(child, inside)

    def _absolute(self, node):
        if not node.level:
            return node.module
        package = self.name.split(".") if self.is_package else self.name.split(".")[:-1]
        package = package[: len(package) - node.level + 1]
        return ".".join([*package, node.module] if node.module else package)


def code(root):
    """{dotted name: Module} of the application's source under `root`."""
    modules = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            relative = path.relative_to(root)
            if any(relative.as_posix().startswith(skip + "/") for skip in NOT_CODE):
                continue
            parts = relative.with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = Module(name, path, relative.as_posix())
    return {name: module.read() for name, module in modules.items()}


def forbidden(modules, importers, may_not_import, rule):
    return [
        f"{module.file}:{line} imports {imported}: {rule}"
        for module in modules.values()
        if under(module.name, importers)
        for imported, line, _ in module.imports
        if under(imported, may_not_import)
    ]


def models_import_no_application(modules):
    return forbidden(modules, ("models",), MODELS_MAY_NOT_IMPORT, "models import nothing of the application")


def operations_import_no_callers(modules):
    return forbidden(
        modules, ("server.operations",), OPERATIONS_MAY_NOT_IMPORT, "operations import none of their callers"
    )


def only_the_gateway_calls_wechat(modules):
    others = [name for name in modules if not under(name, WECHAT_CALLERS)]
    return forbidden(
        {name: modules[name] for name in others}, PACKAGES, CALLS_OUT, "only the gateway calls WeChat"
    )


def local(imported, modules):
    """The module of ours that `imported` (a module, or a name in one) loads; None if not ours."""
    while imported and imported not in modules:
        imported = imported.rpartition(".")[0]
    return imported or None


def import_graph(modules):
    """{module: modules of ours it imports}, less a package's gathering of its own modules."""
    graph = {}
    for name, module in modules.items():
        targets = {local(imported, modules) for imported, _, _ in module.imports} - {None, name}
        graph[name] = {t for t in targets if (name, t) not in LATE_IMPORTS and not gathers(modules, name, t)}
    return graph


def gathers(modules, package, module):
    """`package` imports `module`, one below it, which imports names of the package back."""
    if not module.startswith(package + "."):
        return False
    return any(
        local(imported, modules) == package and not inside for imported, _, inside in modules[module].imports
    )


def cycles(modules):
    """Each import cycle once, as its modules in import order (depth-first search)."""
    graph, found, state = import_graph(modules), [], {}

    def visit(name, path):
        state[name] = "open"
        for target in sorted(graph[name]):
            if state.get(target) == "open":
                found.append(" -> ".join([*path[path.index(target) :], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    return [f"import cycle: {cycle}" for cycle in found]


@pytest.fixture(scope="module")
def source():
    return code(ROOT)


def test_models_import_nothing_of_the_application(source):
    assert models_import_no_application(source) == []


def test_operations_import_no_handlers_api_console_or_jobs(source):
    assert operations_import_no_callers(source) == []


def test_only_the_gateway_calls_wechat(source):
    assert only_the_gateway_calls_wechat(source) == []


def test_nothing_is_circular(source):
    assert cycles(source) == []


def plant(root, files):
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for package in PACKAGES:
        (root / package).mkdir(exist_ok=True)


def test_each_rule_finds_a_violation_planted_in_a_small_tree(tmp_path):
    plant(
        tmp_path,
        {
            "models/__init__.py": "db = None\nfrom models import area\n",
            "models/area.py": "from models import db\nfrom server.operations.area import move\n",
            "server/__init__.py": "",
            "server/operations/__init__.py": "",
            "server/operations/area.py": "def move():\n    from server.jobs.area import redo\n",
            "server/jobs/__init__.py": "def _app():\n    from server import create_app\n",
            "server/jobs/area.py": "from server.jobs import _app\nfrom server.console.area import bp\n",
            "server/console/__init__.py": "",
            "server/console/area.py": "import requests\nfrom server.operations import area\n",
            "server/gateway/__init__.py": "import requests\nfrom wechatpy import WeChatClient\n",
            "handlers/__init__.py": (
                "from wechatpy import parse_message\nfrom wechatpy.client import WeChatClient\n"
            ),
        },
    )
    modules = code(tmp_path)
    assert models_import_no_application(modules) == [
        "models/area.py:2 imports server.operations.area.move: models import nothing of the application"
    ]
    assert operations_import_no_callers(modules) == [
        "server/operations/area.py:2 imports server.jobs.area.redo: operations import none of their callers"
    ]
    assert only_the_gateway_calls_wechat(modules) == [
        "server/console/area.py:1 imports requests: only the gateway calls WeChat",
        "handlers/__init__.py:2 imports wechatpy.client.WeChatClient: only the gateway calls WeChat",
    ]
    assert cycles(modules) == [
        "import cycle: server.operations.area -> server.jobs.area -> server.console.area"
        " -> server.operations.area"
    ]
