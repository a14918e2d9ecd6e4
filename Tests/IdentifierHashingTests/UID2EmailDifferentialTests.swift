import Foundation
import IdentifierHashing
import TestSupport
import Testing

/// The `uid2` email rule against UID2's own SDK (`uid2-client`, scripts/identifier_hashing/uid2_email_corpus.py):
/// every address it accepts must equal the SDK's normalization; what it refuses and the SDK keeps must be the
/// documented refusals (whitespace inside, tabs at the ends, non-ASCII), listed with the reason.
@Suite(.enabled(if: PythonOracle.available("uid2_client"), "needs the uid2-client package (make deps)"))
struct UID2EmailDifferentialTests {
    @Test func acceptedAddressesEqualTheSDK() throws {
        let output = try PythonScript.run("scripts/identifier_hashing/uid2_email_corpus.py", ["2000"])
        let normalizer = try IdentifierNormalizer(ruleSet: .uid2, phoneRegion: "US")
        var accepted = 0
        var refusedButKept = 0
        for line in output.split(separator: UInt8(ascii: "\n")) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
            let input = try #require(object["input"] as? String)
            let expected = object["normalized"] as? String
            switch normalizer.normalize(input, as: .email) {
            case .normalized(let value):
                accepted += 1
                #expect(value.text == expected, "\(input)")
            case .refused(let reason):
                guard expected != nil else { continue }
                refusedButKept += 1
                print("  refused \(input.debugDescription), which the SDK keeps: \(reason.rawValue)")
                let documented = input.unicodeScalars.contains { !$0.isASCII }
                    || input.trimmingCharacters(in: [" "]).unicodeScalars.contains { $0.value <= 0x20 }
                #expect(documented, "\(input.debugDescription) refused as \(reason.rawValue)")
            case .empty:
                #expect(expected == nil, "\(input.debugDescription) read as empty")
            }
        }
        print("uid2 email corpus: \(accepted) accepted equal to the SDK, \(refusedButKept) refused that the SDK keeps")
        #expect(accepted > 1000)
    }
}

/// Whether the package's virtual environment can import a Python module (always true under `make test`, where
/// a missing oracle must fail the test rather than skip it).
enum PythonOracle {
    static func available(_ module: String) -> Bool {
        if TestEnvironment.servicesRequired { return true }
        let python = TestEnvironment.packageRoot.appendingPathComponent(".venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python) else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", "import \(module)"]
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
