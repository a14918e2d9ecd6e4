/// Column names for the lake: Data API names in snake_case (`sessionSource` → `session_source`,
/// `customEvent:plan_type` → `custom_event_plan_type`), because Glue and Athena fold column names to lower case.
public enum ColumnNaming {
    public static func columnName(_ apiName: String) -> String {
        var result = ""
        var previousWasLowerOrDigit = false
        for scalar in apiName.unicodeScalars {
            switch scalar {
            case "A"..."Z":
                if previousWasLowerOrDigit { result += "_" }
                result.unicodeScalars.append(Unicode.Scalar(scalar.value + 32)!)
                previousWasLowerOrDigit = false
            case "a"..."z", "0"..."9":
                result.unicodeScalars.append(scalar)
                previousWasLowerOrDigit = true
            default:
                if !result.hasSuffix("_") && !result.isEmpty { result += "_" }
                previousWasLowerOrDigit = false
            }
        }
        while result.hasSuffix("_") { result.removeLast() }
        return result
    }

    static func isColumnName(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 128 && text.utf8.first.map { (97...122).contains($0) } == true
            && text.utf8.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == UInt8(ascii: "_") }
    }
}
