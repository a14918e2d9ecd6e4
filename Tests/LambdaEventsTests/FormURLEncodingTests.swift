import LambdaEvents
import Testing

@Suite struct FormURLEncodingTests {
    @Test(arguments: [
        ("red flower.jpg", "red+flower.jpg"),
        ("a+b", "a%2Bb"),
        ("dt=2024-01-15/x.parquet", "dt%3D2024-01-15/x.parquet"),
        ("café", "caf%C3%A9"),
        ("~_.-/", "~_.-/"),
        ("100%", "100%25"),
    ])
    func encodesLikeS3(key: String, expected: String) {
        #expect(FormURLEncoding.encode(key) == expected)
    }

    @Test(arguments: ["line\nbreak", "🚀 + 数据 = 100%", "  ", "a&b?c#d"])
    func roundTripsThroughTheDecoder(key: String) throws {
        #expect(try FormURLDecoding.decode(FormURLEncoding.encode(key)) == key)
    }
}
