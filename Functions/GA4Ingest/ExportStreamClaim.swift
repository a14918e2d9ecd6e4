#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import AWS
import LambdaRuntime

/// Which invocation reads a stream of a fanned-out day from a given file on. Lambda delivers asynchronous events at
/// least once; two copies of a stream task starting from the same cursor would cut the stream's files at different
/// rows, so before reading, an invocation creates the claim for (stream, next file) with a conditional write
/// (`If-None-Match: *`): the copy that loses answers `superseded`. A claim is taken over when its holder's deadline
/// has passed (it can no longer be running) or it names the same request (Lambda's retry of the event), and an
/// invocation that fails removes its claim so the retry can read on.
struct ExportStreamClaim: StoredDocument, Sendable, Equatable {
    static let documentName = "export stream claim"
    static let recovery = "delete it; the stream's next invocation claims it again"

    var requestID: String
    /// The holder's deadline, milliseconds since the epoch.
    var deadline: Int64
}

extension ExportDayReader {
    /// True when this invocation holds the claim at `key`.
    func claim(_ key: String, context: LambdaContext) async throws -> Bool {
        let mine = ExportStreamClaim(requestID: context.requestID, deadline: context.deadlineMilliseconds)
        var options = S3PutOptions(contentType: "application/json")
        options.createOnly = true
        do {
            _ = try await s3.putObject(bucket: bucket, key: key, body: .data(try mine.json()), options: options)
            return true
        } catch let error as AWSError where error.status == 412 {
            guard let data = try await get(key) else { return try await claim(key, context: context) }
            let held = try ExportStreamClaim.decode(data, source: "s3://\(bucket)/\(key)")
            guard held.requestID == context.requestID || Int64(now().timeIntervalSince1970 * 1000) > held.deadline else { return false }
            try await put(key, try mine.json())
            return true
        } catch let error as AWSError {
            throw GA4IngestError(.storage, "cannot write s3://\(bucket)/\(key): \(error.description)")
        }
    }

    /// Removes a claim (after a failure, so Lambda's retry can read on); a failure to do so is only logged.
    func release(_ key: String, logger: Logger) async {
        do {
            try await s3.deleteObject(bucket: bucket, key: key)
        } catch {
            logger.warn("cannot remove the stream claim; the stream's retry waits for its deadline", ["key": .string(key), "error": .string(error.description)])
        }
    }
}
