import GA4
import LambdaRuntime

/// Log lines for what the Data API client reports: retries, refused tokens, quota. No token or body.
enum GA4ClientEventLog {
    static func log(_ event: GA4DataClient.Event, logger: Logger) {
        switch event {
        case .retrying(let method, let resource, let attempt, let delay, let reason):
            logger.warn("retrying a Data API call", [
                "method": .string(method), "resource": .string(resource), "attempt": .int(attempt),
                "delay": .string("\(delay)"), "reason": .string(reason),
            ])
        case .tokenRefused(let method, let resource):
            logger.warn("access token refused; fetching a new one", ["method": .string(method), "resource": .string(resource)])
        case .quota(let property, let quota):
            var metadata: LogMetadata = ["property": .string(property.number)]
            for bucket in PropertyQuota.Bucket.allCases {
                if let status = quota[bucket] { metadata.entries.append((bucket.rawValue, .int(Int(status.remaining)))) }
            }
            logger.debug("property quota", metadata)
        }
    }
}
