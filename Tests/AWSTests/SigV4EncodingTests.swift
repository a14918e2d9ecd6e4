import Testing

@testable import AWS

@Suite struct SigV4EncodingTests {
    @Test func encodesStrictlyWithSpaceAsPercent20() {
        #expect(SigV4Encoding.uriEncode("a b+c=d@e/ü~._-") == "a%20b%2Bc%3Dd%40e%2F%C3%BC~._-")
        #expect(SigV4Encoding.uriEncode("raw/2024/01/15/file name+1.json", keepingSlash: true) == "raw/2024/01/15/file%20name%2B1.json")
        #expect(SigV4Encoding.percentDecode("a%20b%2Bc+d%zz") == "a b+c+d%zz")
    }

    @Test func normalizesPathsExceptForS3() {
        #expect(SigV4Encoding.normalizePath("//example//") == "/example/")
        #expect(SigV4Encoding.normalizePath("/example1/example2/../..") == "/")
        #expect(SigV4Encoding.normalizePath("/./example") == "/example")
        #expect(SigV4Encoding.normalizePath("/a/b/../c/") == "/a/c/")
    }

    @Test func canonicalQuerySortsAndReencodes() {
        #expect(SigV4Encoding.canonicalQuery("uploads") == "uploads=")
        #expect(SigV4Encoding.canonicalQuery("b=2&a=2&a=1&%E1%88%B4=x") == "%E1%88%B4=x&a=1&a=2&b=2")
        #expect(SigV4Encoding.queryString([("uploadId", "VXBsb2FkIElE+/="), ("x", nil)]) == "uploadId=VXBsb2FkIElE%2B%2F%3D&x")
    }
}
