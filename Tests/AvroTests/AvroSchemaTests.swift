import Avro
import Testing

@Suite("Avro schema")
struct AvroSchemaTests {
    @Test func bigQueryShapeWithNamespacesAndNullableUnions() throws {
        let schema = try AvroSchema(json: """
            {"type": "record", "name": "__root__", "fields": [
              {"name": "event_name", "type": ["null", "string"]},
              {"name": "event_params", "type": ["null", {"type": "array", "items": {"type": "record", "name": "event_params",
                "namespace": "__root__", "fields": [{"name": "key", "type": ["null", "string"]}]}}]},
              {"name": "ts", "type": ["null", {"type": "long", "logicalType": "timestamp-micros"}]},
              {"name": "day", "type": {"type": "int", "logicalType": "date"}},
              {"name": "amount", "type": ["null", {"type": "bytes", "logicalType": "decimal", "precision": 38, "scale": 9}]},
              {"name": "odd", "type": {"type": "string", "logicalType": "date"}}
            ]}
            """)
        guard case .record(let root) = schema else { Issue.record("not a record"); return }
        #expect(root.fullName == "__root__")
        #expect(root.fields.map(\.name) == ["event_name", "event_params", "ts", "day", "amount", "odd"])
        #expect(root.fields[0].type.nullableBranches?.nullIndex == 0)
        #expect(root.fields[0].type.unwrappingNullable == .string(nil))
        guard case .array(let items) = root.fields[1].type.unwrappingNullable, case .record(let params) = items else {
            Issue.record("event_params is not an array of records"); return
        }
        #expect(params.fullName == "__root__.event_params")
        #expect(root.fields[2].type.unwrappingNullable == .long(.timestampMicros))
        #expect(root.fields[3].type == .int(.date))
        #expect(root.fields[4].type.unwrappingNullable == .bytes(.decimal(precision: 38, scale: 9)))
        // A logical type on a base type it does not fit is ignored.
        #expect(root.fields[5].type == .string(nil))
    }

    @Test func namedTypeReferencesResolveToTheirDefinition() throws {
        let schema = try AvroSchema(json: """
            {"type": "record", "name": "Row", "namespace": "ga4", "fields": [
              {"name": "a", "type": {"type": "record", "name": "Value", "fields": [{"name": "x", "type": "long"}]}},
              {"name": "b", "type": ["null", "Value"]},
              {"name": "c", "type": "ga4.Value"},
              {"name": "d", "type": {"type": "enum", "name": "Kind", "symbols": ["A", "B"]}},
              {"name": "e", "type": {"type": "fixed", "name": "Id", "size": 16}},
              {"name": "f", "type": {"type": "map", "values": "Kind"}}
            ]}
            """)
        guard case .record(let root) = schema else { Issue.record("not a record"); return }
        #expect(root.fields[1].type.unwrappingNullable == root.fields[0].type)
        #expect(root.fields[2].type == root.fields[0].type)
        guard case .record(let value) = root.fields[0].type else { Issue.record("a is not a record"); return }
        #expect(value.fullName == "ga4.Value")
        #expect(root.fields[5].type == .map(values: root.fields[3].type))
    }

    @Test(arguments: [
        ("{\"type\": \"record\", \"name\": \"R\", \"fields\": [{\"name\": \"a\", \"type\": \"Nope\"}]}", "a", "unknown type name 'Nope'"),
        ("{\"type\": \"record\", \"name\": \"R\", \"fields\": [{\"name\": \"a\", \"type\": \"R\"}]}", "a", "recursive type R"),
        ("{\"type\": \"record\", \"name\": \"R\", \"fields\": [{\"name\": \"a\", \"type\": \"long\"}, {\"name\": \"a\", \"type\": \"long\"}]}", "a", "appears twice"),
        ("[\"null\", \"null\"]", "", "holds null twice"),
        ("{\"type\": \"array\"}", "", "needs \"items\""),
        ("{\"type\": \"record\", \"name\": \"1bad\", \"fields\": []}", "", "not a valid Avro name"),
        ("{\"type\": \"bytes\", \"logicalType\": \"decimal\", \"precision\": 4, \"scale\": 9}", "", "scale 9"),
        ("{\"type\": ", "", "not JSON"),
    ])
    func badSchemasSayWhatAndWhere(json: String, path: String, reason: String) {
        #expect {
            _ = try AvroSchema(json: json)
        } throws: { error in
            guard let error = error as? AvroSchemaError else { return false }
            return error.path == path && error.reason.contains(reason)
        }
    }

    @Test func hostileNestingIsRefusedNotRecursedInto() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: AvroSchemaError.self) { _ = try AvroSchema(json: deep) }
    }
}
