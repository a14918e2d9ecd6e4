/// A BigQuery table: project, dataset and table id, checked against BigQuery's naming rules so that a
/// name can go into a resource path or URL without escaping surprises.
public struct BigQueryTableReference: Sendable, Hashable, CustomStringConvertible {
    public let projectID: String
    public let datasetID: String
    public let tableID: String

    /// Throws `BigQueryNameError` naming the part that does not follow the rules.
    public init(projectID: String, datasetID: String, tableID: String) throws(BigQueryNameError) {
        // Project ids: 6–30 of [a-z0-9-] (plus legacy "domain.com:" prefixes); datasets: [A-Za-z0-9_], ≤1024;
        // tables: letters, digits, underscores (and a few Unicode classes BigQuery allows; GA4 uses ASCII).
        guard Self.isProjectID(projectID) else { throw BigQueryNameError(part: "project id", value: projectID) }
        guard Self.isIdentifier(datasetID, allowDash: false) else { throw BigQueryNameError(part: "dataset id", value: datasetID) }
        guard Self.isIdentifier(tableID, allowDash: true) else { throw BigQueryNameError(part: "table id", value: tableID) }
        self.projectID = projectID
        self.datasetID = datasetID
        self.tableID = tableID
    }

    /// `projects/{p}/datasets/{d}/tables/{t}`, as the Storage API names tables.
    public var resourceName: String { "projects/\(projectID)/datasets/\(datasetID)/tables/\(tableID)" }

    public var description: String { "\(projectID).\(datasetID).\(tableID)" }

    private static func isProjectID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= 128 else { return false }
        return bytes.allSatisfy { isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ":") }
            && isLowerAlphanumeric(bytes.last!)
    }

    private static func isIdentifier(_ text: String, allowDash: Bool) -> Bool {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= 1024 else { return false }
        return bytes.allSatisfy {
            isLowerAlphanumeric($0) || ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) || $0 == UInt8(ascii: "_")
                || (allowDash && $0 == UInt8(ascii: "-"))
        }
    }

    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }
}

/// A project, dataset or table name that BigQuery would not accept.
public struct BigQueryNameError: Error, Sendable, Equatable, CustomStringConvertible {
    public let part: String
    public let value: String
    public var description: String { "\(part) \"\(value)\" is not a valid BigQuery name" }
}
