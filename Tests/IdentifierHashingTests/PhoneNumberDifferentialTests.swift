import Foundation
import IdentifierHashing
import TestSupport
import Testing

/// The E.164 normalizer against libphonenumber (the `phonenumbers` port, scripts/identifier_hashing/phone_corpus.py):
/// every number it accepts must equal phonenumbers' E.164; every refusal is listed with its reason, and refusals
/// stay under the bounds below.
@Suite(.enabled(if: PythonOracle.available("phonenumbers"), "needs the phonenumbers package (make deps)"))
struct PhoneNumberDifferentialTests {
    /// Share of the corpus (valid numbers of the supported regions, written every usual way) that may be refused.
    /// Digits that begin with the calling code but lack the '+' are refused wherever the region's national
    /// lengths overlap (DE, IT, NL, SE, AT, …: libphonenumber decides them with number patterns), about half of
    /// that spelling; every other spelling must almost always be accepted.
    static let refusalBound = 0.06
    static let refusalBoundWithPlusOrNational = 0.01

    @Test func acceptedNumbersEqualLibphonenumber() throws {
        let corpus = try PhoneCorpus.load(count: 3000)
        #expect(corpus.count > 2500)
        var normalizers: [String: IdentifierNormalizer] = [:]
        var refusals: [(PhoneCorpus.Entry, NormalizationRefusal)] = []
        var accepted = 0
        var acceptedRandom = 0
        for entry in corpus {
            let normalizer = try normalizers[entry.region] ?? IdentifierNormalizer(ruleSet: .standard, phoneRegion: entry.region)
            normalizers[entry.region] = normalizer
            switch normalizer.normalize(entry.input, as: .phone) {
            case .normalized(let value):
                accepted += 1
                #expect(value.text == entry.e164, "\(entry.input) read in \(entry.region)")
            case .refused(let reason):
                refusals.append((entry, reason))
            case .empty:
                Issue.record("\(entry.input) read as empty")
            }
            if entry.spelling == "random", case .normalized = normalizer.normalize(entry.input, as: .phone) { acceptedRandom += 1 }
        }
        print("phone corpus: \(corpus.count) numbers, \(accepted) accepted equal to phonenumbers (\(acceptedRandom) of them random digits), \(refusals.count) refused:")
        #expect(acceptedRandom > 0)
        for (entry, reason) in refusals {
            print("  refused \(entry.input) (\(entry.origin) number, \(entry.spelling), read in \(entry.region)): \(reason.rawValue)")
        }
        // Random digit strings only check equality: most are no number at all.
        let numbers = corpus.filter { $0.spelling != "random" }
        let numberRefusals = refusals.filter { $0.0.spelling != "random" }
        let rate = Double(numberRefusals.count) / Double(numbers.count)
        #expect(rate < Self.refusalBound, "refused \(numberRefusals.count) of \(numbers.count)")
        let usual = numbers.filter { $0.spelling != "code-without-plus" }
        let usualRefusals = numberRefusals.filter { $0.0.spelling != "code-without-plus" }
        let usualRate = Double(usualRefusals.count) / Double(usual.count)
        #expect(usualRate < Self.refusalBoundWithPlusOrNational, "refused \(usualRefusals.count) of \(usual.count) written with '+' or nationally")
    }
}

/// The generated corpus: input, default region, phonenumbers' E.164.
enum PhoneCorpus {
    struct Entry {
        let input: String
        let region: String
        let e164: String?
        let origin: String
        let spelling: String
    }

    static func load(count: Int) throws -> [Entry] {
        let output = try PythonScript.run("scripts/identifier_hashing/phone_corpus.py", [String(count)])
        return try output.split(separator: UInt8(ascii: "\n")).map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
            return Entry(
                input: try #require(object["input"] as? String), region: try #require(object["region"] as? String),
                e164: object["e164"] as? String, origin: try #require(object["origin"] as? String),
                spelling: try #require(object["spelling"] as? String))
        }
    }
}
