import HTTP

/// Any failure of an AWS call: the service and operation, what the service answered, and why.
public struct AWSError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is, which decides whether a retry can help.
    public enum Kind: Sendable, Equatable {
        /// The service answered with an error (HTTP status and code set).
        case service
        /// No usable answer: connection refused or dropped, timeout, TLS (see `transport`).
        case transport
        /// The call succeeded but some items in it failed (`partialFailures`): Kinesis records, Glue partitions.
        case partialFailure
        /// The response could not be read (not the documented shape).
        case invalidResponse
        /// The request could not be built from the given input.
        case invalidRequest
        /// A polled job ended in a failed state (Athena query, Redshift Data statement).
        case jobFailed
        /// Polling gave up before the job reached a terminal state.
        case pollingTimedOut
    }

    /// One failed item of a batch call.
    public struct PartialFailure: Sendable, Equatable {
        /// Which item: the record index, the partition values.
        public var item: String
        public var code: String
        public var message: String

        public init(item: String, code: String, message: String) {
            self.item = item
            self.code = code
            self.message = message
        }
    }

    public var kind: Kind
    /// The SDK service id (`S3`, `Glue`).
    public var service: String
    public var operation: String
    /// The HTTP status, when there was a response.
    public var status: Int?
    /// The AWS error code (`NoSuchKey`, `ThrottlingException`); for other kinds a short tag.
    public var code: String
    public var message: String
    public var requestID: String?
    /// What the call was about (S3 bucket/key, query id), for the message.
    public var resource: String?
    /// The transport failure, for `.transport`.
    public var transport: HTTPError?
    /// Failed items, for `.partialFailure`.
    public var partialFailures: [PartialFailure]
    /// How many attempts were made.
    public var attempts: Int

    public init(
        kind: Kind, service: String, operation: String, status: Int? = nil, code: String, message: String,
        requestID: String? = nil, resource: String? = nil, transport: HTTPError? = nil,
        partialFailures: [PartialFailure] = [], attempts: Int = 1
    ) {
        self.kind = kind
        self.service = service
        self.operation = operation
        self.status = status
        self.code = code
        self.message = message
        self.requestID = requestID
        self.resource = resource
        self.transport = transport
        self.partialFailures = partialFailures
        self.attempts = attempts
    }

    public var description: String {
        var text = "\(service) \(operation)"
        if let resource { text += " (\(resource))" }
        text += " failed"
        if let status { text += " with HTTP \(status)" }
        text += ": \(code)"
        if !message.isEmpty { text += ": \(message)" }
        if !partialFailures.isEmpty {
            let shown = partialFailures.prefix(5).map { "\($0.item): \($0.code) \($0.message)" }.joined(separator: "; ")
            text += " [\(partialFailures.count) failed: \(shown)\(partialFailures.count > 5 ? "; …" : "")]"
        }
        if let requestID { text += " (request id \(requestID))" }
        if attempts > 1 { text += " after \(attempts) attempts" }
        return text
    }

    /// True for S3 `NoSuchKey`, HEAD 404s and the JSON services' not-found codes.
    public var isNotFound: Bool {
        status == 404 || ["NoSuchKey", "NotFound", "NoSuchBucket", "ResourceNotFoundException", "EntityNotFoundException"]
            .contains(code)
    }
}
