#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What to upload: bytes in memory, or a byte range of a file (read as it is sent, never held in memory).
public enum S3Body: Sendable {
    case data(Data)
    /// `length` nil means to the end of the file.
    case file(path: String, offset: Int64 = 0, length: Int64? = nil)
}

/// Options for PutObject, CopyObject and multipart uploads.
public struct S3PutOptions: Sendable {
    /// Always set explicitly: some servers store a form-encoded body as empty.
    public var contentType: String
    /// `x-amz-meta-<name>` values.
    public var metadata: [String: String]
    /// `AES256` or `aws:kms`.
    public var serverSideEncryption: String?
    public var kmsKeyID: String?
    /// Create only (`If-None-Match: *` on PutObject and CompleteMultipartUpload): 412 when the key exists.
    public var createOnly = false

    public init(
        contentType: String = "application/octet-stream", metadata: [String: String] = [:],
        serverSideEncryption: String? = nil, kmsKeyID: String? = nil
    ) {
        self.contentType = contentType
        self.metadata = metadata
        self.serverSideEncryption = serverSideEncryption
        self.kmsKeyID = kmsKeyID
    }
}

public struct S3PutObjectOutput: Sendable, Equatable {
    /// With its quotes, as S3 sends it; multipart ETags end in `-<parts>`.
    public var eTag: String
    public var versionID: String?
    /// Parts used, 0 for a single PutObject.
    public var partCount: Int
}

/// An object's headers, from HeadObject or GetObject.
public struct S3ObjectInfo: Sendable, Equatable {
    public var contentLength: Int64
    public var contentType: String?
    public var eTag: String?
    public var lastModified: Date?
    public var versionID: String?
    /// `bytes 0-9/1234` for range requests.
    public var contentRange: String?
    /// `x-amz-meta-*` values, names lower-cased without the prefix.
    public var metadata: [String: String]
}

public struct S3Object: Sendable {
    public var body: Data
    public var info: S3ObjectInfo
}

public struct S3ObjectSummary: Sendable, Equatable {
    public var key: String
    public var size: Int64
    public var eTag: String?
    public var lastModified: Date?
    public var storageClass: String?
}

/// One page of ListObjectsV2.
public struct S3ListPage: Sendable, Equatable {
    public var objects: [S3ObjectSummary]
    public var commonPrefixes: [String]
    public var isTruncated: Bool
    public var nextContinuationToken: String?
}

public struct S3CompletedPart: Sendable, Equatable {
    public var partNumber: Int
    public var eTag: String

    public init(partNumber: Int, eTag: String) {
        self.partNumber = partNumber
        self.eTag = eTag
    }
}

/// When and how uploads are split into parts.
public struct S3MultipartPolicy: Sendable {
    /// Bodies of at least this many bytes go up in parts.
    public var threshold: Int64
    /// Bytes per part (S3's minimum is 5 MiB, except the last part).
    public var partSize: Int64
    /// Parts in flight at once.
    public var concurrency: Int

    public init(threshold: Int64 = 16 << 20, partSize: Int64 = 8 << 20, concurrency: Int = 4) {
        self.threshold = threshold
        self.partSize = max(partSize, 5 << 20)
        self.concurrency = max(1, concurrency)
    }
}
