import HTTP

/// The function's shared HTTP client. A wrapper so the runtime can hand it to init code while keeping
/// the client's creation (and its failure) in one place.
public struct HTTPClientProvider: Sendable {
    public let client: HTTPClient

    public init(client: HTTPClient) {
        self.client = client
    }
}
