"""Thrift compact protocol decoding for Parquet footers and page headers, keeping where each field's value
sits in the file so a test can patch it (used by the reader matrix's corruption checks)."""
import struct


class Field:
    """A decoded value and the byte range [start, end) of its encoding."""

    def __init__(self, value, start, end):
        self.value, self.start, self.end = value, start, end


class CompactReader:
    def __init__(self, data, position=0):
        self.data, self.position = data, position

    def byte(self):
        value = self.data[self.position]
        self.position += 1
        return value

    def varint(self):
        shift = result = 0
        while True:
            b = self.byte()
            result |= (b & 0x7F) << shift
            if not b & 0x80:
                return result
            shift += 7

    def zigzag(self):
        n = self.varint()
        return (n >> 1) ^ -(n & 1)

    def value(self, kind):
        if kind in (1, 2):
            return kind == 1
        if kind == 3:
            return struct.unpack("b", bytes([self.byte()]))[0]
        if kind in (4, 5, 6):
            return self.zigzag()
        if kind == 7:
            self.position += 8
            return struct.unpack_from("<d", self.data, self.position - 8)[0]
        if kind == 8:
            n = self.varint()
            self.position += n
            return bytes(self.data[self.position - n:self.position])
        if kind in (9, 10):
            header = self.byte()
            count, element = header >> 4, header & 0x0F
            if count == 15:
                count = self.varint()
            items = []
            for _ in range(count):
                start = self.position
                item = self.byte() == 1 if element in (1, 2) else self.value(element)
                items.append(Field(item, start, self.position))
            return items
        if kind == 12:
            return self.read_struct()
        raise ValueError(f"unsupported compact type {kind} at {self.position}")

    def read_struct(self):
        """A dict of field id -> Field."""
        fields, last = {}, 0
        while True:
            header = self.byte()
            if header == 0:
                return fields
            kind, delta = header & 0x0F, header >> 4
            fid = last + delta if delta else self.zigzag()
            last = fid
            start = self.position
            value = self.value(kind)
            fields[fid] = Field(value, start, self.position)


def footer_bounds(data):
    """(start, end) of the FileMetaData in a complete file."""
    if bytes(data[:4]) != b"PAR1" or bytes(data[-4:]) != b"PAR1":
        raise ValueError("missing PAR1 magic")
    length = struct.unpack_from("<I", data, len(data) - 8)[0]
    return len(data) - 8 - length, len(data) - 8


def encode_zigzag_varint(value):
    n = (value << 1) ^ (value >> 63)
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)
