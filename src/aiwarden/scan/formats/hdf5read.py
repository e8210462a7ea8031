"""A bounded structural reader of HDF5 files (no h5py, no libhdf5): it walks every object reachable from the
root group and reports what a loader would act on. Attributes (their string values), links that leave the
object tree (soft) or the file (external), datasets whose data lives in other files (external storage,
virtual layouts), and everything it could not parse, so the caller can report it as unverified.

Covers superblocks v0-v3 (with a user block before them), object headers v1 and v2 with continuation
blocks, old-style groups (symbol-table B-tree v1 + local heap), new-style compact links, and dense link and
attribute storage as far as hdf5heap reads it (the rest is listed as unparsed)."""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import BinaryIO

from aiwarden.scan.formats.hdf5heap import FractalHeap, HeapError, btree_records
from aiwarden.scan.source import read_at

SIGNATURE = b"\x89HDF\r\n\x1a\n"
UNDEFINED = -1

# Message types (HDF5 file format specification, section IV.A.2).
_DATASPACE, _LINK_INFO, _DATATYPE, _LINK, _EXTERNAL_FILES, _LAYOUT = 0x01, 0x02, 0x03, 0x06, 0x07, 0x08
_ATTRIBUTE, _CONTINUATION, _SYMBOL_TABLE, _ATTRIBUTE_INFO = 0x0C, 0x10, 0x11, 0x15
_STRING_CLASS, _VLEN_CLASS = 3, 9


@dataclass(frozen=True, slots=True)
class Bounds:
    max_objects: int = 100_000
    max_header_blocks: int = 100_000  # object header chunks (first block + continuations) in the whole file
    max_symbols: int = 1_000_000  # symbol-table entries across all old-style groups
    max_value_bytes: int = 100 * 1024 * 1024  # one attribute's string content
    max_total_value_bytes: int = 256 * 1024 * 1024


@dataclass(slots=True)
class Attribute:
    path: str  # object path ("/" for the root group)
    name: str
    strings: list[bytes]  # string elements (fixed-length or variable-length); empty for other types
    raw: bytes  # the stored data of non-string attributes, bounded


@dataclass(slots=True)
class Hdf5Structure:
    superblock_offset: int = 0
    superblock_version: int = -1
    attributes: list[Attribute] = field(default_factory=list)
    external_links: list[tuple[str, str, str]] = field(default_factory=list)  # (link path, file, object)
    soft_links: list[tuple[str, str]] = field(default_factory=list)  # (link path, target)
    other_links: list[tuple[str, int]] = field(default_factory=list)  # user-defined link classes
    external_storage: list[tuple[str, list[str]]] = field(default_factory=list)  # (dataset, file names)
    virtual_datasets: list[tuple[str, list[str]]] = field(default_factory=list)  # (dataset, source files)
    unparsed: list[str] = field(default_factory=list)  # what could not be verified, and why
    objects: int = 0


class Hdf5Error(ValueError):
    """The structure is not what the format allows (or breaks a bound)."""


def find_superblock(f: BinaryIO, size: int) -> int:
    """The superblock sits at 0, 512, 1024, 2048, ... (after a user block); -1 when absent."""
    offset = 0
    while offset + 8 <= size:
        if read_at(f, offset, 8) == SIGNATURE:
            return offset
        offset = 512 if offset == 0 else offset * 2
    return -1


def read_structure(f: BinaryIO, size: int, bounds: Bounds | None = None) -> Hdf5Structure:
    reader = _Reader(f, size, bounds or Bounds())
    try:
        reader.read()
    except Hdf5Error as exc:
        reader.out.unparsed.append(str(exc))
    except (struct.error, IndexError, UnicodeDecodeError, OverflowError, MemoryError) as exc:
        reader.out.unparsed.append(f"malformed structure ({type(exc).__name__})")
    return reader.out


class _Reader:
    def __init__(self, f: BinaryIO, size: int, bounds: Bounds):
        self.f, self.size, self.bounds = f, size, bounds
        self.out = Hdf5Structure()
        self.base = 0
        self.o = 8  # size of offsets
        self.ln = 8  # size of lengths
        self.visited: set[int] = set()
        self.header_blocks = 0
        self.symbols = 0
        self.value_bytes = 0
        self.global_heaps: dict[int, dict[int, bytes]] = {}

    # -- primitives -------------------------------------------------------------------------------

    def at(self, address: int, n: int) -> bytes:
        """n bytes at a file address (relative to the base address); the whole span must exist."""
        start = self.base + address
        if address < 0 or n < 0 or start + n > self.size:
            raise Hdf5Error(f"structure points outside the file (address {address}, {n} bytes)")
        return read_at(self.f, start, n)

    def uint(self, data: bytes, pos: int, n: int) -> int:
        if pos + n > len(data):
            raise Hdf5Error("field runs past the end of its structure")
        value = int.from_bytes(data[pos:pos + n], "little")
        return UNDEFINED if n in (self.o, self.ln) and value == (1 << (8 * n)) - 1 else value

    # -- superblock ------------------------------------------------------------------------------

    def read(self) -> None:
        sb = find_superblock(self.f, self.size)
        if sb < 0:
            raise Hdf5Error("no HDF5 superblock")
        out = self.out
        out.superblock_offset = sb
        head = read_at(self.f, sb, 256)
        if len(head) < 16:
            raise Hdf5Error("superblock truncated")
        version = head[8]
        out.superblock_version = version
        if version in (0, 1):
            self.o, self.ln = head[13], head[14]
            self._check_sizes()
            pos = 24 + (4 if version == 1 else 0)
            base = self.uint(head, pos, self.o)
            pos += 4 * self.o  # base, free-space info, end of file, driver info
            root_entry = head[pos:pos + 2 * self.o + 24]
            root_header = self.uint(root_entry, self.o, self.o)
        elif version in (2, 3):
            self.o, self.ln = head[9], head[10]
            self._check_sizes()
            base = self.uint(head, 12, self.o)
            root_header = self.uint(head, 12 + 3 * self.o, self.o)
        else:
            raise Hdf5Error(f"superblock version {version} is not supported")
        # The base address is absolute; files written with a user block record it (and files moved behind
        # one do not, in which case the library uses the superblock position).
        self.base = base if base not in (UNDEFINED, 0) else sb
        self._walk(root_header)

    def _check_sizes(self) -> None:
        if self.o not in (2, 4, 8) or self.ln not in (2, 4, 8):
            raise Hdf5Error(f"unsupported offset/length sizes {self.o}/{self.ln}")

    # -- object traversal ------------------------------------------------------------------------

    def _walk(self, root: int) -> None:
        stack: list[tuple[int, str]] = [(root, "/")]
        while stack:
            address, path = stack.pop()
            if address == UNDEFINED or address in self.visited:
                continue
            self.visited.add(address)
            self.out.objects += 1
            if self.out.objects > self.bounds.max_objects:
                raise Hdf5Error(f"more than {self.bounds.max_objects} objects; the rest was not read")
            try:
                children = self._object(address, path)
            except Hdf5Error as exc:
                self.out.unparsed.append(f"object {path!r}: {exc}")
                continue
            stack.extend(children)

    def _object(self, address: int, path: str) -> list[tuple[int, str]]:
        messages = self._messages(address)
        children: list[tuple[int, str]] = []
        for mtype, flags, body in messages:
            if flags & 0x02 and mtype in (_ATTRIBUTE, _LINK, _EXTERNAL_FILES, _LAYOUT, _DATATYPE):
                # A shared message lives in another object header or the shared-message heap.
                if mtype != _DATATYPE:
                    self.out.unparsed.append(f"object {path!r}: shared message of type {mtype} not followed")
                continue
            if mtype == _ATTRIBUTE:
                self._attribute(body, path)
            elif mtype == _LINK:
                children.extend(self._link(body, path))
            elif mtype == _SYMBOL_TABLE:
                btree = self.uint(body, 0, self.o)
                heap = self.uint(body, self.o, self.o)
                children.extend(self._symbol_table(btree, heap, path))
            elif mtype == _LINK_INFO:
                # version, flags, [max creation index: 8 bytes], fractal heap address, name index address
                for link in self._dense(body, 2 + (8 if body[1] & 1 else 0), path, "links"):
                    children.extend(self._link(link, path))
            elif mtype == _ATTRIBUTE_INFO:
                # version, flags, [max creation index: 2 bytes], fractal heap address, name index address
                for attribute in self._dense(body, 2 + (2 if body[1] & 1 else 0), path, "attributes"):
                    self._attribute(attribute, path)
            elif mtype == _EXTERNAL_FILES:
                self.out.external_storage.append((path, self._external_files(body)))
            elif mtype == _LAYOUT and body[:1] in (b"\x03", b"\x04") and len(body) > 1 and body[1] == 3:
                self.out.virtual_datasets.append((path, self._virtual_sources(body)))
        return children

    def _dense(self, body: bytes, pos: int, path: str, what: str) -> list[bytes]:
        """The encoded messages a group or object keeps in a fractal heap (dense storage)."""
        heap_address = self.uint(body, pos, self.o)
        index_address = self.uint(body, pos + self.o, self.o)
        if heap_address == UNDEFINED:
            return []
        try:
            heap = FractalHeap(self, heap_address)
            records = btree_records(self, index_address) if index_address != UNDEFINED else []
            # link name index: hash (4) + heap ID; attribute name index: heap ID (8) + flags + order + hash
            if what == "links":
                return [heap.object(r[4:4 + heap.id_length]) for r in records]
            shared = [r for r in records if r[8] & 0x02]
            if shared:
                self.out.unparsed.append(f"object {path!r}: {len(shared)} shared dense attribute(s) not followed")
            return [heap.object(r[:8]) for r in records if not r[8] & 0x02]
        except HeapError as exc:
            self.out.unparsed.append(f"object {path!r} stores its {what} densely and they were not read: {exc}")
            return []

    def _messages(self, address: int) -> list[tuple[int, int, bytes]]:
        """All messages of one object header, continuation blocks included."""
        first = self.at(address, 16)
        messages: list[tuple[int, int, bytes]] = []
        if first[:4] == b"OHDR":
            version, flags = first[4], first[5]
            if version != 2:
                raise Hdf5Error(f"object header version {version}")
            pos = 6 + (16 if flags & 0x20 else 0) + (4 if flags & 0x10 else 0)
            width = 1 << (flags & 0x03)
            prefix = self.at(address, pos + width)
            chunk = self.uint(prefix, pos, width)
            start = address + pos + width
            blocks = [(start, chunk)]
            creation_order = bool(flags & 0x04)
            v2 = True
        elif first[0] == 1:
            count = self.uint(first, 2, 2)
            chunk = self.uint(first, 8, 4)
            blocks = [(address + 16, chunk)]
            creation_order = False
            v2 = False
            del count
        else:
            raise Hdf5Error(f"unknown object header at {address}")
        index = 0
        while index < len(blocks):
            start, length = blocks[index]
            index += 1
            self.header_blocks += 1
            if self.header_blocks > self.bounds.max_header_blocks:
                raise Hdf5Error("too many object header blocks")
            data = self.at(start, length)
            if v2 and index > 1:
                # A v2 continuation block is signature + messages + checksum; chunk 0's size excludes both.
                if data[:4] != b"OCHK":
                    raise Hdf5Error("continuation block without its signature")
                data = data[4:-4]
            for mtype, flags, body in self._block_messages(data, v2, creation_order):
                if mtype == _CONTINUATION:
                    blocks.append((self.uint(body, 0, self.o), self.uint(body, self.o, self.ln)))
                else:
                    messages.append((mtype, flags, body))
        return messages

    @staticmethod
    def _block_messages(data: bytes, v2: bool, creation_order: bool) -> list[tuple[int, int, bytes]]:
        out: list[tuple[int, int, bytes]] = []
        pos = 0
        head = (4 + (2 if creation_order else 0)) if v2 else 8
        while pos + head <= len(data):
            if v2:
                mtype, size, flags = data[pos], int.from_bytes(data[pos + 1:pos + 3], "little"), data[pos + 3]
            else:
                mtype = int.from_bytes(data[pos:pos + 2], "little")
                size = int.from_bytes(data[pos + 2:pos + 4], "little")
                flags = data[pos + 4]
            body_start = pos + head
            if body_start + size > len(data):
                raise Hdf5Error("object header message runs past its block")
            out.append((mtype, flags, data[body_start:body_start + size]))
            pos = body_start + size
            if not v2:
                pos = (pos + 7) & ~7
        return out

    # -- groups -----------------------------------------------------------------------------------

    def _link(self, body: bytes, path: str) -> list[tuple[int, str]]:
        if body[0] != 1:
            raise Hdf5Error(f"link message version {body[0]}")
        flags = body[1]
        pos = 2
        link_type = 0
        if flags & 0x08:
            link_type = body[pos]
            pos += 1
        if flags & 0x04:
            pos += 8
        if flags & 0x10:
            pos += 1
        width = 1 << (flags & 0x03)
        name_length = self.uint(body, pos, width)
        pos += width
        name = body[pos:pos + name_length].decode("utf-8", "replace")
        pos += name_length
        child = _join(path, name)
        if link_type == 0:
            return [(self.uint(body, pos, self.o), child)]
        length = self.uint(body, pos, 2)
        value = body[pos + 2:pos + 2 + length]
        if link_type == 1:
            self.out.soft_links.append((child, value.split(b"\0", 1)[0].decode("utf-8", "replace")))
        elif link_type == 64:
            parts = value[1:].split(b"\0")
            target_file = parts[0].decode("utf-8", "replace")
            target_object = parts[1].decode("utf-8", "replace") if len(parts) > 1 else ""
            self.out.external_links.append((child, target_file, target_object))
        else:
            self.out.other_links.append((child, link_type))
        return []

    def _symbol_table(self, btree: int, heap: int, path: str) -> list[tuple[int, str]]:
        names = self._local_heap(heap)
        children: list[tuple[int, str]] = []
        nodes = [btree]
        seen: set[int] = set()
        entry_size = 2 * self.o + 24
        while nodes:
            node = nodes.pop()
            if node == UNDEFINED or node in seen:
                continue
            seen.add(node)
            head = self.at(node, 8 + 2 * self.o)
            if head[:4] == b"SNOD":
                count = self.uint(head, 6, 2)
                self.symbols += count
                if self.symbols > self.bounds.max_symbols:
                    raise Hdf5Error("too many symbol-table entries")
                data = self.at(node + 8, count * entry_size)
                for i in range(count):
                    entry = data[i * entry_size:(i + 1) * entry_size]
                    name = _c_string(names, self.uint(entry, 0, self.o))
                    child = _join(path, name)
                    cache_type = self.uint(entry, 2 * self.o, 4)
                    if cache_type == 2:
                        target = _c_string(names, self.uint(entry, 2 * self.o + 8, 4))
                        self.out.soft_links.append((child, target))
                    else:
                        children.append((self.uint(entry, self.o, self.o), child))
                continue
            if head[:4] != b"TREE" or head[4] != 0:
                raise Hdf5Error(f"group {path!r}: bad symbol-table B-tree node")
            used = self.uint(head, 6, 2)
            # keys (lengths) and children (offsets) alternate: key0 child0 key1 ... keyN
            body = self.at(node + 8 + 2 * self.o, used * (self.ln + self.o) + self.ln)
            for i in range(used):
                nodes.append(self.uint(body, self.ln + i * (self.ln + self.o), self.o))
        return children

    def _local_heap(self, address: int) -> bytes:
        head = self.at(address, 8 + 2 * self.ln + self.o)
        if head[:4] != b"HEAP":
            raise Hdf5Error("local heap without its signature")
        size = self.uint(head, 8, self.ln)
        data_address = self.uint(head, 8 + 2 * self.ln, self.o)
        if size > self.bounds.max_value_bytes:
            raise Hdf5Error("local heap larger than the bound")
        return self.at(data_address, size)

    # -- datasets ---------------------------------------------------------------------------------

    def _external_files(self, body: bytes) -> list[str]:
        used = self.uint(body, 6, 2)
        heap = self._local_heap(self.uint(body, 8, self.o))
        pos = 8 + self.o
        names = []
        for _ in range(min(used, 10_000)):
            names.append(_c_string(heap, self.uint(body, pos, self.ln)))
            pos += 3 * self.ln
        return names

    def _virtual_sources(self, body: bytes) -> list[str]:
        """Source file names of a virtual dataset ("." is the file itself); the first entry is enough to
        name what is read, later ones need the selection encoding and are not decoded."""
        try:
            heap_address = self.uint(body, 2, self.o)
            index = self.uint(body, 2 + self.o, 4)
            blob = self._global_heap_object(heap_address, index)
        except Hdf5Error:
            return []
        if len(blob) < 1 + self.ln:
            return []
        first = blob[1 + self.ln:].split(b"\0", 1)[0]
        entries = self.uint(blob, 1, self.ln)
        # "" stands for the entries after the first, whose names were not decoded
        return [first.decode("utf-8", "replace")] + ([""] if entries != 1 else [])

    # -- attributes -------------------------------------------------------------------------------

    def _attribute(self, body: bytes, path: str) -> None:
        version = body[0]
        name_size = self.uint(body, 2, 2)
        type_size = self.uint(body, 4, 2)
        space_size = self.uint(body, 6, 2)
        pos = 8
        if version == 1:
            def pad(n: int) -> int:
                return (n + 7) & ~7
        elif version in (2, 3):
            def pad(n: int) -> int:
                return n
            if version == 3:
                pos += 1  # name character set
        else:
            raise Hdf5Error(f"attribute version {version}")
        name = body[pos:pos + name_size].split(b"\0", 1)[0].decode("utf-8", "replace")
        pos += pad(name_size)
        datatype = body[pos:pos + type_size]
        pos += pad(type_size)
        dataspace = body[pos:pos + space_size]
        pos += pad(space_size)
        data = body[pos:]
        shared_type = version >= 2 and bool(body[1] & 0x01)
        count = self._elements(dataspace)
        strings: list[bytes] = []
        raw = b""
        type_class = datatype[0] & 0x0F if datatype else -1
        element = self.uint(datatype, 4, 4) if len(datatype) >= 8 else 0
        if shared_type:
            raw = data[: 1 << 20]  # a committed datatype: the value is kept as raw bytes
        elif type_class == _STRING_CLASS and element:
            for i in range(min(count, len(data) // element)):
                strings.append(data[i * element:(i + 1) * element].split(b"\0", 1)[0])
        elif type_class == _VLEN_CLASS and datatype[1] & 0x0F == 1:
            width = 4 + self.o + 4
            for i in range(min(count, len(data) // width)):
                ref = data[i * width:(i + 1) * width]
                length = self.uint(ref, 0, 4)
                if length == 0:
                    strings.append(b"")
                    continue
                value = self._global_heap_object(self.uint(ref, 4, self.o), self.uint(ref, 4 + self.o, 4))
                strings.append(value[:length])
        else:
            raw = data[: 1 << 20]
        self.value_bytes += sum(map(len, strings))
        if self.value_bytes > self.bounds.max_total_value_bytes:
            raise Hdf5Error("attribute values larger than the bound")
        self.out.attributes.append(Attribute(path, name, strings, raw))

    def _elements(self, dataspace: bytes) -> int:
        if len(dataspace) < 4:
            return 1
        version, rank, flags = dataspace[0], dataspace[1], dataspace[2]
        if version == 2 and dataspace[3] == 2:
            return 0  # null dataspace
        pos = 8 if version == 1 else 4
        count = 1
        for i in range(rank):
            count *= max(0, self.uint(dataspace, pos + i * self.ln, self.ln))
            if count > 10_000_000:
                raise Hdf5Error("attribute with too many elements")
        del flags
        return count

    def _global_heap_object(self, collection: int, index: int) -> bytes:
        objects = self.global_heaps.get(collection)
        if objects is None:
            objects = self._global_heap(collection)
            self.global_heaps[collection] = objects
        if index not in objects:
            raise Hdf5Error(f"global heap object {index} missing")
        return objects[index]

    def _global_heap(self, address: int) -> dict[int, bytes]:
        head = self.at(address, 8 + self.ln)
        if head[:4] != b"GCOL":
            raise Hdf5Error("global heap collection without its signature")
        size = self.uint(head, 8, self.ln)
        if size > self.bounds.max_value_bytes:
            raise Hdf5Error("global heap collection larger than the bound")
        data = self.at(address, size)
        objects: dict[int, bytes] = {}
        pos = 8 + self.ln
        while pos + 8 + self.ln <= len(data):
            index = self.uint(data, pos, 2)
            length = self.uint(data, pos + 8, self.ln)
            if index == 0:
                break  # free space: the rest of the collection
            start = pos + 8 + self.ln
            objects[index] = data[start:start + length]
            pos = start + ((length + 7) & ~7)
        return objects


def _join(path: str, name: str) -> str:
    return f"{path.rstrip('/')}/{name}"


def _c_string(heap: bytes, offset: int) -> str:
    if offset < 0 or offset >= len(heap):
        raise Hdf5Error("name offset outside its heap")
    return heap[offset:].split(b"\0", 1)[0].decode("utf-8", "replace")
