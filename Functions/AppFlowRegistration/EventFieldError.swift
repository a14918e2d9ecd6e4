import LambdaRuntime

/// One problem in the event, with the path of the field it is in (`detail.objects[0].metrics[3]`), the way
/// a JSON Schema validator reports an instance location.
struct EventFieldError: Sendable, Equatable, CustomStringConvertible {
    var path: String
    var problem: String
    var description: String { "\(path): \(problem)" }
}

/// Every problem of an event, reported together so one round trip fixes them all.
struct InvalidRegistrationError: LambdaReportableError, CustomStringConvertible {
    let problems: [EventFieldError]
    var errorType: String { "InvalidEvent" }
    var errorMessage: String {
        "RegisterDataFlow event rejected (\(problems.count) problem\(problems.count == 1 ? "" : "s")): "
            + problems.map(\.description).joined(separator: "; ")
    }
    var description: String { errorMessage }
}
