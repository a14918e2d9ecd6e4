import JSONText

/// The Avro schema (JSON text) of a BigQuery table's rows, in the shape the Storage Read API sends, so rows
/// read through REST and converted (`AvroRowEncoder`) go to the same decoder as Storage Read rows.
///
/// Type mapping, after BigQuery's documented Avro mapping for exports and the Storage Read API
/// ("Avro export details", cloud.google.com/bigquery/docs/exporting-data): NULLABLE → `["null", T]`,
/// REQUIRED → `T`, REPEATED → `{"type":"array","items":T}` (BigQuery has no NULL arrays), RECORD → `record`,
/// INT64 → `long`, FLOAT64 → `double`, BOOL → `boolean`, STRING → `string`, BYTES → `bytes`,
/// NUMERIC → `bytes` decimal(38, 9), BIGNUMERIC → `bytes` decimal(77, 38), DATE → `int` date,
/// TIME → `long` time-micros, TIMESTAMP → `long` timestamp-micros, DATETIME → `string` with logicalType
/// `datetime`, GEOGRAPHY and JSON → `string` with `sqlType`. Record names are made unique by their path:
/// GA4's schema has several records named `value`, and Avro forbids two definitions of one name.
public enum AvroSchemaJSON {
    public static func make(_ schema: BigQueryTableSchema, name: String = "Root") throws(BigQuerySchemaError) -> String {
        var out = ""
        var used: Set<String> = [name]
        try appendRecord(schema.fields, name: name, path: "", used: &used, to: &out)
        return out
    }

    private static func appendRecord(
        _ fields: [BigQueryField], name: String, path: String, used: inout Set<String>, to out: inout String
    ) throws(BigQuerySchemaError) {
        out += "{\"type\":\"record\",\"name\":"
        JSONString.append(name, to: &out)
        out += ",\"fields\":["
        for (index, field) in fields.enumerated() {
            if index > 0 { out += "," }
            let fieldPath = path.isEmpty ? field.name : "\(path).\(field.name)"
            out += "{\"name\":"
            JSONString.append(field.name, to: &out)
            out += ",\"type\":"
            var single = ""
            try appendSingle(field, path: fieldPath, used: &used, to: &single)
            if field.isRepeated {
                out += "{\"type\":\"array\",\"items\":\(single)}"
            } else if field.isRequired {
                out += single
            } else {
                out += "[\"null\",\(single)],\"default\":null"
            }
            out += "}"
        }
        out += "]}"
    }

    private static func appendSingle(_ field: BigQueryField, path: String, used: inout Set<String>, to out: inout String) throws(BigQuerySchemaError) {
        switch field.type.uppercased() {
        case "RECORD", "STRUCT":
            guard let children = field.fields, !children.isEmpty else {
                throw BigQuerySchemaError(field: path, reason: "is a RECORD without fields")
            }
            var name = avroName(path)
            var suffix = 2
            while used.contains(name) {
                name = avroName(path) + "_\(suffix)"
                suffix += 1
            }
            used.insert(name)
            try appendRecord(children, name: name, path: path, used: &used, to: &out)
        case "STRING": out += "\"string\""
        case "INTEGER", "INT64": out += "\"long\""
        case "FLOAT", "FLOAT64": out += "\"double\""
        case "BOOLEAN", "BOOL": out += "\"boolean\""
        case "BYTES": out += "\"bytes\""
        case "NUMERIC": out += "{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":38,\"scale\":9}"
        case "BIGNUMERIC": out += "{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":77,\"scale\":38}"
        case "DATE": out += "{\"type\":\"int\",\"logicalType\":\"date\"}"
        case "TIME": out += "{\"type\":\"long\",\"logicalType\":\"time-micros\"}"
        case "TIMESTAMP": out += "{\"type\":\"long\",\"logicalType\":\"timestamp-micros\"}"
        case "DATETIME": out += "{\"type\":\"string\",\"logicalType\":\"datetime\"}"
        case "GEOGRAPHY": out += "{\"type\":\"string\",\"sqlType\":\"GEOGRAPHY\"}"
        case "JSON": out += "{\"type\":\"string\",\"sqlType\":\"JSON\"}"
        default: throw BigQuerySchemaError(field: path, reason: "has type \(field.type), which has no Avro mapping here")
        }
    }

    /// An Avro name ([A-Za-z_][A-Za-z0-9_]*) from a field path: `items.item_params.value` →
    /// `items__item_params__value`.
    static func avroName(_ path: String) -> String {
        var name = ""
        for scalar in path.unicodeScalars {
            if scalar == "." {
                name += "__"
            } else if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" {
                name.unicodeScalars.append(scalar)
            } else {
                name += "_"
            }
        }
        if let first = name.unicodeScalars.first, ("0"..."9").contains(first) { name = "_" + name }
        return name
    }
}
