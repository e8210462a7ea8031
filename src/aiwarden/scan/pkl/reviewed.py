"""Exact classes inside a package the deny tables cover whole, reviewed in the package's source.

A deny entry covers everything under it (``gensim.corpora`` has corpus readers that open files), but one class
there may only hold data. Such a class is listed here by its exact defining name, and is safe only created the
way pickle writes it: without arguments (``NEWOBJ`` with an empty tuple, or ``copyreg._reconstructor``), then
its ``__dict__`` set by ``BUILD``. Called with arguments its ``__init__`` runs with the file's values: high.
Every other name under the denied package (``gensim.corpora.mmcorpus.MmCorpus``, a walk such as
``gensim.corpora.dictionary.Dictionary.load``) stays critical: exact entries win over the deny prefix, never
the reverse, and only names in this module do.
"""

from __future__ import annotations

from aiwarden.scan.pkl.values import Call, Seq

# gensim 3.8.3, 4.1.2 and 4.4.0 ``Dictionary(utils.SaveLoad, Mapping)``: neither it nor SaveLoad defines
# ``__new__``, ``__setstate__``, ``__reduce__`` or ``__getattr__``; its state is plain dicts and counters.
# ``SaveLoad.load`` reads files, but only a walk reaches it, and walks are not exact entries.
REVIEWED_UNDER_DENY = frozenset({"gensim.corpora.dictionary.Dictionary"})


def shape_ok(qualname: str, call: Call) -> bool:
    """Created without arguments, as ``object.__reduce_ex__`` writes it."""
    return qualname in REVIEWED_UNDER_DENY and isinstance(call.args, Seq) and not call.args.items \
        and not call.args.dropped
