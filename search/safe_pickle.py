"""Whoosh unpickles its schema, segments and stored fields when it opens an index, so a
crafted index directory could run code merely by being opened. nkwatch opens only indexes
it created (see indexer.open_index), and on top of that every unpickling inside Whoosh goes
through an unpickler that resolves only the classes an nkwatch index contains."""

from __future__ import annotations

import functools
import importlib
import io
import pickle
import types

_SAFE_BUILTINS = {
    "frozenset",
    "set",
    "dict",
    "list",
    "tuple",
    "bytes",
    "bytearray",
    "str",
    "int",
    "float",
    "bool",
    "complex",
    "long",
    "unicode",
    "object",
    "slice",
    "range",
}
_SAFE_EXACT = {
    ("re", "_compile"),
    ("copy_reg", "_reconstructor"),
    ("copyreg", "_reconstructor"),
    ("collections", "defaultdict"),
    ("collections", "OrderedDict"),
    ("array", "array"),
    ("datetime", "datetime"),
    ("datetime", "date"),
    ("datetime", "timedelta"),
    ("_codecs", "encode"),
    ("array", "_array_reconstructor"),
}
_SAFE_PREFIXES = ("whoosh.", "search.analysis.")


class UnsafePickle(pickle.UnpicklingError):
    """The index refers to something an nkwatch index never contains."""


class _Restricted(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if module in ("__builtin__", "builtins") and name in _SAFE_BUILTINS:
            return super().find_class(module, name)
        if (module, name) in _SAFE_EXACT:
            return super().find_class(module, name)
        if module.startswith(_SAFE_PREFIXES) and not name.startswith("_"):
            obj = getattr(importlib.import_module(module), name, None)
            # classes, or the stemming functions analyzers keep; never exec-like helpers
            if isinstance(obj, type) or (
                isinstance(obj, types.FunctionType) and module.startswith("whoosh.lang.")
            ):
                return obj
        raise UnsafePickle(f"refusing to load {module}.{name} from an index file")


def loads(data: bytes, *args, **kwargs):
    return _Restricted(io.BytesIO(data)).load()


def load(file, *args, **kwargs):
    return _Restricted(file).load()


class _PickleModule(types.SimpleNamespace):
    pass


@functools.cache
def harden_whoosh() -> None:
    """Point Whoosh's metadata unpickling at the restricted unpickler (once per process)."""
    import whoosh.codec.whoosh3 as w3
    import whoosh.columns as columns
    import whoosh.filedb.structfile as structfile
    import whoosh.formats as formats
    import whoosh.index as windex

    windex.pickle = _PickleModule(
        loads=loads,
        dumps=pickle.dumps,
        PicklingError=pickle.PicklingError,
        UnpicklingError=pickle.UnpicklingError,
    )
    structfile.load_pickle = load
    w3.loads = loads
    columns.loads = loads
    formats.loads = loads
