import Testing

@testable import YAML

/// The node tree built from libyaml's events: kinds, lines, scalar styles and tags, anchors, and the limits.
struct YAMLDocumentTests {
    @Test func blockMappingsAndSequencesKeepOrderAndLines() throws {
        let root = try #require(try YAMLDocument.parse("""
            apiVersion: v3.1.0
            schema:
              - name: orders
                properties:
                  - name: id
                    required: true
            """))
        let top = try #require(root.mapping)
        #expect(top.entries.map { $0.key.string } == ["apiVersion", "schema"])
        #expect(top["apiVersion"]?.string == "v3.1.0")
        let object = try #require(top["schema"]?.sequence?.first)
        #expect(object.line == 3)
        let property = try #require(object.mapping?["properties"]?.sequence?.first?.mapping)
        #expect(property["required"]?.bool == true)
        #expect(property["required"]?.line == 6)
    }

    @Test func flowStylesAndScalarStyles() throws {
        let root = try #require(try YAMLDocument.parse("a: [1, \"2\", '3']\nb: |\n  x\n  y\nc: >\n  p\n  q\n"))
        let top = try #require(root.mapping)
        let items = try #require(top["a"]?.sequence)
        #expect(items.map(\.int) == [1, nil, nil])
        #expect(items.map { $0.scalar?.style } == [.plain, .doubleQuoted, .singleQuoted])
        #expect(top["b"]?.scalar == YAMLNode.Scalar("x\ny\n", style: .literal))
        #expect(top["c"]?.scalar?.style == .folded)
    }

    @Test func explicitTagsDecideTheType() throws {
        let root = try #require(try YAMLDocument.parse("a: !!str true\nb: !!int '12'\nc: !!null ''\nd: !custom x\n"))
        let top = try #require(root.mapping)
        #expect(top["a"]?.bool == nil)
        #expect(top["a"]?.string == "true")
        #expect(top["b"]?.int == 12)
        #expect(top["c"]?.isNull == true)
        #expect(top["d"]?.scalar?.tag == .other("!custom"))
    }

    @Test func anAliasIsTheNodeItsAnchorNames() throws {
        let root = try #require(try YAMLDocument.parse("base: &b {x: 1}\none: *b\ntwo: *b\n"))
        let top = try #require(root.mapping)
        #expect(top["one"] === top["base"])
        #expect(top["two"]?.mapping?["x"]?.int == 1)
    }

    @Test func anEmptyStreamHasNoRoot() throws {
        #expect(try YAMLDocument.parse("") == nil)
        #expect(try YAMLDocument.parse("# only a comment\n") == nil)
    }

    @Test(arguments: [
        ("a: [1, 2\n", 2), ("a: b\n- c\n", 2), ("a: *missing\n", 1), ("---\na: 1\n---\nb: 2\n", 3), ("a: 'x\n", 2),
        ("\t- x\n", 1),
    ])
    func brokenDocumentsNameTheLine(_ broken: (String, Int)) {
        #expect {
            _ = try YAMLDocument.parse(broken.0)
        } throws: { error in
            guard let error = error as? YAMLError else { return false }
            return error.line == broken.1 && !error.message.isEmpty
        }
    }

    @Test func nestingDeeperThanTheLimitIsRefused() {
        let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        #expect(throws: YAMLError.self) { _ = try YAMLDocument.parse(deep) }
        var limits = YAMLDocument.Limits()
        limits.maxDepth = 400
        #expect((try? YAMLDocument.parse(deep, limits: limits)) != nil)
    }

    /// Nested aliases (the "billion laughs") stay shared nodes, and their number is bounded.
    @Test func aliasBombsStaySmallOrAreRefused() throws {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1..<10 {
            text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        let root = try #require(try YAMLDocument.parse(text))
        #expect(root.mapping?["a9"]?.sequence?.first === root.mapping?["a8"])
        var limits = YAMLDocument.Limits()
        limits.maxAliases = 50
        #expect(throws: YAMLError.self) { _ = try YAMLDocument.parse(text, limits: limits) }
    }

    @Test func invalidUTF8IsRefused() {
        let text = String(decoding: [0x61, 0x3A, 0x20, 0xFF, 0xFE], as: UTF8.self)
        // Swift already replaced the bytes with U+FFFD; what reaches libyaml is valid UTF-8 text.
        #expect((try? YAMLDocument.parse(text))?.mapping?["a"]?.string == "\u{FFFD}\u{FFFD}")
    }
}
