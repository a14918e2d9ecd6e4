// libFuzzer target for the identifier normalizers (`make fuzz-identifier-hashing`). Built with swiftc from the
// normalization sources of Shared/IdentifierHashing (no hashing, so no swift-crypto). The first input byte picks
// the rule set, the kind and the default phone region; the rest is the value's bytes, also tried as decoded UTF-8.
// Every accepted value must fit the output buffer and normalize to itself again (each rule is idempotent);
// a crash, a trap or a broken invariant is a finding: turn it into a test in Tests/IdentifierHashingTests.

let normalizers: [IdentifierNormalizer] = NormalizationRuleSet.allCases.flatMap { ruleSet in
    PhoneNumberingPlan.supported.compactMap { try? IdentifierNormalizer(ruleSet: ruleSet, phoneRegion: $0.region) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIdentifierNormalizer(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let selector = Int(data[0])
    let normalizer = normalizers[selector % normalizers.count]
    let kind = IdentifierKind.allCases[(selector / normalizers.count) % IdentifierKind.allCases.count]
    let value = UnsafeBufferPointer(start: data + 1, count: size - 1)
    check(value, kind, normalizer)
    let text = String(decoding: value, as: UTF8.self)
    var bytes = Array(text.utf8)
    bytes.withUnsafeMutableBufferPointer { check(UnsafeBufferPointer($0), kind, normalizer) }
    return 0
}

func check(_ value: UnsafeBufferPointer<UInt8>, _ kind: IdentifierKind, _ normalizer: IdentifierNormalizer) {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: IdentifierNormalizer.outputCapacity) { output in
        guard case .written(let count) = normalizer.normalize(value, as: kind, into: output) else { return }
        precondition(count > 0 && count <= IdentifierNormalizer.outputCapacity, "output length out of range")
        let first = Array(output[0..<count])
        first.withUnsafeBufferPointer { again in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: IdentifierNormalizer.outputCapacity) { second in
                guard case .written(let secondCount) = normalizer.normalize(again, as: kind, into: second) else {
                    preconditionFailure("a normalized \(kind) is refused when normalized again")
                }
                precondition(Array(second[0..<secondCount]) == first, "normalizing a normalized \(kind) changes it")
            }
        }
    }
}
