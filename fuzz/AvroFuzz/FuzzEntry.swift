// libFuzzer entry for the Avro module, compiled into the Avro module's sources by scripts/bigquery/avro_fuzz.sh
// (`make fuzz-avro`). The first byte picks what the rest is fed to: schema JSON text, rows of the GA4 export's
// session schema (AVRO_FUZZ_SCHEMA, the generator's avro_schema.json), or rows of a schema with every Avro type.
// Any input must end in values or an error; a crash, a sanitizer report or an out-of-memory is a finding.
import Foundation

let everyType = try! AvroSchema(json: """
    {"type": "record", "name": "all", "fields": [
      {"name": "b", "type": "boolean"}, {"name": "i", "type": "int"}, {"name": "l", "type": ["null", "long"]},
      {"name": "f", "type": "float"}, {"name": "d", "type": "double"}, {"name": "by", "type": "bytes"},
      {"name": "s", "type": ["string", "null"]},
      {"name": "e", "type": {"type": "enum", "name": "E", "symbols": ["A", "B", "C"]}},
      {"name": "x", "type": {"type": "fixed", "name": "F", "size": 3}},
      {"name": "a", "type": {"type": "array", "items": {"type": "array", "items": ["null", "E", "string"]}}},
      {"name": "m", "type": {"type": "map", "values": {"type": "record", "name": "V", "fields": [{"name": "n", "type": "null"}]}}},
      {"name": "r", "type": ["null", "all_inner"]}
    ]}
    """.replacingOccurrences(of: "\"all_inner\"", with: "{\"type\": \"record\", \"name\": \"inner\", \"fields\": [{\"name\": \"v\", \"type\": \"F\"}]}"))

let sessionSchema: AvroSchema? = {
    guard let path = ProcessInfo.processInfo.environment["AVRO_FUZZ_SCHEMA"],
          let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    return try? AvroSchema(json: text)
}()

/// Parses the schemas before the first input, so their one-time allocations are not taken for a leak of an input.
@_cdecl("LLVMFuzzerInitialize")
public func avroFuzzInitialize(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> Int32 {
    _ = everyType
    _ = sessionSchema
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func avroFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 0 else { return 0 }
    let body = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
    switch data[0] % 3 {
    case 0:
        _ = try? AvroSchema(json: String(decoding: body, as: UTF8.self))
    default:
        let schema = data[0] % 3 == 1 ? sessionSchema ?? everyType : everyType
        var reader = AvroBinaryReader(body)
        while !reader.isAtEnd {
            let start = reader.position
            do { _ = try AvroValueDecoder.decode(schema, from: &reader, path: "") } catch { break }
            if reader.position == start { break }
        }
        var skipper = AvroBinaryReader(body)
        while !skipper.isAtEnd {
            let start = skipper.position
            do { try AvroValueDecoder.skip(schema, in: &skipper, path: "") } catch { break }
            if skipper.position == start { break }
        }
    }
    return 0
}
