import DelimitedText

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where the files under one key prefix go and how they are written: the target table, the UNLOAD's format
/// options, and whether parts are loaded as they land or once their manifest arrives.
///
/// Read from JSON (`UPSERT_ROUTES` or the bundled `UPSERT_ROUTES_FILE`):
/// ```json
/// {"routes": [{"prefix": "unload/orders/", "table": "orders", "format": "text", "escape": true, "nullAs": "\\N",
///              "columns": ["order_id", "status", "total"], "trigger": "parts"}]}
/// ```
/// The table and column names here are only candidates: the loader checks them against information_schema and
/// quotes the names the server reports, so nothing from this document reaches SQL unchecked.
struct UnloadRoute: Sendable, Equatable {
    enum Trigger: String, Sendable, Equatable, Decodable {
        /// Each part file is loaded when it lands; manifests are ignored.
        case parts
        /// The manifest's entries are loaded when the manifest lands; part events alone are skipped.
        case manifest
    }

    var prefix: String
    var table: String
    var database: String?
    var trigger: Trigger
    var format: UnloadFormat
    /// Column order for files without a header (or to override the header); nil: the header, the Parquet schema or
    /// a `MANIFEST VERBOSE` schema names them.
    var columns: [String]?
}

/// The routes of a deployment, longest prefix first.
struct UnloadRouteTable: Sendable, Equatable {
    let routes: [UnloadRoute]

    /// The route for a key: the longest configured prefix it starts with.
    func route(for key: String) -> UnloadRoute? { routes.first { key.hasPrefix($0.prefix) } }

    /// Parses and checks the JSON document; `source` names it in errors (the variable or the file).
    static func parse(_ json: [UInt8], source: String) throws(RouteConfigurationError) -> UnloadRouteTable {
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: Data(json))
        } catch {
            throw RouteConfigurationError(source: source, route: nil, problem: JSONDocumentProblem.describe(error))
        }
        guard !document.routes.isEmpty else { throw RouteConfigurationError(source: source, route: nil, problem: "no routes") }
        var routes: [UnloadRoute] = []
        for (index, entry) in document.routes.enumerated() {
            do throws(RouteConfigurationError.Problem) {
                routes.append(try entry.route())
            } catch {
                throw RouteConfigurationError(source: source, route: "routes[\(index)] (\(entry.prefix ?? "no prefix"))", problem: error.message)
            }
        }
        let prefixes = routes.map(\.prefix)
        if let duplicate = prefixes.first(where: { prefix in prefixes.filter { $0 == prefix }.count > 1 }) {
            throw RouteConfigurationError(source: source, route: duplicate, problem: "the prefix is configured twice")
        }
        return UnloadRouteTable(routes: routes.sorted { $0.prefix.count > $1.prefix.count })
    }

    /// The JSON shape, every field optional so a missing one gets a message of ours.
    private struct Document: Decodable {
        var routes: [Entry]
    }

    private struct Entry: Decodable {
        var prefix: String?
        var table: String?
        var database: String?
        var trigger: String?
        var format: String?
        var delimiter: String?
        var escape: Bool?
        var addQuotes: Bool?
        var nullAs: String?
        var header: Bool?
        var columns: [String]?
        var fixedWidth: String?

        func route() throws(RouteConfigurationError.Problem) -> UnloadRoute {
            guard let prefix, !prefix.isEmpty else { throw .init("\"prefix\" is required") }
            guard !prefix.hasPrefix("/"), !prefix.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) else {
                throw .init("\"prefix\" must not start with / or contain . or .. segments")
            }
            guard let table, !table.isEmpty else { throw .init("\"table\" is required") }
            try Self.checkName(table, "table")
            if let database { try Self.checkName(database, "database") }
            let trigger = try Self.trigger(self.trigger)
            if let columns {
                guard !columns.isEmpty else { throw .init("\"columns\" is empty") }
                for column in columns { try Self.checkName(column, "column") }
                let lowered = columns.map { $0.lowercased() }
                if let twice = lowered.first(where: { name in lowered.filter { $0 == name }.count > 1 }) {
                    throw .init("column \"\(twice)\" is listed twice")
                }
            }
            let format = try UnloadFormat(
                name: self.format ?? "text", delimiter: delimiter, escape: escape, addQuotes: addQuotes, nullAs: nullAs, header: header,
                fixedWidth: fixedWidth)
            var columns = self.columns
            if case .fixedWidth(let layout) = format {
                if let columns, columns.count != layout.widths.count {
                    throw .init("\"columns\" names \(columns.count) columns, \"fixedWidth\" \(layout.widths.count)")
                }
                columns = columns ?? layout.names
            }
            // Without names from the file, a parts route cannot know its columns (a manifest route may take them
            // from a MANIFEST VERBOSE schema).
            if columns == nil, trigger == .parts, !format.namesColumns {
                throw .init("the files have no header: set \"columns\" (or \"header\": true, or trigger \"manifest\" with MANIFEST VERBOSE)")
            }
            return UnloadRoute(prefix: prefix, table: table, database: database, trigger: trigger, format: format, columns: columns)
        }

        static func trigger(_ text: String?) throws(RouteConfigurationError.Problem) -> UnloadRoute.Trigger {
            guard let text else { return .parts }
            guard let trigger = UnloadRoute.Trigger(rawValue: text) else { throw .init("\"trigger\" must be parts or manifest, not \"\(text)\"") }
            return trigger
        }

        /// MySQL identifiers are at most 64 characters and cannot hold NUL; the server's own schema decides the rest.
        static func checkName(_ name: String, _ what: String) throws(RouteConfigurationError.Problem) {
            guard !name.isEmpty, name.count <= 64, !name.unicodeScalars.contains(where: { $0.value == 0 }), !(name.unicodeScalars.first?.properties.isWhitespace ?? false), !(name.unicodeScalars.last?.properties.isWhitespace ?? false) else {
                throw .init("\(what) name \"\(name)\" is not a MySQL identifier (1 to 64 characters, no NUL, no surrounding spaces)")
            }
        }
    }
}

/// A route document that cannot be used; stops the function at init.
struct RouteConfigurationError: Error, Equatable, CustomStringConvertible {
    struct Problem: Error, Equatable {
        let message: String
        init(_ message: String) { self.message = message }
    }

    let source: String
    let route: String?
    let problem: String

    var description: String { route.map { "\($0): \(problem)" } ?? problem }
}
