"""Tensors and state changed after they were built, which torch.load(weights_only=True) still allows.

The weights-only unpickler (torch/_weights_only_unpickler.py) lets SETITEM(S) write into any dict, OrderedDict
or Counter on the stack, including one memoized earlier and already handed to a tensor rebuilder, and lets
BUILD call ``set_`` on a built ``torch.Tensor``. torch never writes either:

- ``_rebuild_tensor_v2/v3``, ``_rebuild_qtensor`` and ``_rebuild_parameter(_with_state)`` store their
  ``backward_hooks`` argument as the tensor's hooks ("Don't serialize hooks": torch always writes an empty
  OrderedDict). Anything in it, written at construction or by a later SETITEM on the memoized dict, runs on
  every backward pass: high, critical when a hook is a dangerous callable;
- SETITEM(S) or BUILD on an already-built tensor, parameter or array rewrites its data or storage after the
  values a reviewer sees (``tensor[key] = value``, ``set_(storage, ...)``): high.

A dict whose later SETITEM overwrites a key keeps the last value (``Dct.get``); every value written is judged,
as calls are recorded where they are made, whatever key they end up under.
"""

from __future__ import annotations

from typing import Any

from aiwarden.scan.pkl.values import Call, Dct, Global, Seq

# Tensor rebuilders -> position of their backward_hooks argument.
HOOK_ARGUMENT: dict[str, int] = {
    "torch._utils._rebuild_tensor_v2": 5,
    "torch._utils._rebuild_tensor_v3": 5,
    "torch._utils._rebuild_qtensor": 6,
    "torch._utils._rebuild_parameter": 2,
    "torch._utils._rebuild_parameter_with_state": 2,
}

# Calls whose result is a tensor, parameter or array: never the target of SETITEM(S) or BUILD in real files.
BUILT_ARRAYS = frozenset({
    *HOOK_ARGUMENT, "torch._utils._rebuild_tensor", "torch._utils._rebuild_sparse_tensor",
    "torch._utils._rebuild_device_tensor_from_numpy", "torch._utils._rebuild_meta_tensor_no_storage",
    "torch.nn.parameter.Parameter", "torch._tensor._rebuild_from_type_v2", "torch._tensor._rebuild_from_type",
    "numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct",
    "numpy.core.numeric._frombuffer", "numpy._core.numeric._frombuffer",
})

def hooks_of(call: Call) -> list[tuple[Any, Any]] | None:
    """The hooks a tensor rebuilder installs (pairs written into its hooks dict), or None if not a rebuilder."""
    if not isinstance(call.func, Global) or call.func.qualname not in HOOK_ARGUMENT:
        return None
    args = call.args.items if isinstance(call.args, Seq) else []
    index = HOOK_ARGUMENT[call.func.qualname]
    if index >= len(args):
        return []
    hooks = args[index]
    if isinstance(hooks, Dct):
        return list(hooks.items)
    if isinstance(hooks, Call):  # OrderedDict() filled by SETITEM(S), possibly after the tensor was built
        return list(hooks.items)
    return []


def is_built_array(value: Any, *, torch_only: bool = False) -> bool:
    """Whether value is a tensor, parameter or array built by a rebuilder. NumPy arrays are always completed by
    BUILD (ndarray.__setstate__), so ``torch_only`` is used for BUILD."""
    if not (isinstance(value, Call) and isinstance(value.func, Global) and value.func.qualname in BUILT_ARRAYS):
        return False
    return not torch_only or value.func.qualname.startswith("torch.")
