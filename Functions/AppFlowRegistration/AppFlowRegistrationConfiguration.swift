import AWS
import LambdaRuntime

/// Settings from the environment, validated at init so a bad value fails the init with the variable's name.
struct AppFlowRegistrationConfiguration: Sendable {
    /// `FLOW_NAME_PREFIX` (default `ga4-`): every flow name must start with it; the IAM policy allows
    /// `appflow:*Flow` on `flow/<prefix>*` only.
    let flowNamePrefix: String
    /// `SETTINGS_SECRET_PREFIX` (default `appflow-registration/`): the settings secrets an event may name.
    let settingsSecretPrefix: String
    /// `SETTINGS_CACHE_SECONDS` (0…86,400, default 900): how long settings read from Secrets Manager are reused.
    let settingsCacheSeconds: Int
    /// `NOTIFICATION_TOPIC_ARN` (optional): the SNS topic that gets a notice of every result.
    let notificationTopicARN: String?
    /// `REDSHIFT_TIMEOUT_SECONDS` (5…840, default 300): how long to wait for the DDL batch.
    let redshiftTimeoutSeconds: Int
    /// `REDSHIFT_POLL_MILLISECONDS` (50…10,000, default 500): the first DescribeStatement interval (it grows ×1.5).
    let redshiftPollMilliseconds: Int
    /// `METRICS_NAMESPACE` (default `GA4Pipeline`).
    let metricsNamespace: String

    init(environment: LambdaEnvironment) throws(ConfigurationError) {
        flowNamePrefix = environment.string("FLOW_NAME_PREFIX", default: "ga4-")
        if let problem = AppFlowNamePatterns.flowNameProblem(flowNamePrefix + "x", maxLength: 64) {
            throw ConfigurationError(variable: "FLOW_NAME_PREFIX", problem: problem)
        }
        settingsSecretPrefix = environment.string("SETTINGS_SECRET_PREFIX", default: "appflow-registration/")
        if settingsSecretPrefix.isEmpty || RegisterDataFlowValidator.secretNameProblem(settingsSecretPrefix) != nil {
            throw ConfigurationError(variable: "SETTINGS_SECRET_PREFIX", problem: "\"\(settingsSecretPrefix)\" is not a secret name prefix")
        }
        settingsCacheSeconds = try environment.integer("SETTINGS_CACHE_SECONDS", default: 900, range: 0...86_400)
        let topic = environment["NOTIFICATION_TOPIC_ARN"].flatMap { $0.isEmpty ? nil : $0 }
        if let topic, !(topic.hasPrefix("arn:") && topic.split(separator: ":").count == 6 && topic.split(separator: ":")[2] == "sns") {
            throw ConfigurationError(variable: "NOTIFICATION_TOPIC_ARN", problem: "\"\(topic)\" is not an SNS topic ARN")
        }
        notificationTopicARN = topic
        redshiftTimeoutSeconds = try environment.integer("REDSHIFT_TIMEOUT_SECONDS", default: 300, range: 5...840)
        redshiftPollMilliseconds = try environment.integer("REDSHIFT_POLL_MILLISECONDS", default: 500, range: 50...10_000)
        metricsNamespace = environment.string("METRICS_NAMESPACE", default: "GA4Pipeline")
    }

    var validator: RegisterDataFlowValidator {
        RegisterDataFlowValidator(flowNamePrefix: flowNamePrefix, secretPrefix: settingsSecretPrefix)
    }

    var redshiftPolling: PollingPolicy {
        PollingPolicy(interval: .milliseconds(redshiftPollMilliseconds), maxInterval: .seconds(5), timeout: .seconds(redshiftTimeoutSeconds))
    }
}
