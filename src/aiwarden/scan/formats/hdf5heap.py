"""Dense HDF5 storage: the objects (encoded link or attribute messages) of a fractal heap, found through the
records of its version 2 B-tree name index. Reads root direct blocks, indirect blocks of unfiltered direct
blocks, tiny and huge objects, and B-trees up to depth 1; anything else raises so the caller reports it."""

from __future__ import annotations

from typing import Protocol

MAX_BLOCKS = 100_000
MAX_INDIRECT_DEPTH = 8


class HeapError(ValueError):
    pass


class Source(Protocol):
    o: int
    ln: int

    def at(self, address: int, n: int) -> bytes: ...

    def uint(self, data: bytes, pos: int, n: int) -> int: ...


def _log2(n: int) -> int:
    return max(n.bit_length() - 1, 0)


def _enc_size(limit: int) -> int:
    # H5VM_limit_enc_size: bytes needed to encode values up to limit
    return _log2(limit) // 8 + 1


class FractalHeap:
    def __init__(self, src: Source, address: int):
        self.src = src
        o, ln = src.o, src.ln
        head = src.at(address, 4 + 1 + 2 + 2 + 1 + 4 + ln + o + ln + o + 8 * ln + 2 + ln + ln + 2 + 2 + o + 2)
        if head[:4] != b"FRHP":
            raise HeapError("fractal heap without its signature")
        u = src.uint
        self.id_length = u(head, 5, 2)
        self.filtered = u(head, 7, 2) > 0
        self.checksummed_blocks = bool(head[9] & 0x02)
        max_managed = u(head, 10, 4)
        pos = 14 + ln
        self.huge_btree = u(head, pos, o)
        pos += o + ln + o + 8 * ln
        self.width = u(head, pos, 2)
        self.start_block = u(head, pos + 2, ln)
        self.max_direct = u(head, pos + 2 + ln, ln)
        max_heap_bits = u(head, pos + 2 + 2 * ln, 2)
        pos += 2 + 2 * ln + 2 + 2
        self.root = u(head, pos, o)
        self.root_rows = u(head, pos + o, 2)
        if self.width <= 0 or self.start_block <= 0 or self.max_direct < self.start_block:
            raise HeapError("fractal heap with an impossible block table")
        self.address = address
        self.offset_size = (max_heap_bits + 7) // 8
        self.length_size = min((_log2(self.max_direct) + 7) // 8, _enc_size(max_managed))
        self.max_direct_rows = _log2(self.max_direct) - _log2(self.start_block) + 2
        self._blocks: list[tuple[int, int, int]] | None = None  # (heap offset, size, file address)
        self._huge: dict[int, tuple[int, int]] | None = None
        self._checked: set[int] = set()  # direct blocks whose signature was seen

    def object(self, heap_id: bytes) -> bytes:
        kind = (heap_id[0] >> 4) & 0x03
        if heap_id[0] >> 6:
            raise HeapError("heap ID version not supported")
        if kind == 2:  # tiny: the data is in the ID
            return heap_id[1:1 + (heap_id[0] & 0x0F) + 1]
        if kind == 1:
            return self._huge_object(heap_id)
        offset = int.from_bytes(heap_id[1:1 + self.offset_size], "little")
        length = int.from_bytes(heap_id[1 + self.offset_size:1 + self.offset_size + self.length_size], "little")
        for start, size, address in self.blocks():
            if start <= offset < start + size:
                if offset + length > start + size:
                    raise HeapError("heap object runs past its block")
                if address not in self._checked:
                    if self.src.at(address, 4) != b"FHDB":
                        raise HeapError("direct block without its signature")
                    self._checked.add(address)
                return self.src.at(address + offset - start, length)
        raise HeapError("heap object outside every direct block")

    def blocks(self) -> list[tuple[int, int, int]]:
        if self._blocks is None:
            if self.filtered:
                raise HeapError("filtered (compressed) fractal heap")
            self._blocks = []
            if self.root != -1:
                if self.root_rows == 0:
                    self._blocks.append((0, self.start_block, self.root))
                else:
                    self._indirect(self.root, self.root_rows, 0)
        return self._blocks

    def _row_size(self, row: int) -> int:
        return self.start_block if row < 2 else self.start_block << (row - 1)

    def _indirect(self, address: int, rows: int, depth: int) -> None:
        assert self._blocks is not None
        if depth > MAX_INDIRECT_DEPTH:
            raise HeapError("fractal heap indirect blocks nested too deep")
        o = self.src.o
        head = self.src.at(address, 5 + o + self.offset_size)
        if head[:4] != b"FHIB":
            raise HeapError("indirect block without its signature")
        offset = int.from_bytes(head[5 + o:5 + o + self.offset_size], "little")
        entries = self.src.at(address + 5 + o + self.offset_size, rows * self.width * o)
        index = 0
        for row in range(rows):
            size = self._row_size(row)
            for _ in range(self.width):
                child = self.src.uint(entries, index * o, o)
                index += 1
                if child != -1:
                    if row < self.max_direct_rows:
                        self._blocks.append((offset, size, child))
                    else:
                        child_rows = _log2(size) - _log2(self.start_block * self.width) + 1
                        self._indirect(child, child_rows, depth + 1)
                    if len(self._blocks) > MAX_BLOCKS:
                        raise HeapError("too many fractal heap blocks")
                offset += size

    def _huge_object(self, heap_id: bytes) -> bytes:
        o, ln = self.src.o, self.src.ln
        if self.filtered:
            raise HeapError("filtered huge heap object")
        if self.id_length >= 1 + o + ln:  # the ID holds the address and length directly
            address, length = self.src.uint(heap_id, 1, o), self.src.uint(heap_id, 1 + o, ln)
        else:
            if self._huge is None:
                self._huge = {}
                for record in btree_records(self.src, self.huge_btree):
                    self._huge[self.src.uint(record, o + ln, ln)] = (self.src.uint(record, 0, o),
                                                                      self.src.uint(record, o, ln))
            key = int.from_bytes(heap_id[1:], "little")
            if key not in self._huge:
                raise HeapError("huge heap object not indexed")
            address, length = self._huge[key]
        return self.src.at(address, length)


MAX_RECORDS = 1_000_000
MAX_BTREE_DEPTH = 16
_PREFIX = 10  # signature, version, type, checksum


def btree_records(src: Source, address: int) -> list[bytes]:
    """All records of a version 2 B-tree (layout as H5B2__hdr_init computes it)."""
    o, ln = src.o, src.ln
    head = src.at(address, 16 + o + 2 + ln)
    if head[:4] != b"BTHD":
        raise HeapError("v2 B-tree without its signature")
    node_size = src.uint(head, 6, 4)
    record_size = src.uint(head, 10, 2)
    depth = src.uint(head, 12, 2)
    root = src.uint(head, 16, o)
    root_count = src.uint(head, 16 + o, 2)
    if root == -1 or root_count == 0:
        return []
    if record_size <= 0 or node_size <= _PREFIX or depth > MAX_BTREE_DEPTH:
        raise HeapError("v2 B-tree with impossible sizes or depth")
    leaf_max = (node_size - _PREFIX) // record_size
    count_size = _enc_size(leaf_max)
    cumulative = [leaf_max]  # most records under a node of each level
    total_size = [0]  # size of the "total records in child subtree" field pointing at each level
    for level in range(1, depth + 1):
        pointer = o + count_size + total_size[level - 1]
        fanout = (node_size - _PREFIX - pointer) // (record_size + pointer)
        cumulative.append((fanout + 1) * cumulative[level - 1] + fanout)
        total_size.append(_enc_size(cumulative[level]))
    records: list[bytes] = []
    stack = [(root, root_count, depth)]
    while stack:
        node, count, level = stack.pop()
        if level == 0:
            records.extend(_node_records(src, node, b"BTLF", count, record_size))
        else:
            records.extend(_node_records(src, node, b"BTIN", count, record_size))
            pointer = o + count_size + (total_size[level - 1] if level > 1 else 0)
            data = src.at(node + 6 + count * record_size, (count + 1) * pointer)
            for k in range(count + 1):
                entry = data[k * pointer:(k + 1) * pointer]
                stack.append((src.uint(entry, 0, o), int.from_bytes(entry[o:o + count_size], "little"), level - 1))
        if len(records) > MAX_RECORDS:
            raise HeapError("too many B-tree records")
    return records


def _node_records(src: Source, node: int, signature: bytes, count: int, record_size: int) -> list[bytes]:
    data = src.at(node, 6 + count * record_size)
    if data[:4] != signature:
        raise HeapError("v2 B-tree node without its signature")
    return [data[6 + i * record_size:6 + (i + 1) * record_size] for i in range(count)]
