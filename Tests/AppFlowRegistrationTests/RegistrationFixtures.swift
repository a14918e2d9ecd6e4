import Foundation
import Testing

@testable import AppFlowRegistration

/// A valid detail and the means to change one member of it, for the validation, schema and builder tests.
enum RegistrationFixtures {
    static let validator = RegisterDataFlowValidator(flowNamePrefix: "ga4-", secretPrefix: "appflow-registration/")

    static let detailText = #"""
    {"flowName": "ga4-analytics", "description": "GA4 core reports",
     "settingsSecretId": "appflow-registration/analytics",
     "ga4": {"propertyId": "345678901", "connectorProfileName": "ga4-analytics"},
     "redshift": {"connectorProfileName": "redshift-analytics", "workgroupName": "analytics", "database": "dev", "schema": "ga4"},
     "objects": [
       {"entity": "accounts/1/properties/345678901/coreReport", "table": "sessions_daily",
        "dimensions": ["date", "country", "deviceCategory"],
        "metrics": ["sessions", "engagementRate", "purchaseRevenue"],
        "filters": [{"field": "country", "operator": "NOT_EQUAL_TO", "value": "(not set)"},
                    {"field": "sessions", "operator": "BETWEEN", "lower": 1, "upper": 1000000}],
        "validations": [{"field": "date", "rule": "nonNull"}, {"field": "sessions", "rule": "nonNegative", "action": "terminateFlow"},
                        {"field": "engagementRate", "rule": "range", "minimum": 0, "maximum": 1}]},
       {"entity": "accounts/1/properties/345678901/coreReport", "table": "pages_daily",
        "dimensions": ["date", "pagePath"], "metrics": ["screenPageViews"], "dimensionLength": 1024}
     ],
     "schedule": {"expression": "rate(1days)", "startTime": "2024-01-16T03:00:00Z", "timeZone": "Europe/Berlin"},
     "errorBucket": "analytics-appflow-errors", "errorPrefix": "rejected/",
     "tags": {"team": "analytics"}}
    """#

    static var detail: Any { try! JSONSerialization.jsonObject(with: Data(detailText.utf8)) }

    /// The detail with the member at `path` (keys and array indexes) replaced, or removed when `value` is nil.
    static func changed(_ path: [Any], to value: Any?, in base: Any? = nil) -> Any {
        func apply(_ node: Any, _ rest: ArraySlice<Any>) -> Any {
            guard let head = rest.first else { return value as Any }
            if let key = head as? String, var object = node as? [String: Any] {
                if rest.count == 1, value == nil { object[key] = nil } else { object[key] = apply(object[key] ?? NSNull(), rest.dropFirst()) }
                return object
            }
            if let index = head as? Int, var array = node as? [Any] {
                if rest.count == 1, value == nil { array.remove(at: index) } else { array[index] = apply(array[index], rest.dropFirst()) }
                return array
            }
            return node
        }
        return apply(base ?? detail, path[...])
    }

    static func json(_ object: Any) -> Data { try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) }

    static func value(_ object: Any) -> JSONValue { try! JSONDecoder().decode(JSONValue.self, from: json(object)) }

    static func validate(_ object: Any) -> Result<RegisterDataFlowRequest, InvalidRegistrationError> {
        validator.validate(value(object))
    }

    static var request: RegisterDataFlowRequest { try! validate(detail).get() }

    static let settings = RegistrationSettings(
        intermediateBucket: "analytics-appflow-staging", intermediatePrefix: "appflow/", redshiftDbUser: "appflow_admin",
        redshiftSecretArn: nil, kmsKeyArn: nil)
}
