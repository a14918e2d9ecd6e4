import Foundation
import Testing

@testable import AWS

@Suite struct AWSConfigurationTests {
    let lambdaEnvironment = [
        "AWS_ACCESS_KEY_ID": "ASIAEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": "token",
        "AWS_REGION": "eu-west-1",
    ]

    @Test func readsLambdaCredentialsAndRegion() throws {
        let configuration = try AWSConfiguration.fromEnvironment(lambdaEnvironment)
        #expect(configuration.credentials == AWSCredentials(accessKeyID: "ASIAEXAMPLE", secretAccessKey: "secret", sessionToken: "token"))
        #expect(configuration.region == "eu-west-1")
        #expect(configuration.maxAttempts == 3)
        #expect(configuration.endpoint(for: .glue).baseURL == "https://glue.eu-west-1.amazonaws.com")
        #expect(configuration.endpoint(for: .s3).baseURL == "https://s3.eu-west-1.amazonaws.com")
        #expect(configuration.endpoint(for: .s3).isCustom == false)
    }

    @Test func serviceEndpointWinsOverTheGlobalOne() throws {
        var environment = lambdaEnvironment
        environment["AWS_ENDPOINT_URL"] = "http://127.0.0.1:5000/"
        environment["AWS_ENDPOINT_URL_SECRETS_MANAGER"] = "https://secrets.internal:8443/base"
        let configuration = try AWSConfiguration.fromEnvironment(environment)
        #expect(configuration.endpoint(for: .s3).baseURL == "http://127.0.0.1:5000")
        #expect(configuration.endpoint(for: .s3).isCustom)
        let secrets = configuration.endpoint(for: .secretsManager)
        #expect(secrets.hostHeader == "secrets.internal:8443")
        #expect(secrets.basePath == "/base")
        environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true"
        #expect(try AWSConfiguration.fromEnvironment(environment).endpoint(for: .s3).isCustom == false)
    }

    @Test func badValuesNameTheVariable() {
        var environment = lambdaEnvironment
        environment["AWS_ENDPOINT_URL_S3"] = "ftp://x"
        #expect(throws: AWSConfigurationError.invalidValue(variable: "AWS_ENDPOINT_URL_S3", value: "ftp://x", reason: "scheme must be https or http")) {
            try AWSConfiguration.fromEnvironment(environment)
        }
        #expect(throws: AWSConfigurationError.self) {
            try AWSConfiguration.fromEnvironment(["AWS_ACCESS_KEY_ID": "a", "AWS_REGION": "us-east-1", "HOME": "/nonexistent"])
        }
        let missingRegion = #expect(throws: AWSConfigurationError.self) {
            try AWSConfiguration.fromEnvironment(["AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b", "HOME": "/nonexistent"])
        }
        #expect(missingRegion?.description.contains("AWS_REGION") == true)
        var attempts = lambdaEnvironment
        attempts["AWS_MAX_ATTEMPTS"] = "zero"
        #expect(throws: AWSConfigurationError.self) { try AWSConfiguration.fromEnvironment(attempts) }
    }

    @Test func readsAProfileFromTheSharedFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "aws-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try """
        [default]
        aws_access_key_id = DEFAULTKEY
        aws_secret_access_key = defaultsecret
        # a comment
        [dev]
        aws_access_key_id=DEVKEY
        aws_secret_access_key=dev/secret+=
        aws_session_token = devtoken ; trailing comment
        """.write(to: directory.appending(path: "credentials"), atomically: true, encoding: .utf8)
        try """
        [default]
        region = us-west-2
        [profile dev]
        region = ap-southeast-2
        s3 =
          addressing_style = path
        [sso-session corp]
        region = eu-north-1
        """.write(to: directory.appending(path: "config"), atomically: true, encoding: .utf8)
        let files = [
            "AWS_SHARED_CREDENTIALS_FILE": directory.appending(path: "credentials").path,
            "AWS_CONFIG_FILE": directory.appending(path: "config").path,
        ]
        let defaults = try AWSConfiguration.fromEnvironment(files)
        #expect(defaults.credentials == AWSCredentials(accessKeyID: "DEFAULTKEY", secretAccessKey: "defaultsecret"))
        #expect(defaults.region == "us-west-2")
        let dev = try AWSConfiguration.fromEnvironment(files.merging(["AWS_PROFILE": "dev"]) { $1 })
        #expect(dev.credentials == AWSCredentials(accessKeyID: "DEVKEY", secretAccessKey: "dev/secret+=", sessionToken: "devtoken"))
        #expect(dev.region == "ap-southeast-2")
        #expect(throws: AWSConfigurationError.self) {
            try AWSConfiguration.fromEnvironment(files.merging(["AWS_PROFILE": "corp"]) { $1 })
        }
    }
}
