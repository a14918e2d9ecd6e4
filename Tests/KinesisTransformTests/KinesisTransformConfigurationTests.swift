import LambdaRuntime
import Testing

@testable import KinesisTransform

struct KinesisTransformConfigurationTests {
    let base = ["S3_BUCKET": "clickstream-data", "SNS_TOPIC_ARN": "arn:aws:sns:us-east-1:123456789012:clickstream-alerts"]

    @Test func defaults() throws {
        let configuration = try KinesisTransformConfiguration(environment: LambdaEnvironment(base))
        #expect(configuration.layout.eventsPrefix == "events/")
        #expect(configuration.layout.failedPrefix == "failed/")
        #expect(configuration.writeConcurrency == 8)
        #expect(configuration.decoder.maximumPayloadBytes == 1 << 20)
        #expect(configuration.decoder.timestampRule.maximumAgeMilliseconds == 720 * 3_600_000)
    }

    @Test(arguments: [
        (["S3_BUCKET": ""], "S3_BUCKET: is not set"),
        (["S3_BUCKET": "Bad_Bucket"], #"S3_BUCKET: "Bad_Bucket" is not a valid S3 bucket name"#),
        (["SNS_TOPIC_ARN": "topic"], #"SNS_TOPIC_ARN: "topic" is not an SNS topic ARN"#),
        (["EVENTS_PREFIX": "../x"], #"EVENTS_PREFIX: "../x" must not contain . or .. segments"#),
        (["FAILED_PREFIX": "events/failed"], "FAILED_PREFIX: \"events/failed/\" and EVENTS_PREFIX \"events/\" must be non-empty and must not contain one another"),
        (["WRITE_CONCURRENCY": "0"], "WRITE_CONCURRENCY: 0 is outside 1...64"),
        (["MAX_EVENT_AGE_HOURS": "soon"], #"MAX_EVENT_AGE_HOURS: "soon" is not an integer"#),
    ])
    func badSettingsNameTheVariable(overrides: [String: String], message: String) {
        let error = #expect(throws: ConfigurationError.self) {
            try KinesisTransformConfiguration(environment: LambdaEnvironment(base.merging(overrides) { $1 }))
        }
        #expect(error?.errorMessage == message)
    }
}
