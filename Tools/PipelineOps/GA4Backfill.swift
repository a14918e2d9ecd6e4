import AWS
import Foundation

/// Starts a GA4 backfill in GA4Ingest and follows it to the end. A backfill that meets the invocation
/// deadline or GA4's quota stops cleanly with a cursor; invoking the same request again resumes it, so this
/// invokes until the function answers `complete` (or the attempts run out). Partitions are replaced, never
/// appended, so running the same backfill twice leaves the same data.
struct GA4Backfill: Sendable {
    let invoker: FunctionInvoker
    let log: OperationLog

    struct Request: Encodable, Sendable {
        var properties: [String]
        var startDate: String
        var endDate: String
        var reports: [String]?
    }

    /// What GA4Ingest answers (the members this command reads).
    struct Result: Decodable, Sendable {
        var status: String
        var plannedRequests: Int?
        var completedRequests: Int?
        var partitionsWritten: Int?
        var rowsWritten: Int?
        var stopReason: String?
        var cursor: String?
    }

    /// Checks the request before anything is invoked: property ids are digits, dates are `YYYY-MM-DD` in order,
    /// report names are identifiers.
    static func request(properties: [String], from: String, to: String, reports: [String]) throws -> Request {
        guard !properties.isEmpty else { throw OperationError("name at least one --property") }
        for property in properties where property.isEmpty || property.count > 20 || !property.allSatisfy(\.isASCII) || !property.allSatisfy(\.isNumber) {
            throw OperationError("--property \"\(property)\" is not a numeric GA4 property id")
        }
        _ = try FailedRecordResubmission.days(from: from, to: to)
        for report in reports where report.isEmpty || !report.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) {
            throw OperationError("--report \"\(report)\" is not a report name (letters, digits and _)")
        }
        return Request(properties: properties, startDate: from, endDate: to, reports: reports.isEmpty ? nil : reports)
    }

    func run(_ request: Request, maximumInvocations: Int, dryRun: Bool) async throws -> Result? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let event = try encoder.encode(request)
        if dryRun {
            log.say("dry run: would invoke \(invoker.function) with \(String(decoding: event, as: UTF8.self))")
            return nil
        }
        for attempt in 1...max(1, maximumInvocations) {
            let outcome = try await invoker.invoke(event)
            guard outcome.succeeded else {
                throw OperationError("\(invoker.function) failed: \(outcome.problem ?? "")")
            }
            let result: Result
            do {
                result = try JSONDecoder().decode(Result.self, from: outcome.payload)
            } catch {
                throw OperationError("\(invoker.function) answered something that is not a GA4Ingest result: \(FunctionInvoker.errorSummary(outcome.payload))")
            }
            log.say(
                "invocation \(attempt): \(result.status), \(result.completedRequests ?? 0) of \(result.plannedRequests ?? 0) requests, "
                    + "\(result.partitionsWritten ?? 0) partitions and \(result.rowsWritten ?? 0) rows written"
                    + (result.stopReason.map { "; stopped: \($0)" } ?? ""))
            if result.status != "stopped" { return result }
        }
        throw OperationError("the backfill is not complete after \(maximumInvocations) invocations; run the same command again to resume")
    }
}
