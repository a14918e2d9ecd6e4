import Crypto

extension KPLAggregate {
    /// Reads an aggregate after checking that its trailer is the MD5 of its protobuf bytes.
    public init(_ bytes: [UInt8]) throws(Problem) {
        guard Self.hasMagic(bytes), bytes.count >= Self.magic.count + Self.digestLength else {
            try self.init(unverified: bytes)  // names the problem with the framing
            return
        }
        let body = Self.protobufRange(bytes)
        let matches = bytes.withUnsafeBytes { raw in
            Insecure.MD5.hash(data: UnsafeRawBufferPointer(rebasing: raw[body])).elementsEqual(raw[body.upperBound...])
        }
        guard matches else {
            throw Problem(
                reason: "MD5 trailer does not match the protobuf bytes \(body.lowerBound)..<\(body.upperBound)", offset: body.upperBound)
        }
        try self.init(unverified: bytes)
    }
}
