import Testing
@testable import Parquet

/// Inputs `make fuzz-parquet` found crashing the reader, reduced to what triggered them; each must now end in a
/// `ParquetError`.
@Suite struct ReaderFuzzFindingsTests {
    /// Found 2026-12-06: a group whose first child's subtree used up the elements its own child count had been
    /// checked against, so the next sibling was read past the end of the schema list.
    @Test func groupChildrenRunPastTheSchemaList() {
        func group(_ name: String, children: Int64) -> ThriftValue {
            .structure([3: .int(1), 4: .binary(Array(name.utf8)), 5: .int(children)])
        }
        let elements: [ThriftValue] = [
            .structure([4: .binary(Array("schema".utf8)), 5: .int(1)]),
            group("a", children: 2),
            group("b", children: 1),
            .structure([1: .int(1), 3: .int(1), 4: .binary(Array("c".utf8))]),
        ]
        #expect(throws: ParquetError.unreadable(.malformedSchema, "group 'a' claims 2 children; the schema ends after 1")) {
            _ = try ParquetFileSchema(elements: elements)
        }
    }
}
