import Foundation
import GA4
import Testing
import TestSupport

@testable import AppFlowRegistration

/// The function's validation and `schemas/register-data-flow.schema.json` (judged by Python jsonschema) must agree
/// on every event below: the same verdict, and the schema's error inside a field the function names.
@Suite struct RegisterDataFlowSchemaTests {
    typealias F = RegistrationFixtures

    static let python: URL? = {
        let venv = TestEnvironment.packageRoot.appendingPathComponent(".venv/bin/python")
        return FileManager.default.isExecutableFile(atPath: venv.path) ? venv : nil
    }()

    static var schema: [String: Any] {
        let url = TestEnvironment.packageRoot.appendingPathComponent("schemas/register-data-flow.schema.json")
        return try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }

    /// Events both must accept, then events both must refuse (checks a schema can state).
    static var corpus: [(String, Any)] {
        var events: [(String, Any)] = [
            ("valid", F.detail),
            ("on demand", F.changed(["schedule"], to: nil)),
            ("cluster", F.changed(["redshift", "workgroupName"], to: nil, in: F.changed(["redshift", "clusterIdentifier"], to: "analytics-1"))),
            ("custom names", F.changed(["objects", 0, "metrics", 2], to: "averageCustomEvent:value",
                                       in: F.changed(["objects", 0, "dimensions", 2], to: "customUser:tier"))),
            ("no dimensions", F.changed(["objects", 1, "dimensions"], to: nil)),
            ("properties/ id", F.changed(["ga4", "propertyId"], to: "properties/1")),
            ("secret arn", F.changed(["settingsSecretId"], to: "arn:aws:secretsmanager:us-east-1:123456789012:secret:appflow-registration/a-AbCdEf")),
            ("cron", F.changed(["schedule", "expression"], to: "cron(0 3 ? * MON-FRI *)")),
            ("Etc zone", F.changed(["schedule", "timeZone"], to: "Etc/GMT+2")),
        ]
        for (index, broken) in RegisterDataFlowValidatorTests.cases.enumerated() where Self.schemaExpressible.contains(index) {
            events.append((broken.0, F.changed(broken.1, to: broken.2)))
        }
        return events
    }

    /// The validator cases whose rule the schema states too (the others are cross-field rules, prefixes from the
    /// configuration, or cron semantics, which only the function checks).
    static let schemaExpressible: Set<Int> = {
        let functionOnly: Set<String> = [
            "flow name outside the prefix", "secret outside the prefix", "filter on another field", "range upside down",
            "numeric rule on a dimension", "same table twice", "cron with both day fields", "rate of zero",
        ]
        return Set(RegisterDataFlowValidatorTests.cases.indices.filter { !functionOnly.contains(RegisterDataFlowValidatorTests.cases[$0].0) })
    }()

    @Test(.enabled(if: python != nil || TestEnvironment.servicesRequired, "needs the venv with jsonschema (make deps)"))
    func swiftValidationAgreesWithTheJSONSchema() throws {
        let python = try #require(Self.python, "no .venv/bin/python: run make deps")
        let corpus = Self.corpus
        let process = Process()
        process.executableURL = python
        process.arguments = [TestEnvironment.packageRoot.appendingPathComponent("scripts/appflow/schema_verdicts.py").path]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: corpus.map(\.1)))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let verdicts = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(verdicts.count == corpus.count)
        for ((name, event), verdict) in zip(corpus, verdicts) {
            let schemaValid = verdict["valid"] as? Bool
            switch F.validate(event) {
            case .success:
                #expect(schemaValid == true, "\(name): the function accepts it, the schema refuses it at \(verdict["path"] ?? "")")
            case .failure(let error):
                #expect(schemaValid == false, "\(name): the schema accepts it, the function refuses it: \(error.errorMessage)")
                if let path = verdict["path"] as? String {
                    #expect(error.problems.contains { $0.path.hasPrefix(path) || path.hasPrefix($0.path) },
                            "\(name): schema at \(path), function at \(error.problems.map(\.path))")
                }
            }
        }
    }

    @Test func schemaNamesTheSameGA4FieldsAsTheCatalog() throws {
        let definitions = try #require(Self.schema["$defs"] as? [String: Any])
        func names(_ key: String) -> Set<String> {
            let anyOf = (definitions[key] as? [String: Any])?["anyOf"] as? [[String: Any]]
            return Set(anyOf?.first?["enum"] as? [String] ?? [])
        }
        #expect(names("dimensionName") == DataAPIFieldCatalog.standardDimensions)
        #expect(names("metricName") == Set(DataAPIFieldCatalog.standardMetrics.keys))
        let objectProperties = (definitions["object"] as? [String: Any])?["properties"] as? [String: Any]
        #expect((objectProperties?["dimensions"] as? [String: Any])?["maxItems"] as? Int == RegisterDataFlowValidator.maximumDimensions)
        #expect((objectProperties?["metrics"] as? [String: Any])?["maxItems"] as? Int == RegisterDataFlowValidator.maximumMetrics)
    }
}
