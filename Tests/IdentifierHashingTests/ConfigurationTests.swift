import IdentifierHashing
import Parquet
import Testing

struct ConfigurationTests {
    static let example = """
        {
          "ruleSet": "uid2",
          "hmac": false,
          "defaultPhoneRegion": "gb",
          "fields": [
            {"column": "user_id_sha256", "kind": "user_id", "from": "user_id"},
            {"column": "pseudo_sha256", "kind": "user_id", "from": "user_pseudo_id"},
            {"column": "email_sha256", "kind": "email", "from": "event_params", "key": "email"},
            {"column": "phone_sha256", "kind": "phone", "from": "user_properties", "key": "phone_number"},
            {"column": "maid_sha256", "kind": "advertising_id", "from": "device.advertising_id"},
            {"column": "gclid_sha256", "kind": "click_id", "from": "collected_traffic_source.gclid"}
          ]
        }
        """

    func configuration(_ json: String) throws(IdentifierHashingError) -> IdentifierHashingConfiguration {
        try IdentifierHashingConfiguration(json: Array(json.utf8))
    }

    @Test func readsEveryMember() throws {
        let configuration = try configuration(Self.example)
        #expect(configuration.ruleSet == .uid2)
        #expect(configuration.hashEncoding == .base64)
        #expect(configuration.usesHMAC == false)
        #expect(configuration.defaultPhoneRegion == "GB")
        #expect(configuration.fields == [
            IdentifierField(column: "user_id_sha256", kind: .userID, source: .userID),
            IdentifierField(column: "pseudo_sha256", kind: .userID, source: .userPseudoID),
            IdentifierField(column: "email_sha256", kind: .email, source: .eventParam(key: "email")),
            IdentifierField(column: "phone_sha256", kind: .phone, source: .userProperty(key: "phone_number")),
            IdentifierField(column: "maid_sha256", kind: .advertisingID, source: .recordField(path: "device.advertising_id")),
            IdentifierField(column: "gclid_sha256", kind: .clickID, source: .recordField(path: "collected_traffic_source.gclid")),
        ])
    }

    @Test(arguments: [
        (#"{"ruleSet":"nope","fields":[]}"#, "ruleSet", "must be one of default, uid2, aws-entity-resolution"),
        (#"{"fields":[{"column":"a","kind":"email","from":"user_id"}]}"#, "ruleSet", "required field is missing"),
        (#"{"ruleSet":"default","fields":[]}"#, "fields", "at least one field is needed"),
        (#"{"ruleSet":"default","extra":1,"fields":[]}"#, "extra", "unknown member"),
        (#"{"ruleSet":"default","ruleSet":"uid2"}"#, "ruleSet", "appears twice"),
        (#"{"ruleSet":"default","hmac":"yes","fields":[]}"#, "hmac", "expected true or false"),
        (#"{"ruleSet":"default","hashEncoding":"hex2","fields":[]}"#, "hashEncoding", "must be one of hex, base64"),
        (#"{"ruleSet":"default","fields":[{"column":"Email","kind":"email","from":"user_id"}]}"#, "fields[0].column", "must match ^[a-z][a-z0-9_]{0,62}$"),
        (#"{"ruleSet":"default","fields":[{"column":"a; drop table x","kind":"email","from":"user_id"}]}"#, "fields[0].column", "must match ^[a-z][a-z0-9_]{0,62}$"),
        (#"{"ruleSet":"default","fields":[{"column":"event_key","kind":"email","from":"user_id"}]}"#, "fields[0].column", "'event_key' is a fixed column of the hashed table"),
        (#"{"ruleSet":"default","fields":[{"column":"a","kind":"email","from":"user_id"},{"column":"a","kind":"email","from":"user_pseudo_id"}]}"#, "fields[1].column", "'a' is used twice"),
        (#"{"ruleSet":"default","fields":[{"column":"a","kind":"name","from":"user_id"}]}"#, "fields[0].kind", "rule set default has no rule for name"),
        (#"{"ruleSet":"default","fields":[{"column":"a","kind":"mail","from":"user_id"}]}"#, "fields[0].kind", "must be one of email, phone, advertising_id, click_id, user_id, name"),
        (#"{"ruleSet":"default","fields":[{"column":"a","kind":"email","from":"event_params"}]}"#, "fields[0].key", "required when from is event_params"),
        (#"{"ruleSet":"default","fields":[{"column":"a","kind":"email","from":"user_id","key":"k"}]}"#, "fields[0].key", "only event_params and user_properties take a key"),
        (#"{"ruleSet":"default","fields":[{"column":"a","kind":"email","from":"event_params","key":"e-mail"}]}"#, "fields[0].key", "must match ^[A-Za-z][A-Za-z0-9_]{0,39}$ (a GA4 parameter name)"),
        (#"{"ruleSet":"default","fields":[{"column":"a","kind":"email","from":"geo.city"}]}"#, "fields[0].from", "must be one of user_id, user_pseudo_id, event_params, user_properties, device.advertising_id, device.vendor_id, collected_traffic_source.gclid, collected_traffic_source.dclid, collected_traffic_source.srsltid"),
        (#"{"ruleSet":"default","fields":[{"column":"a","kind":"email","from":"user_id","colour":1}]}"#, "fields[0].colour", "unknown member"),
        (#"{"ruleSet":"default","fields":[{"kind":"email","from":"user_id"}]}"#, "fields[0].column", "required field is missing"),
        (#"{"ruleSet":"default","fields":[{"column":"p","kind":"phone","from":"user_id"}]}"#, "defaultPhoneRegion", "required when a field has kind phone"),
        (#"{"ruleSet":"default","defaultPhoneRegion":"JP","fields":[{"column":"p","kind":"phone","from":"user_id"}]}"#, "defaultPhoneRegion", "region is not one of US, CA, GB, DE, FR, ES, IT, NL, BE, SE, PL, IE, CH, AT, IN, AU, SG, MX"),
        (#"{"ruleSet":"default","defaultPhoneRegion":"USA","fields":[]}"#, "defaultPhoneRegion", "must be an ISO 3166-1 alpha-2 region such as \"US\""),
        (#"{"ruleSet":"aws-entity-resolution","defaultPhoneRegion":"NZ","fields":[{"column":"p","kind":"phone","from":"user_id"}]}"#, "defaultPhoneRegion", "region is not in the Entity Resolution library's phonePrefixMap (AE, AU, BE, CA, DE, ES, FR, GB, IN, IT, JP, MX, NL, PL, SA, SE, SG, TR, US)"),
        (#"{"ruleSet":"default","fields":{}}"#, "fields", "expected an array"),
    ])
    func refusesWithThePath(json: String, path: String, reason: String) {
        #expect(throws: IdentifierHashingError.configuration(path: path, reason: reason)) { try configuration(json) }
    }

    @Test func syntaxErrorsNameTheDocument() {
        do {
            _ = try configuration(#"{"ruleSet": "default", "#)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("identifier hashing configuration: the identifier hashing configuration is not valid JSON"))
        }
    }

    @Test func hmacKeyMustMatchTheConfiguration() throws {
        let plain = try configuration(#"{"ruleSet":"default","fields":[{"column":"a","kind":"email","from":"user_id"}]}"#)
        let keyed = try configuration(#"{"ruleSet":"default","hmac":true,"fields":[{"column":"a","kind":"email","from":"user_id"}]}"#)
        let key = try HMACKey(bytes: Array(repeating: 7, count: 32))
        #expect(throws: IdentifierHashingError.hmacKey(reason: "the configuration asks for HMAC-SHA-256 but no key was given")) {
            try IdentifierHasher(configuration: keyed)
        }
        #expect(throws: IdentifierHashingError.hmacKey(reason: "a key was given but the configuration does not ask for HMAC-SHA-256")) {
            try IdentifierHasher(configuration: plain, hmacKey: key)
        }
        #expect(throws: IdentifierHashingError.hmacKey(reason: "the key has 31 bytes; HMAC-SHA-256 needs at least 32")) {
            try HMACKey(bytes: Array(repeating: 7, count: 31))
        }
        _ = try IdentifierHasher(configuration: keyed, hmacKey: key)
    }

    @Test func hashedTableSchema() throws {
        let schema = try HashedIdentifierTable.schema(for: try configuration(Self.example))
        #expect(schema.columns.map(\.name) == [
            "event_date", "event_key", "event_timestamp", "user_id_sha256", "pseudo_sha256", "email_sha256", "phone_sha256",
            "maid_sha256", "gclid_sha256",
        ])
        #expect(schema.columns.map(\.type) == [.date, .string, .timestamp(.milliseconds)] + Array(repeating: .string, count: 6))
        #expect(schema.columns.map(\.isOptional) == [false, false, false] + Array(repeating: true, count: 6))
    }

    @Test func rowsAndTallies() throws {
        let hasher = try IdentifierHasher(configuration: try configuration(Self.example))
        var row = hasher.makeRow()
        var tally = hasher.makeTally()
        hasher.hashRow(
            [" 123 ", nil, "Jane.Saoirse@gmail.com", "07911 123456", "00000000-0000-0000-0000-000000000000", ""],
            into: &row, tally: &tally)
        hasher.hashRow(byColumn: ["email_sha256": "not an email", "phone_sha256": "+44 7911 123456"], into: &row, tally: &tally)
        #expect(row.values[2] == nil)
        #expect(row.refusals[2] == .notAnEmailAddress)
        #expect(row.values[3] == hasher.hash("+447911123456", as: .phone).value)
        #expect(row.values[0] == nil && row.refusals[0] == nil)
        #expect(tally.fields.map(\.hashed) == [1, 0, 1, 2, 0, 0])
        #expect(tally.fields.map(\.empty) == [1, 2, 0, 0, 1, 2])
        #expect(tally.fields.map(\.refused) == [0, 0, 1, 0, 1, 0])
        #expect(tally.fields[4].refusals == [.advertisingIDAllZero: 1])
        var merged = hasher.makeTally()
        merged.merge(tally)
        merged.merge(tally)
        #expect(merged.fields[3].hashed == 4)
        #expect(merged.fields[2].refusals == [.notAnEmailAddress: 2])
    }
}
