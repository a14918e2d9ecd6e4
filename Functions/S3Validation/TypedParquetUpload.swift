import AWS
import DataContracts
import LambdaEvents
import LambdaRuntime
import Parquet

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The typed Parquet of a text upload's passing rows (`PARQUET_OUTPUT_PREFIX`): assembled in a scratch file while
/// the upload streams, published only when the file is promoted, exactly once per source version.
final class TypedParquetFile {
    let path: String
    let key: String
    let sink: FileOutputSink
    let validation: FileValidation

    init(validation: FileValidation, key: String, directory: String) throws {
        path = directory + "/typed-" + UUID().uuidString + ".parquet"
        self.key = key
        sink = try FileOutputSink(path: path)
        self.validation = validation
        try validation.writeTypedParquet(to: sink)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// What was published, for the report and the summary.
struct TypedParquetResult: Sendable {
    var key: String
    var rows: Int
    var rowsLeftOut: Int
    /// Set when nothing was published, with the reason.
    var skipped: String?
}

extension S3ValidationHandler {
    static let sourceKeyMetadata = "source-key"

    /// Sets up the typed output for a text upload when configured.
    func typedParquetFile(for validation: FileValidation, relativeKey: String) throws -> TypedParquetFile? {
        guard !validation.readsParquet, let key = configuration.parquetOutputKey(relative: relativeKey) else { return nil }
        return try TypedParquetFile(validation: validation, key: key, directory: configuration.scratchDirectory)
    }

    /// Uploads the typed output of a promoted file, create-only under its deterministic key. A 412 from the same
    /// source version (an earlier delivery) is success; the output of an older version of the same source is
    /// replaced; any other object under the key is left alone and the result says so.
    func publish(_ file: TypedParquetFile, source: S3ObjectReference, eTag: String, context: LambdaContext) async throws -> TypedParquetResult {
        guard let output = file.validation.typedOutput else {
            return TypedParquetResult(key: file.key, rows: 0, rowsLeftOut: 0, skipped: "the typed output was not set up")
        }
        var result = TypedParquetResult(key: file.key, rows: output.rowsWritten, rowsLeftOut: output.rowsLeftOut)
        if let error = file.validation.typedOutputError {
            result.skipped = "the typed output could not be written: \(error)"
            return result
        }
        try output.close()
        try file.sink.close()
        result.skipped = try await putCreateOnly(file, source: source, eTag: eTag, context: context)
        return result
    }

    /// The upload itself; a reason when another object holds the key.
    private func putCreateOnly(_ file: TypedParquetFile, source: S3ObjectReference, eTag: String, context: LambdaContext) async throws(AWSError) -> String? {
        var options = S3PutOptions(contentType: "application/vnd.apache.parquet", metadata: [
            Self.sourceETagMetadata: Self.bare(eTag), Self.sourceKeyMetadata: source.key,
        ])
        options.createOnly = true
        do {
            _ = try await s3.upload(bucket: configuration.processedBucket, key: file.key, body: .file(path: file.path), options: options)
        } catch {
            guard error.status == 412 else { throw error }
            let existing = try await s3.headObject(bucket: configuration.processedBucket, key: file.key)
            if existing.metadata[Self.sourceETagMetadata].map(Self.bare) == Self.bare(eTag) { return nil }
            guard existing.metadata[Self.sourceKeyMetadata] == source.key else {
                context.logger.warn("typed output not written: the key holds another object", ["key": .string(file.key)])
                return "another object already exists under \(file.key)"
            }
            options.createOnly = false
            _ = try await s3.upload(bucket: configuration.processedBucket, key: file.key, body: .file(path: file.path), options: options)
        }
        return nil
    }
}
