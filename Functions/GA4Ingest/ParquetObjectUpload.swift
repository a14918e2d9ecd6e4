#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import AWS
import Parquet

/// One Parquet object streamed to S3 while it is written: the writer fills a `MultipartSink`, full parts go
/// up as a multipart upload between blocks, and a file that never filled a part is sent with one PutObject.
/// Memory stays at a part plus a row group whatever the file's size. A failed upload is aborted, so no billed
/// parts are left behind.
final class ParquetObjectUpload {
    let bucket: String
    let key: String
    let sink: MultipartSink
    private let s3: S3Client
    private var uploadID: String?
    private var parts: [S3CompletedPart] = []
    private static let options = S3PutOptions(contentType: "application/vnd.apache.parquet")

    init(s3: S3Client, bucket: String, key: String, partSize: Int = 8 << 20) throws {
        self.s3 = s3
        self.bucket = bucket
        self.key = key
        sink = try MultipartSink(partSize: partSize)
    }

    /// Sends the parts the writer has filled since the last call.
    func sendCompletedParts() async throws(AWSError) {
        let ready = sink.takeCompletedParts()
        guard !ready.isEmpty else { return }
        try await send(ready)
    }

    /// Sends the rest once the writer is closed and makes the object visible.
    func finish() async throws(AWSError) {
        let rest = sink.takeRemainingParts()
        guard let uploadID else {
            _ = try await s3.putObject(bucket: bucket, key: key, body: .data(Data(rest.joined())), options: Self.options)
            return
        }
        try await send(rest)
        do {
            _ = try await s3.completeMultipartUpload(bucket: bucket, key: key, uploadID: uploadID, parts: parts)
        } catch {
            await abort()
            throw error
        }
    }

    /// Drops an unfinished multipart upload.
    func abort() async {
        guard let uploadID else { return }
        try? await s3.abortMultipartUpload(bucket: bucket, key: key, uploadID: uploadID)
        self.uploadID = nil
    }

    private func send(_ ready: [[UInt8]]) async throws(AWSError) {
        let id: String
        if let uploadID {
            id = uploadID
        } else {
            id = try await s3.createMultipartUpload(bucket: bucket, key: key, options: Self.options)
            uploadID = id
        }
        do {
            for part in ready {
                parts.append(try await s3.uploadPart(bucket: bucket, key: key, uploadID: id, partNumber: parts.count + 1, body: .data(Data(part))))
            }
        } catch {
            await abort()
            throw error
        }
    }
}
