import HTTP
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Amazon S3 (REST-XML): the object operations the pipeline uses.
public struct S3Client: Sendable {
    public let client: AWSClient
    public var multipart: S3MultipartPolicy

    public init(configuration: AWSConfiguration, http: HTTPClient, multipart: S3MultipartPolicy = S3MultipartPolicy()) {
        client = AWSClient(service: .s3, configuration: configuration, http: http)
        self.multipart = multipart
    }

    // MARK: - objects

    /// Uploads an object in one PutObject.
    public func putObject(bucket: String, key: String, body: S3Body, options: S3PutOptions = S3PutOptions())
        async throws(AWSError) -> S3PutObjectOutput
    {
        let address = try address(bucket: bucket, key: key, operation: "PutObject")
        let httpBody = try requestBody(body, operation: "PutObject", resource: address.resource)
        let hash = try AWSClient.payloadHash(httpBody, operation: "PutObject", service: client.service.id)
        let response = try await client.send { _ in
            var call = address.call("PutObject", method: "PUT")
            call.headers = putHeaders(options)
            if options.createOnly { call.headers.set("If-None-Match", "*") }
            call.body = httpBody
            call.payloadHash = hash
            call.timeout = .seconds(300)
            return call
        }
        return S3PutObjectOutput(eTag: response.headers["ETag"] ?? "", versionID: response.headers["x-amz-version-id"], partCount: 0)
    }

    /// Uploads an object, in parts when it is at least `multipart.threshold` bytes; a failed multipart upload
    /// is aborted so no parts are left behind.
    public func upload(bucket: String, key: String, body: S3Body, options: S3PutOptions = S3PutOptions())
        async throws(AWSError) -> S3PutObjectOutput
    {
        let resource = "s3://\(bucket)/\(key)"
        let size = try requestBody(body, operation: "PutObject", resource: resource).length
        if size < multipart.threshold {
            return try await putObject(bucket: bucket, key: key, body: body, options: options)
        }
        return try await S3MultipartUpload(s3: self, bucket: bucket, key: key, body: body, size: size, options: options).run()
    }

    /// Downloads an object (or a byte range of it, both ends inclusive) into memory.
    public func getObject(bucket: String, key: String, range: ClosedRange<Int64>? = nil) async throws(AWSError) -> S3Object {
        let address = try address(bucket: bucket, key: key, operation: "GetObject")
        let response = try await client.send { _ in
            var call = address.call("GetObject", method: "GET")
            if let range { call.headers.set("Range", "bytes=\(range.lowerBound)-\(range.upperBound)") }
            call.timeout = .seconds(300)
            return call
        }
        return S3Object(body: response.body, info: Self.objectInfo(response.headers))
    }

    /// Streams an object (or a range) into `sink` as it arrives, so memory stays flat. A transfer that breaks
    /// midway is resumed from the last byte received, pinned to the same object version by its ETag.
    /// With `ifMatch`, every attempt is pinned to that ETag: an object overwritten before or during the transfer
    /// fails with status 412 instead of mixing versions.
    public func getObject(
        bucket: String, key: String, range: ClosedRange<Int64>? = nil, ifMatch: String? = nil, into sink: any HTTPResponseBodySink
    ) async throws(AWSError) -> S3ObjectInfo {
        let address = try address(bucket: bucket, key: key, operation: "GetObject")
        let download = S3DownloadSink(destination: sink)
        let response = try await client.send(sink: download) { _ in
            var call = address.call("GetObject", method: "GET")
            let (delivered, eTag) = download.progress
            let start = (range?.lowerBound ?? 0) + delivered
            if delivered > 0 || range != nil {
                call.headers.set("Range", "bytes=\(start)-\(range.map { String($0.upperBound) } ?? "")")
            }
            if let pinned = ifMatch ?? (delivered > 0 ? eTag : nil) { call.headers.set("If-Match", pinned) }
            download.beginAttempt(expectsPartial: delivered > 0)
            call.timeout = .seconds(3600)
            return call
        }
        var info = Self.objectInfo(response.headers)
        info.contentLength = download.progress.delivered
        return info
    }

    /// An object's metadata; a missing object is an `AWSError` with `isNotFound`.
    public func headObject(bucket: String, key: String) async throws(AWSError) -> S3ObjectInfo {
        let address = try address(bucket: bucket, key: key, operation: "HeadObject")
        let response = try await client.send { _ in address.call("HeadObject", method: "HEAD") }
        return Self.objectInfo(response.headers)
    }

    /// Copies an object inside S3 (up to 5 GiB). A 200 answer with an error inside is treated as a failure.
    public func copyObject(
        sourceBucket: String, sourceKey: String, bucket: String, key: String, replacing options: S3PutOptions? = nil
    ) async throws(AWSError) -> String {
        _ = try self.address(bucket: sourceBucket, key: sourceKey, operation: "CopyObject")
        let address = try address(bucket: bucket, key: key, operation: "CopyObject")
        let source = "\(sourceBucket)/\(SigV4Encoding.uriEncode(sourceKey, keepingSlash: true))"
        let response = try await client.send(embeddedError: Self.embeddedXMLError) { _ in
            var call = address.call("CopyObject", method: "PUT")
            call.resource = "s3://\(sourceBucket)/\(sourceKey) to \(address.resource)"
            if let options {
                call.headers = putHeaders(options)
                call.headers.set("x-amz-metadata-directive", "REPLACE")
            }
            call.headers.set("x-amz-copy-source", source)
            call.timeout = .seconds(600)
            return call
        }
        guard let root = try? XMLElement.parse(response.body), let eTag = root.text(of: "ETag") else {
            throw client.invalidResponse("CopyObject", resource: address.resource, "no ETag in \(AWSErrorDecoder.excerpt(response.body))")
        }
        return eTag
    }

    /// Deletes an object; deleting a missing key succeeds, as in S3. With `ifMatch`, only the object with that
    /// ETag is deleted (status 412 otherwise), so a newer upload under the same key survives.
    public func deleteObject(bucket: String, key: String, ifMatch: String? = nil) async throws(AWSError) {
        let address = try address(bucket: bucket, key: key, operation: "DeleteObject")
        _ = try await client.send { _ in
            var call = address.call("DeleteObject", method: "DELETE")
            if let ifMatch { call.headers.set("If-Match", ifMatch) }
            return call
        }
    }

    /// One page of keys. Keys come back URL-encoded on the wire (`encoding-type=url`) and are decoded here,
    /// so keys with characters XML cannot carry are listed too.
    public func listObjectsV2(
        bucket: String, prefix: String? = nil, delimiter: String? = nil, maxKeys: Int? = nil,
        continuationToken: String? = nil, startAfter: String? = nil
    ) async throws(AWSError) -> S3ListPage {
        let address = try address(bucket: bucket, key: nil, operation: "ListObjectsV2")
        var items: [(String, String?)] = [("list-type", "2"), ("encoding-type", "url")]
        if let prefix { items.append(("prefix", prefix)) }
        if let delimiter { items.append(("delimiter", delimiter)) }
        if let maxKeys { items.append(("max-keys", String(maxKeys))) }
        if let continuationToken { items.append(("continuation-token", continuationToken)) }
        if let startAfter { items.append(("start-after", startAfter)) }
        let query = SigV4Encoding.queryString(items)
        let response = try await client.send { _ in
            var call = address.call("ListObjectsV2", method: "GET")
            call.query = query
            return call
        }
        do {
            return try Self.parseListPage(response.body)
        } catch {
            throw client.invalidResponse("ListObjectsV2", resource: address.resource, error.description)
        }
    }

    /// Every key under a prefix, following continuation tokens across pages.
    public func listAllObjects(bucket: String, prefix: String? = nil, pageSize: Int? = nil) async throws(AWSError)
        -> [S3ObjectSummary]
    {
        var objects: [S3ObjectSummary] = []
        var token: String?
        repeat {
            let page = try await listObjectsV2(bucket: bucket, prefix: prefix, maxKeys: pageSize, continuationToken: token)
            objects += page.objects
            token = page.isTruncated ? page.nextContinuationToken : nil
        } while token != nil
        return objects
    }

    /// A presigned URL that lets its holder GET the object without credentials until it expires.
    public func presignedGetURL(bucket: String, key: String, expires: Duration = .seconds(900)) throws(AWSError) -> String {
        let address = try address(bucket: bucket, key: key, operation: "PresignGetObject")
        let seconds = Int(expires.components.seconds)
        guard (1...604_800).contains(seconds) else {
            throw AWSError(
                kind: .invalidRequest, service: "S3", operation: "PresignGetObject", code: "InvalidExpiry",
                message: "expiry must be 1 s to 7 days, got \(seconds) s", resource: address.resource)
        }
        let endpoint = client.endpoint
        var host = endpoint.hostHeader
        if let virtualHost = address.host { host = endpoint.port.map { "\(virtualHost):\($0)" } ?? virtualHost }
        let path = endpoint.basePath + address.path
        let signer = SigV4Signer(
            credentials: client.configuration.credentials, region: client.configuration.region, service: "s3")
        let signed = signer.presign(
            method: "GET", path: path, query: "", headers: ["Host": host], payloadHash: SigV4Signer.unsignedPayload,
            date: client.signingDate, expires: seconds, rules: .s3)
        return "\(endpoint.scheme)://\(host)\(path)?\(signed.query)"
    }

    // MARK: - multipart

    public func createMultipartUpload(bucket: String, key: String, options: S3PutOptions = S3PutOptions())
        async throws(AWSError) -> String
    {
        let address = try address(bucket: bucket, key: key, operation: "CreateMultipartUpload")
        let response = try await client.send(embeddedError: Self.embeddedXMLError) { _ in
            var call = address.call("CreateMultipartUpload", method: "POST")
            call.query = "uploads"
            call.headers = putHeaders(options)
            return call
        }
        guard let root = try? XMLElement.parse(response.body), let uploadID = root.text(of: "UploadId"), !uploadID.isEmpty else {
            throw client.invalidResponse("CreateMultipartUpload", resource: address.resource, "no UploadId in the response")
        }
        return uploadID
    }

    /// Uploads one part (1...10000) and returns its ETag.
    public func uploadPart(bucket: String, key: String, uploadID: String, partNumber: Int, body: S3Body)
        async throws(AWSError) -> S3CompletedPart
    {
        let address = try address(bucket: bucket, key: key, operation: "UploadPart")
        guard (1...10_000).contains(partNumber) else {
            throw AWSError(
                kind: .invalidRequest, service: "S3", operation: "UploadPart", code: "InvalidPartNumber",
                message: "part number \(partNumber) is outside 1...10000", resource: address.resource)
        }
        let httpBody = try requestBody(body, operation: "UploadPart", resource: address.resource)
        let hash = try AWSClient.payloadHash(httpBody, operation: "UploadPart", service: "S3")
        let query = SigV4Encoding.queryString([("partNumber", String(partNumber)), ("uploadId", uploadID)])
        let response = try await client.send { _ in
            var call = address.call("UploadPart", method: "PUT")
            call.resource = "\(address.resource) part \(partNumber)"
            call.query = query
            call.body = httpBody
            call.payloadHash = hash
            call.timeout = .seconds(300)
            return call
        }
        guard let eTag = response.headers["ETag"] else {
            throw client.invalidResponse("UploadPart", resource: address.resource, "no ETag for part \(partNumber)")
        }
        return S3CompletedPart(partNumber: partNumber, eTag: eTag)
    }

    /// Completes an upload. S3 may answer 200 and report an error in the body; that is a failure (and retried).
    /// With `ifNoneMatch`, the upload only completes when no object exists under the key (status 412 otherwise).
    public func completeMultipartUpload(bucket: String, key: String, uploadID: String, parts: [S3CompletedPart], ifNoneMatch: Bool = false)
        async throws(AWSError) -> S3PutObjectOutput
    {
        let address = try address(bucket: bucket, key: key, operation: "CompleteMultipartUpload")
        var xml = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        for part in parts.sorted(by: { $0.partNumber < $1.partNumber }) {
            xml += "<Part><ETag>\(xmlEscape(part.eTag))</ETag><PartNumber>\(part.partNumber)</PartNumber></Part>"
        }
        xml += "</CompleteMultipartUpload>"
        let body = Data(xml.utf8)
        let query = SigV4Encoding.queryString([("uploadId", uploadID)])
        let response = try await client.send(embeddedError: Self.embeddedXMLError) { _ in
            var call = address.call("CompleteMultipartUpload", method: "POST")
            call.query = query
            call.headers.set("Content-Type", "application/xml")
            if ifNoneMatch { call.headers.set("If-None-Match", "*") }
            call.body = .bytes(body)
            call.timeout = .seconds(600)
            return call
        }
        guard let root = try? XMLElement.parse(response.body), let eTag = root.text(of: "ETag") else {
            throw client.invalidResponse(
                "CompleteMultipartUpload", resource: address.resource, "no ETag in \(AWSErrorDecoder.excerpt(response.body))")
        }
        return S3PutObjectOutput(eTag: eTag, versionID: response.headers["x-amz-version-id"], partCount: parts.count)
    }

    public func abortMultipartUpload(bucket: String, key: String, uploadID: String) async throws(AWSError) {
        let address = try address(bucket: bucket, key: key, operation: "AbortMultipartUpload")
        let query = SigV4Encoding.queryString([("uploadId", uploadID)])
        _ = try await client.send { _ in
            var call = address.call("AbortMultipartUpload", method: "DELETE")
            call.query = query
            return call
        }
    }

    // MARK: - helpers

    /// Where a bucket (and key) lives on the wire: virtual-hosted style on AWS, path style on a custom endpoint
    /// or for bucket names that are not DNS labels.
    struct Address: Sendable {
        var host: String?
        var path: String
        var resource: String

        func call(_ operation: String, method: String) -> AWSCall {
            AWSCall(operation: operation, method: method, path: path, resource: resource, host: host)
        }
    }

    func address(bucket: String, key: String?, operation: String) throws(AWSError) -> Address {
        let resource = "s3://\(bucket)/\(key ?? "")"
        func invalid(_ code: String, _ message: String) -> AWSError {
            AWSError(kind: .invalidRequest, service: "S3", operation: operation, code: code, message: message, resource: resource)
        }
        guard (3...63).contains(bucket.utf8.count),
            bucket.utf8.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 46 }),
            bucket.first != "-", bucket.first != ".", bucket.last != "-", bucket.last != "."
        else {
            throw invalid("InvalidBucketName", "bucket name \"\(bucket)\" is not 3-63 lower-case letters, digits, dots and dashes")
        }
        if let key {
            guard !key.isEmpty, key.utf8.count <= 1024 else {
                throw invalid("InvalidKey", "object key must be 1 to 1024 bytes, got \(key.utf8.count)")
            }
        }
        let encodedKey = key.map { SigV4Encoding.uriEncode($0, keepingSlash: true) } ?? ""
        let endpoint = client.endpoint
        if !endpoint.isCustom && !bucket.contains(".") {
            return Address(host: "\(bucket).\(endpoint.host)", path: "/" + encodedKey, resource: resource)
        }
        return Address(host: nil, path: "/\(bucket)" + (key == nil ? "" : "/" + encodedKey), resource: resource)
    }

    func putHeaders(_ options: S3PutOptions) -> HTTPHeaders {
        var headers: HTTPHeaders = ["Content-Type": options.contentType]
        for (name, value) in options.metadata.sorted(by: { $0.key < $1.key }) {
            headers.add("x-amz-meta-\(name.lowercased())", value)
        }
        if let sse = options.serverSideEncryption { headers.add("x-amz-server-side-encryption", sse) }
        if let kms = options.kmsKeyID { headers.add("x-amz-server-side-encryption-aws-kms-key-id", kms) }
        return headers
    }

    func requestBody(_ body: S3Body, operation: String, resource: String) throws(AWSError) -> HTTPRequestBody {
        switch body {
        case .data(let data):
            return .bytes(data)
        case .file(let path, let offset, let length):
            var info = stat()
            guard stat(path, &info) == 0 else {
                throw AWSError(
                    kind: .invalidRequest, service: "S3", operation: operation, code: "UnreadableBody",
                    message: "cannot read \(path): \(String(cString: strerror(errno)))", resource: resource)
            }
            let size = Int64(info.st_size)
            let resolved = length ?? (size - offset)
            guard offset >= 0, resolved >= 0, offset + resolved <= size else {
                throw AWSError(
                    kind: .invalidRequest, service: "S3", operation: operation, code: "InvalidRange",
                    message: "\(path) has \(size) bytes; range \(offset)+\(resolved) is outside it", resource: resource)
            }
            return .file(path: path, offset: offset, length: resolved)
        }
    }

    /// A 200 response whose body is an `<Error>` document.
    static let embeddedXMLError: @Sendable (HTTPResponse) -> AWSErrorDecoder.Decoded? = { response in
        guard response.body.prefix(512).contains(UInt8(ascii: "<")),
            let root = try? XMLElement.parse(response.body), root.localName == "Error"
        else { return nil }
        return AWSErrorDecoder.decodeXML(response.body)
    }

    static func objectInfo(_ headers: HTTPHeaders) -> S3ObjectInfo {
        var metadata: [String: String] = [:]
        for field in headers where field.name.lowercased().hasPrefix("x-amz-meta-") {
            metadata[String(field.name.lowercased().dropFirst("x-amz-meta-".count))] = field.value
        }
        return S3ObjectInfo(
            contentLength: headers["Content-Length"].flatMap { Int64($0) } ?? 0,
            contentType: headers["Content-Type"], eTag: headers["ETag"],
            lastModified: headers["Last-Modified"].flatMap(AWSDateFormat.parseHTTPDate),
            versionID: headers["x-amz-version-id"], contentRange: headers["Content-Range"], metadata: metadata)
    }

    static func parseListPage(_ body: Data) throws(XMLParseError) -> S3ListPage {
        let root = try XMLElement.parse(body)
        let encoded = root.text(of: "EncodingType") == "url"
        func decode(_ text: String) -> String {
            encoded ? SigV4Encoding.percentDecode(text.replacingPlusWithSpace()) : text
        }
        let objects = root.children("Contents").map { item in
            S3ObjectSummary(
                key: decode(item.text(of: "Key") ?? ""), size: Int64(item.text(of: "Size") ?? "") ?? 0,
                eTag: item.text(of: "ETag"), lastModified: item.text(of: "LastModified").flatMap(AWSDateFormat.parseISO8601),
                storageClass: item.text(of: "StorageClass"))
        }
        let prefixes = root.children("CommonPrefixes").compactMap { $0.text(of: "Prefix") }.map(decode)
        return S3ListPage(
            objects: objects, commonPrefixes: prefixes, isTruncated: root.text(of: "IsTruncated") == "true",
            nextContinuationToken: root.text(of: "NextContinuationToken"))
    }
}

extension String {
    /// `+` to space, as form and S3 `encoding-type=url` encoding write spaces.
    func replacingPlusWithSpace() -> String { String(map { $0 == "+" ? " " : $0 }) }
}

/// Forwards a GetObject body to the caller's sink only when the answer is the object (200/206); an error body
/// is kept aside for the error decoder. Counts what was delivered so a broken transfer can resume.
final class S3DownloadSink: HTTPResponseBodySink, CapturesErrorBody {
    private struct State {
        var delivered: Int64 = 0
        var eTag: String?
        var forwarding = false
        var expectsPartial = false
        var errorBody = Data()
    }

    private let destination: any HTTPResponseBodySink
    private let state = Mutex(State())

    init(destination: any HTTPResponseBodySink) { self.destination = destination }

    var progress: (delivered: Int64, eTag: String?) { state.withLock { ($0.delivered, $0.eTag) } }
    var capturedErrorBody: Data { state.withLock { $0.errorBody } }

    func beginAttempt(expectsPartial: Bool) {
        state.withLock {
            $0.forwarding = false
            $0.expectsPartial = expectsPartial
            $0.errorBody = Data()
        }
    }

    func responseStarted(status: Int, headers: HTTPHeaders) throws {
        try state.withLock { state in
            if status == 200 || status == 206 {
                if state.expectsPartial && status != 206 {
                    throw HTTPError.body(url: "", detail: "resumed download answered \(status) instead of 206")
                }
                if state.eTag == nil { state.eTag = headers["ETag"] }
                state.forwarding = true
            }
        }
        if status == 200 || status == 206 { try destination.responseStarted(status: status, headers: headers) }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        let forwarding = state.withLock { state in
            if !state.forwarding, state.errorBody.count < 65_536 { state.errorBody.append(contentsOf: bytes) }
            return state.forwarding
        }
        guard forwarding else { return }
        try destination.write(bytes)
        state.withLock { $0.delivered += Int64(bytes.count) }
    }
}

/// A streaming sink that keeps the body of an error response, so the client can decode it.
protocol CapturesErrorBody: Sendable {
    var capturedErrorBody: Data { get }
}
