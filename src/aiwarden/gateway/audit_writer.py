"""One background thread that writes the audit trail with group commit.

``submit`` queues an entry and returns a future for its seq. The thread takes everything queued (up to
``max_batch``) and appends it in one transaction, so one commit (and, with durability "full", one disk flush) is
shared by every request that arrived while the previous commit ran. A future resolves only after its batch
committed; when the append fails, every future of the batch fails, and the app answers 503 instead of
acknowledging a request it could not record.
"""

from __future__ import annotations

import json
import queue
import threading
from concurrent.futures import Future, InvalidStateError

from aiwarden.gateway import chain
from aiwarden.gateway.types import AuditEntry, Store, StoreError

_STOP = None


class AuditWriter:
    def __init__(self, store: Store, *, max_batch: int = 512) -> None:
        self._store = store
        self._max_batch = max_batch
        self._queue: queue.SimpleQueue[tuple[chain.EncodedEntry, Future[int]] | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="aiwarden-audit-writer", daemon=True)
        self._thread.start()

    def submit(self, entry: AuditEntry) -> Future[int]:
        future: Future[int] = Future()
        try:
            encoded = chain.encode_entry(entry)  # a bad entry fails alone here, not the batch it would have joined
        except StoreError as exc:
            future.set_exception(exc)
            return future
        with self._lock:  # under the lock, so nothing is queued behind the stop marker
            if self._closed:
                future.set_exception(StoreError("the audit writer is closed"))
                return future
            self._queue.put((encoded, future))
        return future

    def close(self, timeout: float | None = None) -> None:
        """Write everything submitted so far, then stop the thread."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._queue.put(_STOP)
        self._thread.join(timeout)

    def _run(self) -> None:
        stopping = False
        while not stopping:
            item = self._queue.get()
            batch: list[tuple[chain.EncodedEntry, Future[int]]] = []
            while True:
                if item is _STOP:
                    stopping = True
                else:
                    batch.append(item)
                if stopping or len(batch) >= self._max_batch:
                    break
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
            if batch:
                self._write(batch)

    def _append(self, encoded: list[chain.EncodedEntry]) -> list[int]:
        # Stores that take encoded entries skip encoding each one a second time (the costlier half of an append).
        append_encoded = getattr(self._store, "append_encoded", None)
        if append_encoded is not None:
            seqs: list[int] = append_encoded(encoded)
            return seqs
        return self._store.append([AuditEntry(e.time, e.event, e.data_value,
                                              None if e.bodies is None else json.loads(e.bodies)) for e in encoded])

    def _write(self, batch: list[tuple[chain.EncodedEntry, Future[int]]]) -> None:
        # A future the caller cancelled (a client that went away) is still written: the request happened.
        try:
            seqs = self._append([entry for entry, _ in batch])
        except BaseException as exc:  # every failure must reach the waiting requests
            error = exc if isinstance(exc, StoreError) else StoreError(f"audit append failed: {exc}")
            for _, future in batch:
                _settle(future, error=error)
            if not isinstance(exc, Exception):
                raise
            return
        for (_, future), seq in zip(batch, seqs, strict=True):
            _settle(future, result=seq)


def _settle(future: Future[int], *, result: int | None = None, error: BaseException | None = None) -> None:
    try:
        if error is not None:
            future.set_exception(error)
        elif result is not None:
            future.set_result(result)
    except InvalidStateError:  # cancelled meanwhile: nobody is waiting
        pass
