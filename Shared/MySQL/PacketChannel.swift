/// MySQL packet framing over a socket: a 3-byte little-endian length and a sequence id before each payload.
/// Payloads of 16 MiB - 1 bytes or more are split into 0xFFFFFF-byte packets (plus an empty one when the size is
/// an exact multiple) and joined again on receipt.
final class PacketChannel {
    static let maxPacketPayload = PacketFraming.maxPayload

    private let socket: MySQLSocket
    /// The next sequence id; reset to 0 at the start of each command.
    var sequence: UInt8 = 0
    /// Received bytes not yet framed are `buffer[start..<end]`; the rest of `buffer` is room for the next read.
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    private var start = 0
    private var end = 0

    init(socket: MySQLSocket) { self.socket = socket }

    func resetSequence() { sequence = 0 }

    /// Sends one logical payload as one or more packets.
    func send(_ payload: [UInt8]) throws(MySQLError) {
        var framed: [UInt8] = []
        framed.reserveCapacity(payload.count + 4 * (payload.count / Self.maxPacketPayload + 1))
        var offset = 0
        while true {
            let length = min(Self.maxPacketPayload, payload.count - offset)
            framed.appendLittleEndian(UInt32(length), width: 3)
            framed.append(sequence)
            sequence &+= 1
            framed.append(contentsOf: payload[offset..<offset + length])
            offset += length
            if length < Self.maxPacketPayload { break }
        }
        let written = framed.withUnsafeBytes { raw in Result { () throws(MySQLError) in try socket.write(raw) } }
        try written.get()
    }

    /// Sends `contents` as the packets of a LOCAL INFILE reply: chunks of at most `chunkBytes` (always below the
    /// 16 MiB - 1 of a continued packet, so each chunk is plain data to the server), then the empty packet that
    /// ends the file. One socket write.
    func sendFileContents(_ contents: [UInt8], chunkBytes: Int = 1 << 20) throws(MySQLError) {
        let chunk = max(1, min(chunkBytes, Self.maxPacketPayload - 1))
        var framed: [UInt8] = []
        framed.reserveCapacity(contents.count + 4 * (contents.count / chunk + 2))
        var offset = 0
        while true {
            let length = min(chunk, contents.count - offset)
            framed.appendLittleEndian(UInt32(length), width: 3)
            framed.append(sequence)
            sequence &+= 1
            framed.append(contentsOf: contents[offset..<offset + length])
            offset += length
            if length == 0 { break }
        }
        let written = framed.withUnsafeBytes { raw in Result { () throws(MySQLError) in try socket.write(raw) } }
        try written.get()
    }

    /// Receives one logical payload, joining continuation packets. Checks that sequence ids follow on.
    func receive() throws(MySQLError) -> [UInt8] {
        var payload: [UInt8] = []
        while true {
            try fill(4)
            let length = Int(buffer[start]) | Int(buffer[start + 1]) << 8 | Int(buffer[start + 2]) << 16
            let id = buffer[start + 3]
            guard id == sequence else {
                throw .malformedPacket("packet sequence id \(id), expected \(sequence)")
            }
            sequence &+= 1
            try fill(4 + length)
            if payload.isEmpty && length < Self.maxPacketPayload {
                payload = Array(buffer[start + 4..<start + 4 + length])
            } else {
                payload.append(contentsOf: buffer[start + 4..<start + 4 + length])
            }
            start += 4 + length
            if length < Self.maxPacketPayload { return payload }
        }
    }

    /// Makes at least `count` unread bytes available, reading as much as the buffer has room for each time.
    private func fill(_ count: Int) throws(MySQLError) {
        if end - start >= count { return }
        if start > 0 {
            buffer.replaceSubrange(0..<(end - start), with: buffer[start..<end])
            end -= start
            start = 0
        }
        if buffer.count < count { buffer.append(contentsOf: repeatElement(0, count: count - buffer.count)) }
        while end < count {
            let from = end
            let got = buffer.withUnsafeMutableBytes { raw in
                Result { () throws(MySQLError) in try socket.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[from...])) }
            }
            end += try got.get()
        }
    }

    /// Bytes read past the last framed packet: there must be none before a TLS upgrade.
    var hasUnreadBytes: Bool { end > start }
}
