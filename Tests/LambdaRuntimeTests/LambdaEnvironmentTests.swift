import Testing

@testable import LambdaRuntime

@Suite struct LambdaEnvironmentTests {
    let environment = LambdaEnvironment([
        "BUCKET": "data", "EMPTY": "", "BATCH": "250", "BAD": "25x", "HUGE": "99999", "FLAG": "TRUE", "MODE": "glue",
        "PREFIX": "/events", "EVIL": "events/../secrets",
    ])

    @Test func requiredValuesNameTheVariable() throws {
        #expect(throws: ConfigurationError(variable: "MISSING", problem: "is not set")) { try environment.required("MISSING") }
        #expect(throws: ConfigurationError(variable: "EMPTY", problem: "is not set")) { try environment.required("EMPTY") }
        #expect(try environment.required("BUCKET") == "data")
    }

    @Test func integersAreParsedAndRangeChecked() throws {
        #expect(try environment.integer("BATCH", default: 1, range: 1...1000) == 250)
        #expect(try environment.integer("UNSET", default: 7, range: 1...1000) == 7)
        #expect(throws: ConfigurationError(variable: "BAD", problem: "\"25x\" is not an integer")) {
            try environment.integer("BAD", default: 1, range: 1...10)
        }
        #expect(throws: ConfigurationError(variable: "HUGE", problem: "99999 is outside 1...1000")) {
            try environment.integer("HUGE", default: 1, range: 1...1000)
        }
    }

    @Test func choicesBooleansAndPrefixes() throws {
        #expect(try environment.boolean("FLAG", default: false))
        #expect(throws: ConfigurationError.self) { try environment.boolean("BUCKET", default: false) }
        #expect(try environment.choice("MODE", default: "athena", allowed: ["athena", "glue"]) == "glue")
        #expect(throws: ConfigurationError.self) { try environment.choice("BUCKET", default: "athena", allowed: ["athena", "glue"]) }
        #expect(try environment.keyPrefix("PREFIX", default: "") == "events/")
        #expect(try environment.keyPrefix("UNSET", default: "failed") == "failed/")
        #expect(throws: ConfigurationError.self) { try environment.keyPrefix("EVIL", default: "") }
    }

    struct Unreadable: Error, CustomStringConvertible {
        var description: String { "no region in AWS_REGION" }
    }

    @Test func settingsReadTheWholeEnvironment() throws {
        let region = try environment.settings("AWS configuration") { values in try #require(values["MODE"]) }
        #expect(region == "glue")
    }

    @Test func aSettingsFailureNamesWhatWasBeingRead() {
        #expect(throws: ConfigurationError(variable: "AWS configuration", problem: "no region in AWS_REGION")) {
            try environment.settings("AWS configuration") { _ -> String in throw Unreadable() }
        }
    }
}
