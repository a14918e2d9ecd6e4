import Foundation
import Testing
import TestSupport

@testable import AppFlowRegistration

/// Mutated details (bytes flipped, inserted, removed; a seeded generator, so every run tries the same ones) either
/// fail validation with named problems or become requests whose DDL holds only safe identifiers: never a crash,
/// never a statement that text from the event could change.
@Suite struct HostileDetailPropertyTests {
    typealias F = RegistrationFixtures

    static let alphabet = Array(#"";'`\ -_.:/{}[],0123456789azAZ\u{0}é€😀"#.utf8)

    @Test func mutatedDetailsAreRefusedOrSafe() throws {
        var generator = SplitMix64(seed: 13)
        let original = Array(F.json(F.detail))
        var accepted = 0
        var refused = 0
        for _ in 0..<1500 {
            var bytes = original
            for _ in 0...Int.random(in: 0...3, using: &generator) {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0...2, using: &generator) {
                case 0: bytes[index] = Self.alphabet.randomElement(using: &generator)!
                case 1: bytes.insert(Self.alphabet.randomElement(using: &generator)!, at: index)
                default: bytes.remove(at: index)
                }
            }
            guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)) else { continue }
            switch F.validator.validate(value) {
            case .failure(let error):
                refused += 1
                #expect(!error.problems.isEmpty && error.problems.allSatisfy { $0.path.hasPrefix("detail") })
            case .success(let request):
                accepted += 1
                let ddl = RedshiftTableDDL(schema: request.redshift.schema, objects: request.objects)
                for statement in ddl.statements {
                    #expect(!statement.contains(";") && !statement.contains("'") && !statement.contains("--"), "\(statement)")
                    #expect(statement.utf8.allSatisfy { $0 >= 32 && $0 < 127 }, "\(statement)")
                }
                #expect(request.objects.allSatisfy { $0.dimensions.count <= 9 && (1...10).contains($0.metrics.count) })
            }
        }
        #expect(refused > 50)
        #expect(accepted > 50)
    }
}
