#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import AWS

/// Decides what a flow needs so that a re-delivered event changes nothing: create it when DescribeFlow finds
/// none, update it when a member the registration sets differs from what AppFlow holds, else leave it alone.
/// Only members the registration sets are compared (AppFlow adds defaults of its own, such as a schedule offset),
/// and only those UpdateFlow can change (not the KMS key or tags).
enum FlowReconciliation {
    enum Action: Sendable, Equatable {
        case create
        case update(differences: [String])
        case unchanged
    }

    static let comparedMembers = ["description", "triggerConfig", "sourceFlowConfig", "destinationFlowConfigList", "tasks"]

    static func action(desired: AppFlowFlowDefinition, existing: JSONValue?) -> Action {
        guard let existing else { return .create }
        let wanted = document(desired)
        var differences: [String] = []
        for member in comparedMembers {
            guard let value = wanted.member(member) else { continue }
            differences += self.differences(value, existing.member(member), path: member)
        }
        return differences.isEmpty ? .unchanged : .update(differences: differences)
    }

    /// The definition as the JSON AppFlow receives.
    static func document(_ flow: AppFlowFlowDefinition) -> JSONValue {
        // Encoding plain Codable values into JSON cannot fail.
        let data = try! JSONEncoder().encode(flow)
        return try! JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// Paths where `existing` lacks or differs from what `desired` states.
    static func differences(_ desired: JSONValue, _ existing: JSONValue?, path: String) -> [String] {
        guard let existing else { return [path] }
        switch (desired, existing) {
        case (.object(let members), .object):
            return members.flatMap { name, value in differences(value, existing.member(name), path: "\(path).\(name)") }
        case (.array(let wanted), .array(let held)):
            guard wanted.count == held.count else { return [path] }
            return zip(wanted, held).enumerated().flatMap { index, pair in differences(pair.0, pair.1, path: "\(path)[\(index)]") }
        default:
            return desired == existing ? [] : [path]
        }
    }
}

extension JSONValue {
    func member(_ name: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last { $0.0 == name }?.1
    }

    var stringValue: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }
}
