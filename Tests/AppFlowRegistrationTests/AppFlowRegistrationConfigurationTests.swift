import LambdaRuntime
import Testing

@testable import AppFlowRegistration

@Suite struct AppFlowRegistrationConfigurationTests {
    @Test func defaults() throws {
        let configuration = try AppFlowRegistrationConfiguration(environment: LambdaEnvironment([:]))
        #expect(configuration.flowNamePrefix == "ga4-")
        #expect(configuration.settingsSecretPrefix == "appflow-registration/")
        #expect(configuration.settingsCacheSeconds == 900)
        #expect(configuration.notificationTopicARN == nil)
        #expect(configuration.redshiftTimeoutSeconds == 300)
        #expect(configuration.redshiftPollMilliseconds == 500)
    }

    @Test(arguments: [
        ("FLOW_NAME_PREFIX", "ga4 flows"), ("SETTINGS_SECRET_PREFIX", "a b"), ("SETTINGS_CACHE_SECONDS", "-1"),
        ("NOTIFICATION_TOPIC_ARN", "registrations"), ("NOTIFICATION_TOPIC_ARN", "arn:aws:sqs:us-east-1:123456789012:q"),
        ("REDSHIFT_TIMEOUT_SECONDS", "900"), ("REDSHIFT_POLL_MILLISECONDS", "10"),
    ])
    func badValuesNameTheirVariable(_ variable: String, _ value: String) {
        #expect(throws: ConfigurationError.self) { try AppFlowRegistrationConfiguration(environment: LambdaEnvironment([variable: value])) }
        do {
            _ = try AppFlowRegistrationConfiguration(environment: LambdaEnvironment([variable: value]))
        } catch {
            #expect(error.variable == variable)
        }
    }
}

@Suite struct ScheduleAndTimeZoneTests {
    @Test(arguments: ["rate(1days)", "rate(1 day)", "rate(12hours)", "rate(5minutes)", "cron(0 3 * * ? *)", "cron(15 2 ? * MON-FRI *)",
                      "cron(0/30 * * * ? *)", "cron(0 8 L * ? 2025)"])
    func acceptedExpressions(_ expression: String) {
        #expect(FlowScheduleExpression.problem(expression) == nil)
    }

    @Test(arguments: ["rate(1 fortnight)", "rate(-1days)", "rate(367days)", "rate()", "cron(0 3 * * *)", "cron(0 3 1 * MON *)",
                      "cron(L 3 * * ? *)", "cron(0 3 * * ? *); DROP", "RATE(1DAYS)", ""])
    func refusedExpressions(_ expression: String) {
        #expect(FlowScheduleExpression.problem(expression) != nil)
    }

    @Test(arguments: ["UTC", "Europe/Berlin", "America/Argentina/Buenos_Aires", "Etc/GMT+2", "America/Port-au-Prince"])
    func acceptedZones(_ zone: String) { #expect(TimeZoneName.problem(zone) == nil) }

    @Test(arguments: ["CET", "Europe", "europe/berlin", "Europe/Berlin/../x", "Mars/Olympus", "Europe/Ber lin", "/etc/passwd"])
    func refusedZones(_ zone: String) { #expect(TimeZoneName.problem(zone) != nil) }
}

@Suite struct RegistrationSettingsTests {
    @Test func parsesAndChecksWithoutQuotingTheSecret() throws {
        let settings = try RegistrationSettings.parse(
            #"{"intermediateBucket":"staging-bucket","redshiftDbUser":"appflow_admin","password":"hunter2"}"#, secret: "s")
        #expect(settings.intermediateBucket == "staging-bucket")
        #expect(throws: RegistrationFailure.self) { try RegistrationSettings.parse(#"{"redshiftDbUser":"x"}"#, secret: "s") }
        do {
            _ = try RegistrationSettings.parse(#"{"intermediateBucket":"Bad_Bucket","password":"hunter2"}"#, secret: "s")
        } catch {
            #expect(error.kind == .settings)
            #expect(!error.errorMessage.contains("hunter2") && !error.errorMessage.contains("Bad_Bucket"))
        }
    }

    @Test func aProvisionedClusterNeedsAUserOrASecret() throws {
        let settings = try RegistrationSettings.parse(#"{"intermediateBucket":"staging-bucket"}"#, secret: "s")
        let destination = RegisterDataFlowRequest.RedshiftDestination(
            connectorProfileName: "rs", target: .cluster("c1"), database: RedshiftIdentifier("dev")!, schema: RedshiftIdentifier("ga4")!)
        #expect(throws: RegistrationFailure.self) { try settings.redshiftTarget(destination, secret: "s") }
        var serverless = destination
        serverless.target = .workgroup("wg1")
        #expect(try settings.redshiftTarget(serverless, secret: "s") == .serverless(workgroup: "wg1", secretARN: nil))
    }
}
