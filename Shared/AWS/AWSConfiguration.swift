#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Everything the clients need to reach AWS: credentials, region, endpoints and the retry budget.
/// Built once at start-up, normally from the environment Lambda provides.
public struct AWSConfiguration: Sendable {
    public var credentials: AWSCredentials
    public var region: String
    /// The endpoint for every service (`AWS_ENDPOINT_URL`), if set.
    public var endpointOverride: AWSEndpoint?
    /// Per-service endpoints (`AWS_ENDPOINT_URL_<SERVICE>`), keyed by `AWSService.environmentKey`.
    public var serviceEndpointOverrides: [String: AWSEndpoint]
    /// Attempts per call, the first included (standard retry mode: 3).
    public var maxAttempts: Int
    /// The clock requests are signed with.
    public var clock: @Sendable () -> Date

    public init(
        credentials: AWSCredentials,
        region: String,
        endpointOverride: AWSEndpoint? = nil,
        serviceEndpointOverrides: [String: AWSEndpoint] = [:],
        maxAttempts: Int = 3,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.credentials = credentials
        self.region = region
        self.endpointOverride = endpointOverride
        self.serviceEndpointOverrides = serviceEndpointOverrides
        self.maxAttempts = max(1, maxAttempts)
        self.clock = clock
    }

    /// The endpoint for a service: `AWS_ENDPOINT_URL_<SERVICE>`, then `AWS_ENDPOINT_URL`, then AWS's default.
    public func endpoint(for service: AWSService) -> AWSEndpoint {
        serviceEndpointOverrides[service.environmentKey] ?? endpointOverride ?? .standard(for: service, region: region)
    }

    /// Reads the configuration the way the AWS SDKs do.
    ///
    /// - Credentials: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` (what Lambda sets); when
    ///   absent, the profile `AWS_PROFILE` (or `default`) of `AWS_SHARED_CREDENTIALS_FILE` (`~/.aws/credentials`)
    ///   or `AWS_CONFIG_FILE` (`~/.aws/config`).
    /// - Region: `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's `region`.
    /// - Endpoints: `AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_<SERVICE>`, unless `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`.
    /// - Retries: `AWS_MAX_ATTEMPTS`.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(AWSConfigurationError) -> AWSConfiguration {
        func value(_ name: String) -> String? {
            guard let raw = environment[name]?.trimmedWhitespace(), !raw.isEmpty else { return nil }
            return raw
        }

        let profileName = value("AWS_PROFILE") ?? value("AWS_DEFAULT_PROFILE") ?? "default"
        let home = value("HOME") ?? ""
        // Files are read only when the environment leaves something open.
        var profileCache: ([String: String], [String: String])?
        func profile() throws(AWSConfigurationError) -> (credentials: [String: String], config: [String: String]) {
            if let profileCache { return profileCache }
            let credentialsPath = value("AWS_SHARED_CREDENTIALS_FILE") ?? "\(home)/.aws/credentials"
            let configPath = value("AWS_CONFIG_FILE") ?? "\(home)/.aws/config"
            let credentialsFile = try SharedConfigFile.load(path: credentialsPath, isConfigFile: false)
            let configFile = try SharedConfigFile.load(path: configPath, isConfigFile: true)
            let result = (credentialsFile?.profiles[profileName] ?? [:], configFile?.profiles[profileName] ?? [:])
            if value("AWS_PROFILE") != nil, result.0.isEmpty, result.1.isEmpty {
                throw .profileNotFound(profile: profileName, files: [credentialsPath, configPath])
            }
            profileCache = result
            return result
        }

        let credentials: AWSCredentials
        if let keyID = value("AWS_ACCESS_KEY_ID") {
            guard let secret = value("AWS_SECRET_ACCESS_KEY") else {
                throw .missing(variable: "AWS_SECRET_ACCESS_KEY", detail: "AWS_ACCESS_KEY_ID is set without it")
            }
            credentials = AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: value("AWS_SESSION_TOKEN"))
        } else {
            let (fromCredentials, fromConfig) = try profile()
            let merged = fromConfig.merging(fromCredentials) { _, credentialsFileValue in credentialsFileValue }
            guard let keyID = merged["aws_access_key_id"], let secret = merged["aws_secret_access_key"] else {
                throw .missing(
                    variable: "AWS_ACCESS_KEY_ID",
                    detail: "no credentials in the environment nor in profile \"\(profileName)\" of the shared files")
            }
            credentials = AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: merged["aws_session_token"])
        }

        let region: String
        if let fromEnvironment = value("AWS_REGION") ?? value("AWS_DEFAULT_REGION") {
            region = fromEnvironment
        } else if let fromProfile = try profile().config["region"] {
            region = fromProfile
        } else {
            throw .missing(variable: "AWS_REGION", detail: "no region in AWS_REGION, AWS_DEFAULT_REGION or the profile")
        }
        guard !region.isEmpty, region.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) else {
            throw .invalidValue(variable: "AWS_REGION", value: region, reason: "a region is lower-case letters, digits and dashes")
        }

        var endpointOverride: AWSEndpoint?
        var serviceOverrides: [String: AWSEndpoint] = [:]
        if value("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")?.lowercased() != "true" {
            if let url = value("AWS_ENDPOINT_URL") {
                endpointOverride = try AWSEndpoint(url: url, source: "AWS_ENDPOINT_URL")
            }
            for (name, url) in environment where name.hasPrefix("AWS_ENDPOINT_URL_") && !url.isEmpty {
                let key = String(name.dropFirst("AWS_ENDPOINT_URL_".count))
                serviceOverrides[key] = try AWSEndpoint(url: url.trimmedWhitespace(), source: name)
            }
        }

        var maxAttempts = 3
        if let text = value("AWS_MAX_ATTEMPTS") {
            guard let parsed = Int(text), parsed >= 1 else {
                throw .invalidValue(variable: "AWS_MAX_ATTEMPTS", value: text, reason: "must be a whole number of at least 1")
            }
            maxAttempts = parsed
        }

        return AWSConfiguration(
            credentials: credentials, region: region, endpointOverride: endpointOverride,
            serviceEndpointOverrides: serviceOverrides, maxAttempts: maxAttempts)
    }
}

/// A configuration value that is missing or wrong, naming the variable or file.
public enum AWSConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    case missing(variable: String, detail: String)
    case invalidValue(variable: String, value: String, reason: String)
    case unreadableFile(path: String, detail: String)
    case profileNotFound(profile: String, files: [String])

    public var description: String {
        switch self {
        case .missing(let variable, let detail): return "\(variable) is not set: \(detail)"
        case .invalidValue(let variable, let value, let reason): return "\(variable)=\"\(value)\" is invalid: \(reason)"
        case .unreadableFile(let path, let detail): return "cannot read \(path): \(detail)"
        case .profileNotFound(let profile, let files):
            return "profile \"\(profile)\" (AWS_PROFILE) is in none of \(files.joined(separator: ", "))"
        }
    }
}
