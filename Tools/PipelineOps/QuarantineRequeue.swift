import AWS
import Foundation

/// Sends quarantined files back to S3Validation after their contract changed: each `quarantine/<rel>` goes back to
/// `incoming/<rel>`, whose upload event has S3Validation check it again under the new contract.
///
/// Per file, in this order, so that running again after an interruption finishes the job and nothing is lost:
/// 1. the old report `quarantine/<rel>.validation.json` is deleted: S3Validation takes a report naming the same
///    source ETag for a re-delivered event and would not check the file again;
/// 2. the file is copied to `incoming/<rel>`, pinned to the quarantined version and create-only (a newer upload
///    already waiting there is kept, and the file stays in quarantine);
/// 3. the quarantined copy is deleted, pinned to the version that was copied.
struct QuarantineRequeue: Sendable {
    let s3: S3Client
    let log: OperationLog
    static let reportSuffix = ".validation.json"

    struct Summary: Equatable, Sendable {
        var requeued = 0
        var kept = 0
    }

    /// `incoming/<rel>` for `quarantine/<rel>`; nil for a key outside the quarantine prefix or a report.
    static func incomingKey(for key: String, quarantinePrefix: String, incomingPrefix: String) -> String? {
        guard key.hasPrefix(quarantinePrefix), !key.hasSuffix(reportSuffix), !key.hasSuffix("/") else { return nil }
        let relative = key.dropFirst(quarantinePrefix.count)
        return relative.isEmpty ? nil : incomingPrefix + relative
    }

    func run(bucket: String, prefix: String, quarantinePrefix: String, incomingPrefix: String, dryRun: Bool) async throws -> Summary {
        guard prefix.hasPrefix(quarantinePrefix) else {
            throw OperationError("--prefix \(prefix) is not under the quarantine prefix \(quarantinePrefix)")
        }
        var summary = Summary()
        for object in try await s3.listAllObjects(bucket: bucket, prefix: prefix) {
            guard let incoming = Self.incomingKey(for: object.key, quarantinePrefix: quarantinePrefix, incomingPrefix: incomingPrefix),
                let eTag = object.eTag
            else { continue }
            if dryRun {
                log.say("s3://\(bucket)/\(object.key): would go back to \(incoming) for validation")
                summary.requeued += 1
                continue
            }
            try await s3.deleteObject(bucket: bucket, key: object.key + Self.reportSuffix)
            if try await !copyBack(bucket: bucket, key: object.key, eTag: eTag, size: object.size, to: incoming) {
                log.say("s3://\(bucket)/\(object.key): kept in quarantine: a different file is already waiting at \(incoming)")
                summary.kept += 1
                continue
            }
            try await s3.deleteObject(bucket: bucket, key: object.key, ifMatch: eTag)
            log.say("s3://\(bucket)/\(object.key): back at \(incoming); S3Validation checks it again")
            summary.requeued += 1
        }
        log.say("\(dryRun ? "dry run: would requeue" : "requeued") \(summary.requeued) files; \(summary.kept) kept in quarantine")
        return summary
    }

    /// Copies the quarantined version to `incoming`, create-only. True when it is there now (copied, or copied by
    /// an earlier run that stopped before the delete); false when another file is waiting under that key. The key
    /// is looked at first, and the copy is also sent create-only (`If-None-Match: *`) for the moment in between.
    private func copyBack(bucket: String, key: String, eTag: String, size: Int64, to incoming: String) async throws -> Bool {
        if let waiting = try await existingETag(bucket: bucket, key: incoming) {
            return waiting == Self.bare(eTag)
        }
        let result: Result<Void, AWSError>
        do {
            _ = try await s3.copy(.init(
                sourceBucket: bucket, sourceKey: key, sourceETag: eTag, sourceSize: size, bucket: bucket, key: incoming,
                options: S3PutOptions(), createOnly: true))
            result = .success(())
        } catch {
            result = .failure(error)
        }
        guard case .failure(let error) = result else { return true }
        guard error.status == 412 else { throw error }
        return try await existingETag(bucket: bucket, key: incoming) == Self.bare(eTag)
    }

    /// The bare ETag of the object under `key`, nil when there is none.
    private func existingETag(bucket: String, key: String) async throws -> String? {
        let info: S3ObjectInfo
        do {
            info = try await s3.headObject(bucket: bucket, key: key)
        } catch {
            if error.isNotFound { return nil }
            throw error
        }
        return info.eTag.map(Self.bare)
    }

    static func bare(_ eTag: String) -> String {
        eTag.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
    }
}
