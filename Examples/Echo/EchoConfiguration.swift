import LambdaRuntime

/// Settings from the environment, validated at init so a bad value fails the init, not an invocation.
struct EchoConfiguration: Sendable {
    /// `ECHO_PREFIX`: put in front of every echoed message.
    let prefix: String
    /// `ECHO_MAX_MESSAGE_BYTES`: longer messages are refused (1 to 1,000,000; default 65,536).
    let maxMessageBytes: Int

    init(environment: LambdaEnvironment) throws(ConfigurationError) {
        prefix = environment.string("ECHO_PREFIX", default: "")
        maxMessageBytes = try environment.integer("ECHO_MAX_MESSAGE_BYTES", default: 65_536, range: 1...1_000_000)
    }
}
