#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTP

/// Talks to token endpoints: Google's OAuth token endpoint, Google STS and the IAM credentials API.
/// Request bodies (assertions, subject tokens) and returned tokens never reach an error message.
struct OAuthTokenEndpoint: Sendable {
    let http: HTTPClient
    let timeout: Duration

    /// POSTs a form and returns the access token of an RFC 6749 token response.
    func exchange(url: String, form: [(String, String)], now: Date) async throws(GA4Error) -> AccessToken {
        var headers = HTTPHeaders()
        headers.add("Content-Type", "application/x-www-form-urlencoded")
        headers.add("Accept", "application/json")
        let request = HTTPRequest(method: "POST", url: url, headers: headers, body: .bytes(FormURLEncoding.body(form)), timeout: timeout)
        let response = try await send(request)
        guard response.isSuccess else { throw Self.failure(url: url, response: response) }
        let token: TokenResponse
        do {
            token = try JSONDecoder().decode(TokenResponse.self, from: response.body)
        } catch {
            throw .authentication(endpoint: url, status: response.status, error: "invalid_response",
                detail: "the token response is not the expected JSON (access_token, expires_in)")
        }
        guard !token.access_token.isEmpty, token.expiresIn > 0 else {
            throw .authentication(endpoint: url, status: response.status, error: "invalid_response",
                detail: "the token response has no access_token or no positive expires_in")
        }
        return AccessToken(value: token.access_token, expiresAt: now.addingTimeInterval(TimeInterval(token.expiresIn)))
    }

    /// POSTs JSON with a bearer token and returns the body of a successful answer.
    func postJSON(url: String, body: Data, bearer: AccessToken) async throws(GA4Error) -> Data {
        var headers = HTTPHeaders()
        headers.add("Content-Type", "application/json")
        headers.add("Accept", "application/json")
        headers.add("Authorization", bearer.authorization)
        let response = try await send(HTTPRequest(method: "POST", url: url, headers: headers, body: .bytes(body), timeout: timeout))
        guard response.isSuccess else { throw Self.failure(url: url, response: response) }
        return response.body
    }

    private func send(_ request: HTTPRequest) async throws(GA4Error) -> HTTPResponse {
        do {
            return try await http.execute(request)
        } catch {
            throw .transport(error)
        }
    }

    /// An error from the body: OAuth's `{"error","error_description"}` or a `google.rpc.Status`.
    static func failure(url: String, response: HTTPResponse) -> GA4Error {
        if let oauth = try? JSONDecoder().decode(OAuthErrorBody.self, from: response.body) {
            return .authentication(endpoint: url, status: response.status, error: oauth.error, detail: oauth.error_description ?? "")
        }
        let status = GoogleRPCStatus.decode(body: response.body, httpStatus: response.status)
        return .authentication(endpoint: url, status: response.status, error: status.status.isEmpty ? "error" : status.status,
            detail: status.message)
    }

    private struct OAuthErrorBody: Decodable {
        var error: String
        var error_description: String?
    }

    private struct TokenResponse: Decodable {
        var access_token: String
        var expiresIn: Int

        private enum CodingKeys: String, CodingKey { case access_token, expires_in }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            access_token = try container.decode(String.self, forKey: .access_token)
            // Google sends a number; some endpoints and proxies send it as a string.
            if let number = try? container.decode(Int.self, forKey: .expires_in) {
                expiresIn = number
            } else if let text = try? container.decode(String.self, forKey: .expires_in), let number = Int(text) {
                expiresIn = number
            } else {
                expiresIn = 0
            }
        }
    }
}
