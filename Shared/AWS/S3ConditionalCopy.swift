import HTTP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Copies that only copy what the caller checked: the source pinned by its ETag
/// (`x-amz-copy-source-if-match`), the destination optionally create-only (`If-None-Match: *`). Failed
/// conditions are `AWSError`s with status 412. S3 applies `If-None-Match: *` to CopyObject's destination as to
/// PutObject ("before creating it or copying it to the destination bucket", S3 User Guide, conditional writes); a
/// race with another write of the key is a 409 `ConditionalRequestConflict`, retried. Objects of `multipartThreshold` bytes or more are copied in
/// parts with UploadPartCopy (CopyObject takes at most 5 GB), each part pinned to the same source ETag.
extension S3Client {
    public struct ConditionalCopy: Sendable {
        public var sourceBucket: String
        public var sourceKey: String
        public var sourceETag: String
        public var sourceSize: Int64
        public var bucket: String
        public var key: String
        /// Content type and user metadata of the copy (the source's, plus whatever the caller records).
        public var options: S3PutOptions
        /// Create-only: fail with 412 when the destination key exists.
        public var createOnly: Bool

        public init(sourceBucket: String, sourceKey: String, sourceETag: String, sourceSize: Int64, bucket: String, key: String,
                    options: S3PutOptions, createOnly: Bool) {
            self.sourceBucket = sourceBucket
            self.sourceKey = sourceKey
            self.sourceETag = sourceETag
            self.sourceSize = sourceSize
            self.bucket = bucket
            self.key = key
            self.options = options
            self.createOnly = createOnly
        }
    }

    /// Runs the copy in one CopyObject below `multipartThreshold`, else as a multipart upload of
    /// `partSize` ranges (aborted on failure). Returns the copy's ETag and the number of parts (0 = single copy).
    public func copy(_ copy: ConditionalCopy, multipartThreshold: Int64 = 5_000_000_000, partSize: Int64 = 512 << 20)
        async throws(AWSError) -> (eTag: String, parts: Int)
    {
        if copy.sourceSize < multipartThreshold {
            return (try await copyObjectPinned(copy), 0)
        }
        let uploadID = try await createMultipartUpload(bucket: copy.bucket, key: copy.key, options: copy.options)
        do {
            var parts: [S3CompletedPart] = []
            var start: Int64 = 0
            var number = 1
            while start < copy.sourceSize {
                let end = min(start + partSize, copy.sourceSize) - 1
                parts.append(try await uploadPartCopy(copy, uploadID: uploadID, partNumber: number, range: start...end))
                start = end + 1
                number += 1
            }
            let output = try await completeMultipartUpload(
                bucket: copy.bucket, key: copy.key, uploadID: uploadID, parts: parts, ifNoneMatch: copy.createOnly)
            return (output.eTag, parts.count)
        } catch {
            try? await abortMultipartUpload(bucket: copy.bucket, key: copy.key, uploadID: uploadID)
            throw error
        }
    }

    private func copySource(_ copy: ConditionalCopy) -> String {
        "\(copy.sourceBucket)/\(SigV4Encoding.uriEncode(copy.sourceKey, keepingSlash: true))"
    }

    private func copyObjectPinned(_ copy: ConditionalCopy) async throws(AWSError) -> String {
        _ = try self.address(bucket: copy.sourceBucket, key: copy.sourceKey, operation: "CopyObject")
        let address = try address(bucket: copy.bucket, key: copy.key, operation: "CopyObject")
        let source = copySource(copy)
        let response = try await client.send(embeddedError: Self.embeddedXMLError) { _ in
            var call = address.call("CopyObject", method: "PUT")
            call.resource = "s3://\(copy.sourceBucket)/\(copy.sourceKey) to \(address.resource)"
            call.headers = putHeaders(copy.options)
            call.headers.set("x-amz-metadata-directive", "REPLACE")
            call.headers.set("x-amz-copy-source", source)
            call.headers.set("x-amz-copy-source-if-match", copy.sourceETag)
            if copy.createOnly { call.headers.set("If-None-Match", "*") }
            call.timeout = .seconds(900)
            return call
        }
        guard let root = try? XMLElement.parse(response.body), let eTag = root.text(of: "ETag") else {
            throw client.invalidResponse("CopyObject", resource: address.resource, "no ETag in \(AWSErrorDecoder.excerpt(response.body))")
        }
        return eTag
    }

    /// Copies one byte range of the source into part `partNumber` of an upload.
    public func uploadPartCopy(_ copy: ConditionalCopy, uploadID: String, partNumber: Int, range: ClosedRange<Int64>)
        async throws(AWSError) -> S3CompletedPart
    {
        let address = try address(bucket: copy.bucket, key: copy.key, operation: "UploadPartCopy")
        let query = SigV4Encoding.queryString([("partNumber", String(partNumber)), ("uploadId", uploadID)])
        let source = copySource(copy)
        let response = try await client.send(embeddedError: Self.embeddedXMLError) { _ in
            var call = address.call("UploadPartCopy", method: "PUT")
            call.resource = "\(address.resource) part \(partNumber)"
            call.query = query
            call.headers.set("x-amz-copy-source", source)
            call.headers.set("x-amz-copy-source-range", "bytes=\(range.lowerBound)-\(range.upperBound)")
            call.headers.set("x-amz-copy-source-if-match", copy.sourceETag)
            call.timeout = .seconds(900)
            return call
        }
        guard let root = try? XMLElement.parse(response.body), let eTag = root.text(of: "ETag") else {
            throw client.invalidResponse("UploadPartCopy", resource: address.resource, "no ETag for part \(partNumber)")
        }
        return S3CompletedPart(partNumber: partNumber, eTag: eTag)
    }
}
