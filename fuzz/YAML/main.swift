// libFuzzer entry point for the YAML module (contracts may come from an S3 object): every input is parsed, and the
// tree it gives is walked with each node once (aliases share nodes), asking every scalar for its bool, int and null
// readings. Any crash, trap, hang or unbounded growth is a defect; thrown YAMLErrors are expected.
// Built by `make fuzz-yaml` from this file plus the YAML sources and libyaml.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let root = try? YAMLDocument.parse(text) else { return 0 }
    var seen = Set<ObjectIdentifier>()
    var pending = [root]
    while let node = pending.popLast() {
        guard seen.insert(ObjectIdentifier(node)).inserted else { continue }
        switch node.content {
        case .scalar: _ = (node.bool, node.int, node.isNull)
        case .sequence(let items): pending.append(contentsOf: items)
        case .mapping(let mapping):
            for entry in mapping { pending.append(entry.key); pending.append(entry.value) }
        }
    }
    // Nodes come from text: each character opens at most a few (`?` alone is a mapping with an empty key and value),
    // so their number grows with the input, never faster.
    if seen.count > 4 * size + 8 { fatalError("\(seen.count) nodes from \(size) bytes") }
    return 0
}
