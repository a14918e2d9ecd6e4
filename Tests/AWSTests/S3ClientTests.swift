import Foundation
import HTTP
import Testing

@testable import AWS

@Suite struct S3ClientTests {
    static let http = HTTPClient()

    func client(endpoint: String? = nil) throws -> S3Client {
        var environment = ["AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "s", "AWS_REGION": "us-east-1"]
        environment["AWS_ENDPOINT_URL_S3"] = endpoint
        return S3Client(configuration: try AWSConfiguration.fromEnvironment(environment), http: Self.http)
    }

    @Test func usesVirtualHostsOnAWSAndPathStyleOnCustomEndpoints() throws {
        let aws = try client().address(bucket: "my-bucket", key: "raw/a b+c.json", operation: "GetObject")
        #expect(aws.host == "my-bucket.s3.amazonaws.com")
        #expect(aws.path == "/raw/a%20b%2Bc.json")
        let dotted = try client().address(bucket: "my.bucket", key: "k", operation: "GetObject")
        #expect(dotted.host == nil)
        #expect(dotted.path == "/my.bucket/k")
        let local = try client(endpoint: "http://127.0.0.1:5000").address(bucket: "b-1", key: "dt=2024/ü.json", operation: "PutObject")
        #expect(local.host == nil)
        #expect(local.path == "/b-1/dt%3D2024/%C3%BC.json")
        let request = try client(endpoint: "http://127.0.0.1:5000").client.signedRequest(local.call("PutObject", method: "PUT"))
        #expect(request.url == "http://127.0.0.1:5000/b-1/dt%3D2024/%C3%BC.json")
        #expect(request.headers["Host"] == "127.0.0.1:5000")
        #expect(request.headers["X-Amz-Content-SHA256"] == SigV4Signer.emptyPayloadHash)
    }

    @Test func rejectsBadBucketsAndKeysBeforeSending() throws {
        let s3 = try client()
        #expect(throws: AWSError.self) { try s3.address(bucket: "UPPER", key: "k", operation: "GetObject") }
        #expect(throws: AWSError.self) { try s3.address(bucket: "ok-bucket", key: "", operation: "GetObject") }
        #expect(throws: AWSError.self) { try s3.address(bucket: "ok-bucket", key: String(repeating: "x", count: 1025), operation: "GetObject") }
        #expect(throws: AWSError.self) { try s3.presignedGetURL(bucket: "ok-bucket", key: "k", expires: .seconds(700_000)) }
    }

    @Test func decodesURLEncodedListings() throws {
        let body = #"<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix>dir%2F</Prefix><EncodingType>url</EncodingType><IsTruncated>true</IsTruncated><NextContinuationToken>1abc/+==</NextContinuationToken><Contents><Key>dir/a+b%2Bc%3D%C3%BC.json</Key><LastModified>2026-11-23T19:14:35.000Z</LastModified><ETag>"9dd4"</ETag><Size>7</Size><StorageClass>STANDARD</StorageClass></Contents><CommonPrefixes><Prefix>dir/sub+dir/</Prefix></CommonPrefixes></ListBucketResult>"#
        let page = try S3Client.parseListPage(Data(body.utf8))
        #expect(page.objects.map(\.key) == ["dir/a b+c=ü.json"])
        #expect(page.objects.first?.size == 7)
        #expect(page.objects.first?.lastModified == AWSDateFormat.parseISO8601("2026-11-23T19:14:35Z"))
        #expect(page.commonPrefixes == ["dir/sub dir/"])
        #expect(page.isTruncated)
        #expect(page.nextContinuationToken == "1abc/+==")
    }

    @Test func recognizesTwoHundredResponsesCarryingAnError() {
        let error = S3Client.embeddedXMLError(HTTPResponse(status: 200, body: Data("\n<Error><Code>InternalError</Code><Message>m</Message></Error>".utf8)))
        #expect(error?.code == "InternalError")
        let fine = S3Client.embeddedXMLError(HTTPResponse(status: 200, body: Data("<CopyObjectResult><ETag>e</ETag></CopyObjectResult>".utf8)))
        #expect(fine == nil)
    }
}
