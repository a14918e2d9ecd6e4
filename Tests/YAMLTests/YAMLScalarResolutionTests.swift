import Foundation
import Testing
import TestSupport

@testable import YAML

/// Plain scalars resolve as YAML 1.1 (PyYAML, and so datacontract-cli) resolves them; checked against PyYAML's
/// composed tree on a corpus of documents, node by node: kind, line, text, and bool/int/null where PyYAML sees one.
struct YAMLScalarResolutionTests {
    @Test(arguments: [
        ("true", true), ("True", true), ("TRUE", true), ("yes", true), ("On", true), ("false", false), ("NO", false),
        ("off", false), ("tRue", nil), ("y", nil), ("1", nil), ("", nil),
    ] as [(String, Bool?)])
    func booleans(_ entry: (String, Bool?)) {
        #expect(YAMLScalarResolution.bool(entry.0) == entry.1)
    }

    @Test(arguments: [
        ("0", 0), ("12", 12), ("-12", -12), ("+7", 7), ("1_000", 1000), ("0x1F", 31), ("017", 15), ("0b101", 5),
        ("9223372036854775807", Int.max), ("-9223372036854775808", Int.min), ("9223372036854775808", nil), ("0o17", nil),
        ("1.5", nil), ("1e3", nil), ("x", nil), ("08", nil), ("-", nil), ("_1", nil),
    ] as [(String, Int?)])
    func integers(_ entry: (String, Int?)) {
        #expect(YAMLScalarResolution.int(entry.0) == entry.1)
    }

    static let corpus: [String] = [
        "a: 1\nb: yes\nc: ~\nd: 'yes'\ne: \"12\"\nf: 0x1F\ng: 017\nh: -3\ni: null\nj: NULL\nk:\nl: On\nm: 1.5\nn: text\n",
        "- [a, 'b', \"c\", 1, true, ~]\n- {x: y, 1: 2}\n- - nested\n  - 0b11\n",
        "key: |\n  literal\n  block\nother: >\n  folded\n  text\nlast: +12_000\n",
        "base: &b\n  x: 1\nuse: *b\nlist: [*b, *b]\n",
        "unicode: \"Zoë 東京 \\u00e9\"\nemoji: 🎉\nquoted: 'it''s'\n",
        "? complex key\n: value\n? [a, b]\n: seq key\n",
    ]

    @Test func treesAgreeWithPyYAML() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("yaml-oracle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var documents = Self.corpus
        documents.append(try String(contentsOf: TestEnvironment.packageRoot.appendingPathComponent("contracts/orders.yaml"), encoding: .utf8))
        let paths = try documents.enumerated().map { index, text in
            let url = directory.appendingPathComponent("\(index).yaml")
            try text.write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
        let output = try PythonScript.run("scripts/yaml/compose_oracle.py", paths)
        let oracle = try #require(try JSONSerialization.jsonObject(with: output) as? [Any])
        #expect(oracle.count == documents.count)
        for (index, text) in documents.enumerated() {
            let root = try #require(try YAMLDocument.parse(text), "document \(index)")
            compare(root, oracle[index], at: "document \(index)")
        }
    }

    private func compare(_ node: YAMLNode, _ expected: Any, at path: String) {
        guard let expected = expected as? [String: Any], let kind = expected["t"] as? String else {
            Issue.record("\(path): PyYAML gave \(expected)")
            return
        }
        #expect(node.line == expected["line"] as? Int, "\(path): line")
        switch (kind, node.content) {
        case ("scalar", .scalar(let scalar)):
            #expect(scalar.string == expected["value"] as? String, "\(path): text")
            #expect((scalar.style == .plain) == (expected["plain"] as? Bool), "\(path): style")
            let type = expected["type"] as? String
            #expect((node.bool != nil) == (type == "bool"), "\(path) \(scalar.string): bool")
            #expect((node.int != nil) == (type == "int"), "\(path) \(scalar.string): int")
            #expect(node.isNull == (type == "null"), "\(path) \(scalar.string): null")
        case ("seq", .sequence(let items)):
            let expectedItems = expected["items"] as? [Any] ?? []
            #expect(items.count == expectedItems.count, "\(path): items")
            for (offset, pair) in zip(items, expectedItems).enumerated() { compare(pair.0, pair.1, at: "\(path)[\(offset)]") }
        case ("map", .mapping(let mapping)):
            let entries = expected["entries"] as? [[Any]] ?? []
            #expect(mapping.count == entries.count, "\(path): entries")
            for (offset, pair) in zip(mapping.entries, entries).enumerated() {
                compare(pair.0.key, pair.1[0], at: "\(path).key\(offset)")
                compare(pair.0.value, pair.1[1], at: "\(path).\(pair.0.key.string ?? "?")")
            }
        default:
            Issue.record("\(path): \(kind) in PyYAML, \(node.content) here")
        }
    }
}
