/// A function's failure of one of its fixed kinds, with a message naming what failed and where. The kind's raw
/// value is the `errorType` Lambda reports in the invoke response, the logs and the failure destination, so each
/// function declares its kinds as a `String` enum and reports them through this one type.
public struct LambdaFailure<Kind: RawRepresentable & Sendable>: LambdaReportableError, CustomStringConvertible
where Kind.RawValue == String {
    public let kind: Kind
    public let errorMessage: String
    public var errorType: String { kind.rawValue }
    public var description: String { errorMessage }

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        errorMessage = message
    }
}
