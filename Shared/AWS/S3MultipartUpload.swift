#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One multipart upload: create, parts in parallel (each retried on its own), complete; abort on any failure.
/// File bodies are sent part by part straight from the file, so memory stays flat whatever the size.
struct S3MultipartUpload {
    let s3: S3Client
    let bucket: String
    let key: String
    let body: S3Body
    let size: Int64
    let options: S3PutOptions

    func run() async throws(AWSError) -> S3PutObjectOutput {
        let uploadID = try await s3.createMultipartUpload(bucket: bucket, key: key, options: options)
        do {
            let parts = try await uploadParts(uploadID: uploadID)
            return try await s3.completeMultipartUpload(bucket: bucket, key: key, uploadID: uploadID, parts: parts, ifNoneMatch: options.createOnly)
        } catch {
            // Leave no billed parts behind; the original failure is what the caller needs to see.
            try? await s3.abortMultipartUpload(bucket: bucket, key: key, uploadID: uploadID)
            throw error
        }
    }

    private func partBody(_ number: Int) -> S3Body {
        let offset = Int64(number - 1) * s3.multipart.partSize
        let length = min(s3.multipart.partSize, size - offset)
        switch body {
        case .data(let data):
            let start = data.startIndex + Int(offset)
            return .data(data.subdata(in: start..<(start + Int(length))))
        case .file(let path, let base, _):
            return .file(path: path, offset: base + offset, length: length)
        }
    }

    private func uploadParts(uploadID: String) async throws(AWSError) -> [S3CompletedPart] {
        let partCount = Int((size + s3.multipart.partSize - 1) / s3.multipart.partSize)
        guard partCount <= 10_000 else {
            throw AWSError(
                kind: .invalidRequest, service: "S3", operation: "UploadPart", code: "TooManyParts",
                message: "\(size) bytes in \(s3.multipart.partSize)-byte parts needs \(partCount) parts; S3 allows 10000",
                resource: "s3://\(bucket)/\(key)")
        }
        do {
            return try await withThrowingTaskGroup(of: S3CompletedPart.self) { group in
                var next = 1
                var done: [S3CompletedPart] = []
                func start() {
                    let number = next
                    next += 1
                    let body = partBody(number)
                    group.addTask { [s3, bucket, key] in
                        try await s3.uploadPart(bucket: bucket, key: key, uploadID: uploadID, partNumber: number, body: body)
                    }
                }
                while next <= min(partCount, s3.multipart.concurrency) { start() }
                while let part = try await group.next() {
                    done.append(part)
                    if next <= partCount { start() }
                }
                return done.sorted { $0.partNumber < $1.partNumber }
            }
        } catch let error as AWSError {
            throw error
        } catch {
            throw AWSError(
                kind: .transport, service: "S3", operation: "UploadPart", code: "Cancelled", message: "\(error)",
                resource: "s3://\(bucket)/\(key)")
        }
    }
}
