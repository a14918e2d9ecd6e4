/// Undoes `%XX` escapes (URL components, SigV4 keys, gRPC's `grpc-message`): each `%` followed by two hex
/// digits becomes that byte; anything else, `+` and an invalid escape included, is kept as it is. Bytes that
/// do not form UTF-8 are replaced.
public enum PercentDecoding {
    public static func decode(_ value: some StringProtocol) -> String {
        let bytes = Array(value.utf8)
        guard bytes.contains(UInt8(ascii: "%")) else { return String(value) }
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = HexDigit.value(bytes[index + 1]), let low = HexDigit.value(bytes[index + 2])
            {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
