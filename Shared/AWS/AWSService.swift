/// How one AWS service is addressed, signed and spoken to.
public struct AWSService: Sendable, Hashable {
    /// The wire protocol of the service's API, which decides how requests and errors are encoded.
    public enum WireProtocol: Sendable, Hashable {
        /// REST with XML bodies (S3).
        case restXML
        /// Form-encoded POST with `Action` and `Version`, XML responses (SNS).
        case query(version: String)
        /// `POST /` with a JSON body and `X-Amz-Target: <prefix>.<Operation>`.
        case json(version: String, targetPrefix: String)
        /// REST with JSON bodies (AppFlow).
        case restJSON
    }

    /// The SDK service id; `AWS_ENDPOINT_URL_<ID>` uses it upper-cased with spaces as underscores.
    public let id: String
    /// The service name in the SigV4 credential scope.
    public let signingName: String
    /// The first label of the default endpoint host.
    public let endpointPrefix: String
    public let wireProtocol: WireProtocol

    public init(id: String, signingName: String, endpointPrefix: String, wireProtocol: WireProtocol) {
        self.id = id
        self.signingName = signingName
        self.endpointPrefix = endpointPrefix
        self.wireProtocol = wireProtocol
    }

    /// The suffix of the service's endpoint variable: `S3`, `SECRETS_MANAGER`, `REDSHIFT_DATA`.
    public var environmentKey: String {
        String(id.uppercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
    }

    /// S3 signs the path as sent (no second encoding, no normalization) and always signs the payload hash.
    var usesS3SigningRules: Bool { signingName == "s3" }

    public static let s3 = AWSService(id: "S3", signingName: "s3", endpointPrefix: "s3", wireProtocol: .restXML)
    public static let sns = AWSService(
        id: "SNS", signingName: "sns", endpointPrefix: "sns", wireProtocol: .query(version: "2010-03-31"))
    public static let athena = AWSService(
        id: "Athena", signingName: "athena", endpointPrefix: "athena",
        wireProtocol: .json(version: "1.1", targetPrefix: "AmazonAthena"))
    public static let glue = AWSService(
        id: "Glue", signingName: "glue", endpointPrefix: "glue", wireProtocol: .json(version: "1.1", targetPrefix: "AWSGlue"))
    public static let secretsManager = AWSService(
        id: "Secrets Manager", signingName: "secretsmanager", endpointPrefix: "secretsmanager",
        wireProtocol: .json(version: "1.1", targetPrefix: "secretsmanager"))
    public static let kinesis = AWSService(
        id: "Kinesis", signingName: "kinesis", endpointPrefix: "kinesis",
        wireProtocol: .json(version: "1.1", targetPrefix: "Kinesis_20131202"))
    public static let appFlow = AWSService(
        id: "AppFlow", signingName: "appflow", endpointPrefix: "appflow", wireProtocol: .restJSON)
    public static let sqs = AWSService(
        id: "SQS", signingName: "sqs", endpointPrefix: "sqs", wireProtocol: .json(version: "1.0", targetPrefix: "AmazonSQS"))
    public static let lambda = AWSService(id: "Lambda", signingName: "lambda", endpointPrefix: "lambda", wireProtocol: .restJSON)
    public static let redshiftData = AWSService(
        id: "Redshift Data", signingName: "redshift-data", endpointPrefix: "redshift-data",
        wireProtocol: .json(version: "1.1", targetPrefix: "RedshiftData"))
}
