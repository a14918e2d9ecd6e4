import Foundation
import HTTP
import Testing

@testable import AWS

/// The AWS SigV4 test suite (aws-c-auth v4 cases): header signing and presigning, byte for byte.
@Suite struct SigV4SuiteTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: TestPaths.sigV4Suite.path)) ?? []
        return names.filter { !$0.contains(".") && $0 != "LICENSE" && $0 != "NOTICE" }.sorted().map(Case.init)
    }()

    struct Context: Decodable {
        struct Credentials: Decodable {
            var access_key_id: String
            var secret_access_key: String
            var token: String?
        }
        var credentials: Credentials
        var expiration_in_seconds: Int
        var normalize: Bool
        var region: String
        var service: String
        var sign_body: Bool
        var timestamp: String
        var omit_session_token: Bool?
    }

    /// A raw request from `request.txt`: request line, headers (folded continuation lines), body.
    struct RawRequest {
        var method: String
        var path: String
        var query: String
        var headers: HTTPHeaders
        var body: Data

        init(_ text: String) {
            let parts = text.components(separatedBy: "\n\n")
            var lines = parts[0].components(separatedBy: "\n")
            let requestLine = lines.removeFirst()
            method = String(requestLine.prefix { $0 != " " })
            let target = requestLine.dropFirst(method.count + 1).replacingOccurrences(of: " HTTP/1.1", with: "")
            if let question = target.firstIndex(of: "?") {
                path = String(target[..<question])
                query = String(target[target.index(after: question)...])
            } else {
                path = target
                query = ""
            }
            var fields: [(String, String)] = []
            for line in lines where !line.isEmpty {
                if line.first == " " || line.first == "\t", !fields.isEmpty {
                    fields[fields.count - 1].1 += "\n" + line
                } else if let colon = line.firstIndex(of: ":") {
                    fields.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
                }
            }
            headers = HTTPHeaders(fields)
            body = Data(parts.dropFirst().joined(separator: "\n\n").utf8)
        }
    }

    static func load(_ name: String, _ file: String) -> String? {
        try? TestPaths.text(TestPaths.sigV4Suite.appending(path: name).appending(path: file))
    }

    @Test func suiteIsPresent() {
        #expect(Self.cases.count == 38, "expected the 38 v4 cases in \(TestPaths.sigV4Suite.path)")
    }

    @Test(arguments: cases)
    func headerSigning(_ testCase: Case) throws {
        let context = try JSONDecoder().decode(Context.self, from: Data(try #require(Self.load(testCase.name, "context.json")).utf8))
        let request = RawRequest(try #require(Self.load(testCase.name, "request.txt")))
        let signer = SigV4Signer(
            credentials: AWSCredentials(
                accessKeyID: context.credentials.access_key_id, secretAccessKey: context.credentials.secret_access_key,
                sessionToken: context.credentials.token),
            region: context.region, service: context.service)
        let rules = SigV4Signer.Rules(
            normalizePath: context.normalize, encodePathAgain: true, addContentSHA256Header: context.sign_body,
            omitSessionToken: context.omit_session_token ?? false)
        let date = try #require(AWSDateFormat.parseISO8601(context.timestamp))
        let signed = signer.signHeaders(
            method: request.method, path: request.path, query: request.query, headers: request.headers,
            payloadHash: SigV4Signer.sha256Hex(request.body), date: date, rules: rules)

        #expect(signed.signature.canonicalRequest == (Self.load(testCase.name, "header-canonical-request.txt")))
        #expect(signed.signature.stringToSign == (Self.load(testCase.name, "header-string-to-sign.txt")))
        #expect(signed.signature.signature == (Self.load(testCase.name, "header-signature.txt")))
        let expectedAuthorization = try #require(Self.load(testCase.name, "header-signed-request.txt"))
            .components(separatedBy: "\n").first { $0.hasPrefix("Authorization:") }
        #expect("Authorization:" + (signed.headers["Authorization"] ?? "") == expectedAuthorization)
    }

    @Test(arguments: cases)
    func queryPresigning(_ testCase: Case) throws {
        guard let expectedCanonical = Self.load(testCase.name, "query-canonical-request.txt") else { return }
        let context = try JSONDecoder().decode(Context.self, from: Data(try #require(Self.load(testCase.name, "context.json")).utf8))
        let request = RawRequest(try #require(Self.load(testCase.name, "request.txt")))
        let signer = SigV4Signer(
            credentials: AWSCredentials(
                accessKeyID: context.credentials.access_key_id, secretAccessKey: context.credentials.secret_access_key,
                sessionToken: context.credentials.token),
            region: context.region, service: context.service)
        let rules = SigV4Signer.Rules(
            normalizePath: context.normalize, encodePathAgain: true, addContentSHA256Header: false,
            omitSessionToken: context.omit_session_token ?? false)
        let date = try #require(AWSDateFormat.parseISO8601(context.timestamp))
        let signed = signer.presign(
            method: request.method, path: request.path, query: request.query, headers: request.headers,
            payloadHash: SigV4Signer.sha256Hex(request.body), date: date, expires: context.expiration_in_seconds,
            rules: rules)

        #expect(signed.signature.canonicalRequest == expectedCanonical)
        #expect(signed.signature.stringToSign == (Self.load(testCase.name, "query-string-to-sign.txt")))
        #expect(signed.signature.signature == (Self.load(testCase.name, "query-signature.txt")))
        #expect(signed.query.hasSuffix("X-Amz-Signature=" + (Self.load(testCase.name, "query-signature.txt") ?? "")))
    }
}

/// The golden captures of every call the pipeline makes (reference Appendices A–D), signed by botocore.
@Suite struct SigV4ReferenceCaptureTests {
    static let credentials = AWSCredentials(
        accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        sessionToken: "EXAMPLESESSIONTOKEN")
    static let date = AWSDateFormat.parseAmzDate("20240115T120000Z")!

    /// One `==== name` block of Appendix A or B.
    struct Capture: CustomTestStringConvertible, Sendable {
        var name: String
        var method: String
        var url: String
        var headers: [(String, String)]
        var body: String
        var canonicalRequest: String
        var stringToSign: String
        var signature: String
        var testDescription: String { name }
    }

    /// One `== name` block of Appendix C.
    struct Presigned: CustomTestStringConvertible, Sendable {
        var name: String
        var url: String
        var canonicalRequest: String
        var stringToSign: String
        var signature: String
        var testDescription: String { name }
    }

    static func appendixBlocks(_ heading: String) -> [String] {
        guard let text = try? TestPaths.text(TestPaths.awsReference),
            let start = text.range(of: heading)
        else { return [] }
        let rest = text[start.upperBound...]
        let open = rest.range(of: "```\n")!
        let close = rest[open.upperBound...].range(of: "\n```")!
        return String(rest[open.upperBound..<close.lowerBound]).components(separatedBy: "\n==")
    }

    /// Splits the "CanonicalRequest: / StringToSign: / Signature:" tail of a block.
    static func signingParts(_ block: String) -> (String, String, String, String) {
        let head = block.components(separatedBy: "\nCanonicalRequest:\n")
        let canonical = head[1].components(separatedBy: "\nStringToSign:\n")
        let sts = canonical[1].components(separatedBy: "\nSignature:\n")
        let signature = sts[1].trimmingCharacters(in: .whitespacesAndNewlines)
        return (head[0], canonical[0], sts[0], signature)
    }

    static let captures: [Capture] = {
        (appendixBlocks("## Appendix A") + appendixBlocks("## Appendix B")).compactMap { raw in
            let block = raw.hasPrefix("== ") ? String(raw.dropFirst(3)) : raw
            guard block.contains("CanonicalRequest:") else { return nil }
            let (head, canonical, sts, signature) = signingParts(block)
            var lines = head.components(separatedBy: "\n")
            let name = lines.removeFirst()
            let requestLine = lines.removeFirst().components(separatedBy: " ")
            var headers: [(String, String)] = []
            while let line = lines.first, !line.isEmpty {
                lines.removeFirst()
                let colon = line.firstIndex(of: ":")!
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
            }
            let body = lines.dropFirst().joined(separator: "\n").trimmingCharacters(in: .newlines)
            return Capture(
                name: name, method: requestLine[0], url: requestLine[1], headers: headers, body: body,
                canonicalRequest: canonical, stringToSign: sts, signature: signature)
        }
    }()

    static let presignedCaptures: [Presigned] = {
        appendixBlocks("## Appendix C").compactMap { raw in
            guard raw.contains("CanonicalRequest:") else { return nil }
            let (head, canonical, sts, signature) = signingParts(raw)
            let lines = head.components(separatedBy: "\n").filter { !$0.isEmpty }
            return Presigned(
                name: lines[0].trimmingCharacters(in: CharacterSet(charactersIn: "= ")), url: lines[1],
                canonicalRequest: canonical, stringToSign: sts, signature: signature)
        }
    }()

    @Test func everyCaptureIsFound() {
        #expect(Self.captures.count == 24)
        #expect(Self.presignedCaptures.count == 4)
    }

    /// Headers that botocore adds after signing or never signs; the HTTP layer sets them in this project.
    static let addedBySigningOrTransport: Set<String> = [
        "authorization", "x-amz-date", "x-amz-security-token", "content-length", "x-amz-content-sha256",
    ]

    @Test(arguments: captures)
    func headerSignatureMatches(_ capture: Capture) throws {
        let afterScheme = capture.url.components(separatedBy: "://")[1]
        let host = String(afterScheme.prefix { $0 != "/" })
        var pathAndQuery = String(afterScheme.dropFirst(host.count))
        if pathAndQuery.isEmpty { pathAndQuery = "/" }
        let parts = pathAndQuery.split(separator: "?", maxSplits: 1).map(String.init)
        let service = capture.stringToSign.components(separatedBy: "\n")[2].components(separatedBy: "/")[2]
        let isS3 = service == "s3"
        let hasToken = capture.headers.contains { $0.0.lowercased() == "x-amz-security-token" }
        var headers = HTTPHeaders(capture.headers.filter { !Self.addedBySigningOrTransport.contains($0.0.lowercased()) })
        headers.set("Host", host)
        let sentHash = capture.headers.first { $0.0.lowercased() == "x-amz-content-sha256" }?.1
        let payloadHash = sentHash.flatMap { $0.hasPrefix("STREAMING") ? $0 : nil } ?? SigV4Signer.sha256Hex(Data(capture.body.utf8))
        var credentials = Self.credentials
        if !hasToken { credentials.sessionToken = nil }

        let signed = SigV4Signer(credentials: credentials, region: "us-east-1", service: service).signHeaders(
            method: capture.method, path: parts[0], query: parts.count > 1 ? parts[1] : "", headers: headers,
            payloadHash: payloadHash, date: Self.date, rules: isS3 ? .s3 : .standard)

        #expect(signed.signature.canonicalRequest == capture.canonicalRequest)
        #expect(signed.signature.stringToSign == capture.stringToSign)
        #expect(signed.signature.signature == capture.signature)
        let expectedAuthorization = capture.headers.first { $0.0 == "Authorization" }?.1
        #expect(signed.headers["Authorization"] == expectedAuthorization)
        if let sentHash { #expect(signed.headers["X-Amz-Content-SHA256"] == sentHash) }
    }

    @Test(arguments: presignedCaptures)
    func presignedURLMatches(_ capture: Presigned) throws {
        let withScheme = capture.url.hasPrefix("https://") ? capture.url : "https://" + capture.url
        let afterScheme = withScheme.components(separatedBy: "://")[1]
        let host = String(afterScheme.prefix { $0 != "/" })
        let target = afterScheme.dropFirst(host.count)
        let path = String(target.prefix { $0 != "?" })
        // The query before the X-Amz-* items is the caller's (RDS: Action and DBUser).
        let fullQuery = String(target.dropFirst(path.count + 1))
        let callerQuery = fullQuery.components(separatedBy: "&").prefix { !$0.hasPrefix("X-Amz-") }.joined(separator: "&")
        let expires = Int(fullQuery.components(separatedBy: "&").first { $0.hasPrefix("X-Amz-Expires=") }!.dropFirst(14))!
        let service = capture.stringToSign.components(separatedBy: "\n")[2].components(separatedBy: "/")[2]
        var credentials = Self.credentials
        if !capture.url.contains("X-Amz-Security-Token") { credentials.sessionToken = nil }

        let signed = SigV4Signer(credentials: credentials, region: "us-east-1", service: service).presign(
            method: "GET", path: path, query: callerQuery, headers: ["Host": host],
            payloadHash: service == "s3" ? SigV4Signer.unsignedPayload : SigV4Signer.emptyPayloadHash, date: Self.date,
            expires: expires, rules: service == "s3" ? .s3 : .standard)

        #expect(signed.signature.canonicalRequest == capture.canonicalRequest)
        #expect(signed.signature.stringToSign == capture.stringToSign)
        #expect(signed.signature.signature == capture.signature)
        #expect("\(capture.url.hasPrefix("https://") ? "https://" : "")\(host)\(path)?\(signed.query)" == capture.url)
    }

    /// Appendix D: the S3 documentation examples, re-checked with botocore.
    @Test func s3DocumentationExamples() throws {
        let credentials = AWSCredentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "s3")
        let date = try #require(AWSDateFormat.parseAmzDate("20130524T000000Z"))
        let get = signer.signHeaders(
            method: "GET", path: "/test.txt", query: "", headers: ["Host": "examplebucket.s3.amazonaws.com", "Range": "bytes=0-9"],
            payloadHash: SigV4Signer.emptyPayloadHash, date: date, rules: .s3)
        #expect(
            get.headers["Authorization"]
                == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
        )
        let presigned = signer.presign(
            method: "GET", path: "/test.txt", query: "", headers: ["Host": "examplebucket.s3.amazonaws.com"],
            payloadHash: SigV4Signer.unsignedPayload, date: date, expires: 86400, rules: .s3)
        #expect(
            presigned.query
                == "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
        )
    }

    @Test func resigningReplacesTheOldSignature() {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "glue")
        let first = signer.signHeaders(
            method: "POST", path: "/", query: "", headers: ["Host": "glue.us-east-1.amazonaws.com"],
            payloadHash: SigV4Signer.emptyPayloadHash, date: Self.date, rules: .standard)
        let second = signer.signHeaders(
            method: "POST", path: "/", query: "", headers: first.headers, payloadHash: SigV4Signer.emptyPayloadHash,
            date: Self.date.addingTimeInterval(1), rules: .standard)
        #expect(second.headers.values(for: "Authorization").count == 1)
        #expect(second.headers.values(for: "X-Amz-Date") == ["20240115T120001Z"])
        #expect(second.headers.values(for: "X-Amz-Security-Token").count == 1)
        #expect(first.signature.signature != second.signature.signature)
    }

    @Test func secretNeverAppearsInSignedHeaders() {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "s3")
        let signed = signer.signHeaders(
            method: "GET", path: "/k", query: "", headers: ["Host": "b.s3.amazonaws.com"],
            payloadHash: SigV4Signer.emptyPayloadHash, date: Self.date, rules: .s3)
        #expect(!signed.headers.contains { $0.value.contains(Self.credentials.secretAccessKey) })
        #expect(!"\(Self.credentials)".contains(Self.credentials.secretAccessKey))
        #expect(!"\(Self.credentials)".contains("EXAMPLESESSIONTOKEN"))
    }
}
