"""Time-zone reconstructors that pandas, datetime and dateutil users' pickles hold, in the shapes written.

Read in the libraries' source (pytz 2016.10 and 2023.3, python-dateutil 2.8.2):

- ``pytz.utc`` pickles as ``pytz._UTC()``: no arguments, returns the module's singleton.
- Other pytz zones pickle as ``pytz._p(zone)`` (static) or ``pytz._p(zone, utcoffset, dst, tzname)`` (DST),
  which calls ``pytz.timezone(zone)``: that opens ``zoneinfo/<zone>`` only for a name in ``all_timezones_set``
  (``open_resource`` also refuses ``..`` and separators), so a name is harmless, but only zone-shaped names are
  accepted: a path-like name is no zone pytz ever wrote.
- ``pytz.FixedOffset(minutes)`` for fixed offsets (pytz refuses ``abs(minutes) >= 1440``).
- dateutil's ``tzutc``, ``tzoffset`` and ``tzlocal`` pickle with ``object.__reduce__`` (created without
  ``__init__``, then a state dict); their constructors read no file. ``tzfile`` opens a path given as its first
  argument and is not listed.
"""

from __future__ import annotations

import re
from typing import Any

from aiwarden.scan.pkl.legacy import text
from aiwarden.scan.pkl.values import Call, Seq

TIMEZONE_SAFE = frozenset(
    """
    pytz._UTC pytz._p pytz.FixedOffset dateutil.tz.tz.tzutc dateutil.tz.tz.tzoffset dateutil.tz.tz.tzlocal
    """.split()
)

# 'UTC', 'Europe/London', 'America/Argentina/Buenos_Aires', 'Etc/GMT+5', 'EST5EDT'; old pytz munged '+' as
# '_plus_'. No dots, so no '..', and no leading '/'.
_ZONE = re.compile(r"[A-Za-z][A-Za-z0-9_+\-]{0,40}(?:/[A-Za-z0-9_+\-]{1,40}){0,3}")
SHAPED = frozenset({"pytz._UTC", "pytz._p", "pytz.FixedOffset"})


def shape_ok(qualname: str, call: Call) -> bool:
    args = call.args.items if isinstance(call.args, Seq) and not call.args.dropped else None
    if args is None:
        return False
    if qualname == "pytz._UTC":
        return not args
    if qualname == "pytz.FixedOffset":
        return len(args) == 1 and _int(args[0]) and abs(args[0]) < 1440
    if qualname == "pytz._p":
        zone = text(args[0]) if args else None
        if zone is None or _ZONE.fullmatch(zone) is None:
            return False
        if len(args) == 1:
            return True
        return (len(args) == 4 and _int(args[1]) and _int(args[2])
                and (text(args[3]) is not None and len(text(args[3]) or "") <= 16))
    return False


def _int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
