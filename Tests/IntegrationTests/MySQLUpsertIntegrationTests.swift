import Foundation
import MySQL
import Parquet
import Testing
import TestSupport

@testable import AWS

/// MySQLUpsert's bootstrap under the Runtime Interface Emulator against moto (S3, SNS, Secrets Manager, behind the
/// signing proxy) and MariaDB over TLS: every UNLOAD format and compression, manifests, re-delivery, hostile values,
/// keys and headers, and rejects.
@Suite(
    "MySQLUpsert end to end", .serialized,
    .enabled(if: TestEnvironment.available("PIPELINE_AWS_ENDPOINT", "PIPELINE_RIE_BINARY", "PIPELINE_MYSQL_PORT"), "needs moto, MariaDB and the emulator"))
struct MySQLUpsertIntegrationTests {
    let aws: AWSConfiguration
    var s3: S3Client { S3Client(configuration: aws, http: AWSTestEnvironment.http) }

    init() throws { aws = try AWSTestEnvironment.configuration() }

    static func env(_ name: String) throws -> String { try #require(TestEnvironment.service(name), "\(name) is not set") }

    /// A bucket, a topic, the database secret, and a fresh table.
    struct Setup {
        let bucket: String
        let topicARN: String
        let secret: String
        let table: String
    }

    static let tableColumns = """
        (id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(20) NULL, amount DECIMAL(12,2) NULL, day DATE NULL, note TEXT NULL)
        """

    func database() throws -> MySQLConnection {
        try MySQLConnection(MySQLConnectionConfiguration(
            host: "127.0.0.1", port: Int(try Self.env("PIPELINE_MYSQL_PORT"))!, user: try Self.env("PIPELINE_MYSQL_USER"),
            password: try Self.env("PIPELINE_MYSQL_PASSWORD"), database: "pipeline", tls: .verified(caBundlePath: try Self.env("PIPELINE_MYSQL_CA"))))
    }

    func setup() async throws -> Setup {
        let bucket = AWSTestEnvironment.uniqueName("unload")
        try await AWSTestEnvironment.createBucket(bucket, configuration: aws)
        let topic = try await AWSTestEnvironment.createTopic(AWSTestEnvironment.uniqueName("topic"), configuration: aws)
        let secret = "rds/\(AWSTestEnvironment.uniqueName("loader"))"
        let secretText = String(decoding: try JSONSerialization.data(withJSONObject: [
            "username": try Self.env("PIPELINE_MYSQL_USER"), "password": try Self.env("PIPELINE_MYSQL_PASSWORD"), "engine": "mysql",
        ]), as: UTF8.self)
        struct Create: Encodable { var Name: String; var SecretString: String }
        try await AWSTestEnvironment.json(.secretsManager, "CreateSecret", Create(Name: secret, SecretString: secretText), configuration: aws)
        let table = "orders_\(UInt32.random(in: 0...UInt32.max))"
        let connection = try database()
        defer { connection.close() }
        _ = try connection.execute("CREATE TABLE `\(table)` \(Self.tableColumns)")
        return Setup(bucket: bucket, topicARN: topic, secret: secret, table: table)
    }

    /// A queue subscribed to the topic (moto delivers SNS to SQS), to read the summaries the function publishes.
    func subscribedQueue(_ setup: Setup) async throws -> String {
        struct CreateQueue: Encodable { var QueueName: String }
        struct QueueURL: Decodable { var QueueUrl: String }
        struct GetAttributes: Encodable { var QueueUrl: String; var AttributeNames: [String] }
        struct Attributes: Decodable { var Attributes: [String: String] }
        let sqs = AWSClient(service: .sqs, configuration: aws, http: AWSTestEnvironment.http)
        let url = try await sqs.jsonCall("CreateQueue", CreateQueue(QueueName: AWSTestEnvironment.uniqueName("notices")), as: QueueURL.self).QueueUrl
        let arn = try #require(try await sqs.jsonCall("GetQueueAttributes", GetAttributes(QueueUrl: url, AttributeNames: ["QueueArn"]), as: Attributes.self)
            .Attributes["QueueArn"])
        let sns = AWSClient(service: .sns, configuration: aws, http: AWSTestEnvironment.http)
        let body = Data(FormEncoding.encode([
            ("Action", "Subscribe"), ("Version", "2010-03-31"), ("TopicArn", setup.topicARN), ("Protocol", "sqs"), ("Endpoint", arn),
            ("Attributes.entry.1.key", "RawMessageDelivery"), ("Attributes.entry.1.value", "true"),
        ]).utf8)
        _ = try await sns.send { _ in
            AWSCall(operation: "Subscribe", method: "POST", path: "/", headers: ["Content-Type": "application/x-www-form-urlencoded; charset=utf-8"], body: .bytes(body))
        }
        return url
    }

    /// The summaries published so far, as JSON objects.
    func notices(_ queueURL: String) async throws -> [[String: Any]] {
        let messages = try await SQSClient(configuration: aws, http: AWSTestEnvironment.http).receiveMessages(queueURL: queueURL, maximum: 10)
        return try messages.map { try #require(try JSONSerialization.jsonObject(with: Data($0.body.utf8)) as? [String: Any], "\($0.body)") }
    }

    /// Routes used by the tests, all to the setup's table.
    func routes(_ setup: Setup) -> String {
        let t = setup.table
        return """
            {"routes":[
              {"prefix":"unload/pipe/","table":"\(t)","columns":["id","name","amount","day","note"],"escape":true,"nullAs":"\\\\N"},
              {"prefix":"unload/plain/","table":"\(t)","columns":["id","name","amount","day","note"]},
              {"prefix":"unload/quoted/","table":"\(t)","columns":["id","name","amount","day","note"],"escape":true,"addQuotes":true},
              {"prefix":"unload/csv/","table":"\(t)","format":"csv","header":true},
              {"prefix":"unload/fixed/","table":"\(t)","format":"fixedwidth","fixedWidth":"id:4,name:20,amount:10,day:10,note:10"},
              {"prefix":"unload/parquet/","table":"\(t)","format":"parquet"},
              {"prefix":"unload/manifest/","table":"\(t)","trigger":"manifest","escape":true,"nullAs":"\\\\N"},
              {"prefix":"unload/other/","table":"no_such_table","columns":["id"]}
            ]}
            """
    }

    func emulator(_ setup: Setup, _ settings: [String: String] = [:]) throws -> RuntimeEmulator {
        let environment = ProcessInfo.processInfo.environment
        return try RuntimeEmulator(
            bootstrap: TestEnvironment.builtProduct("MySQLUpsert"),
            environment: [
                "AWS_ACCESS_KEY_ID": try #require(environment["PIPELINE_AWS_ACCESS_KEY_ID"]),
                "AWS_SECRET_ACCESS_KEY": try #require(environment["PIPELINE_AWS_SECRET_ACCESS_KEY"]),
                "AWS_SESSION_TOKEN": try #require(environment["PIPELINE_AWS_SESSION_TOKEN"]),
                "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": AWSTestEnvironment.proxyEndpoint, "AWS_MAX_ATTEMPTS": "3",
                "DB_HOST": "127.0.0.1", "DB_PORT": try Self.env("PIPELINE_MYSQL_PORT"), "DB_NAME": "pipeline", "DB_AUTH": "secret",
                "DB_SECRET_ID": setup.secret, "DB_CA_BUNDLE": try Self.env("PIPELINE_MYSQL_CA"),
                "UPSERT_ROUTES": routes(setup), "SNS_TOPIC_ARN": setup.topicARN, "BATCH_ROWS": "7", "READ_CHUNK_BYTES": "65536",
            ].merging(settings) { $1 })
    }

    /// A direct S3 notification, key form-encoded as S3 sends it.
    func event(_ setup: Setup, key: String, eTag: String) -> Data {
        let encoded = key.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "/-_.*")))!
            .replacingOccurrences(of: "%20", with: "+")
        return Data("""
            {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1","eventTime":"2026-12-06T05:00:00.000Z",
            "eventName":"ObjectCreated:Put","s3":{"s3SchemaVersion":"1.0","configurationId":"unload",
            "bucket":{"name":"\(setup.bucket)","arn":"arn:aws:s3:::\(setup.bucket)"},
            "object":{"key":"\(encoded)","size":1,"eTag":"\(eTag.replacingOccurrences(of: "\"", with: ""))","sequencer":"01"}}}]}
            """.utf8)
    }

    /// The same notification as EventBridge delivers it.
    func bridgedEvent(_ setup: Setup, key: String) -> Data {
        Data("""
            {"version":"0","id":"1","detail-type":"Object Created","source":"aws.s3","account":"123456789012","time":"2026-12-06T05:00:00Z",
             "region":"us-east-1","resources":["arn:aws:s3:::\(setup.bucket)"],"detail":{"version":"0","bucket":{"name":"\(setup.bucket)"},
             "object":{"key":"\(key)","size":10,"sequencer":"02"},"request-id":"r","requester":"123456789012","reason":"PutObject"}}
            """.utf8)
    }

    func upload(_ setup: Setup, key: String, _ bytes: [UInt8]) async throws -> String {
        try await s3.putObject(bucket: setup.bucket, key: key, body: .data(Data(bytes)), options: S3PutOptions(contentType: "application/octet-stream")).eTag
    }

    /// Invokes and returns the answer; fails the test when the invocation failed.
    func run(_ emulator: RuntimeEmulator, _ event: Data) async throws -> [String: Any] {
        let response = try await emulator.invoke(event)
        let object = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
        try #require(response.status == 200 && object["errorType"] == nil, "invocation failed: \(String(decoding: response.body, as: UTF8.self))")
        return object
    }

    /// Invokes and returns the error document; fails the test when the invocation succeeded.
    func failure(_ emulator: RuntimeEmulator, _ event: Data) async throws -> (type: String, message: String) {
        let response = try await emulator.invoke(event)
        let object = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
        let type = try #require(object["errorType"] as? String, "the invocation succeeded: \(object)")
        return (type, object["errorMessage"] as? String ?? "")
    }

    /// The table, ordered by id, every value as text (NULL as nil); names and notes as hex so bytes compare exactly.
    func rows(_ setup: Setup) throws -> [[String?]] {
        let connection = try database()
        defer { connection.close() }
        return try connection.query("SELECT id, HEX(name), amount, day, HEX(note) FROM `\(setup.table)` ORDER BY id").rows
    }

    static func hex(_ text: String) -> String { text.utf8.map { String(format: "%02X", $0) }.joined() }

    /// The rows the fixtures hold, as `rows(_:)` shows them.
    static let expected: [[String?]] = [
        ["1", hex("alpha"), "10.50", "2026-01-02", nil],
        ["2", hex("béta ü"), "-3.00", nil, hex("x")],
        ["3", nil, nil, "2024-02-29", hex("note 3")],
    ]

    static var pipeText: String { "1|alpha|10.50|2026-01-02|\\N\n2|béta ü|-3.00|\\N|x\n3|\\N|\\N|2024-02-29|note 3\n" }

    static func parquet() throws -> [UInt8] {
        let schema = try ParquetSchema([
            ParquetColumn("id", .int64, optional: false), ParquetColumn("name", .string), ParquetColumn("amount", .decimal(precision: 12, scale: 2)),
            ParquetColumn("day", .date), ParquetColumn("note", .string),
        ])
        var options = ParquetWriterOptions()
        options.rowGroupRowLimit = 2
        let sink = MemorySink()
        let writer = try ParquetWriter(schema: schema, options: options, sink: sink)
        try writer.write(row: [.int64(1), .string("alpha"), .decimal(unscaled: 1050), .date(daysSinceEpoch: 20_455), nil])
        try writer.write(row: [.int64(2), .string("béta ü"), .decimal(unscaled: -300), nil, .string("x")])
        try writer.write(row: [.int64(3), nil, nil, .date(daysSinceEpoch: 19_782), .string("note 3")])
        _ = try writer.close()
        return sink.bytes
    }

    @Test func everyFormatAndCompressionLoadsTheSameRows() async throws {
        let setup = try await setup()
        let emulator = try emulator(setup)
        defer { emulator.stop() }
        let pipe = Array(Self.pipeText.utf8)
        let csv = Array("id,name,amount,day,note\n1,alpha,10.50,2026-01-02,\n2,béta ü,-3.00,,x\n3,,,2024-02-29,note 3\n".utf8)
        let fixed = Array("""
            1   alpha               10.50     2026-01-02          
            2   béta ü              -3.00               x         
            3                                 2024-02-29note 3    

            """.utf8)
        let plain = Array("1|alpha|10.50|2026-01-02|\n2|béta ü|-3.00||x\n3|||2024-02-29|note 3\n".utf8)
        let quoted = Array("\"1\"|\"alpha\"|\"10.50\"|\"2026-01-02\"|\"\"\n\"2\"|\"béta ü\"|\"-3.00\"|\"\"|\"x\"\n\"3\"|\"\"|\"\"|\"2024-02-29\"|\"note 3\"\n".utf8)
        let cases: [(String, [UInt8], String)] = [
            ("unload/pipe/0000_part_00", pipe, "none"), ("unload/pipe/0001_part_00.gz", Compressors.gzip(pipe), "gzip"),
            ("unload/pipe/0002_part_00.zst", Compressors.zstd(pipe), "zstd"), ("unload/pipe/0003_part_00.bz2", Compressors.bzip2(pipe), "bzip2"),
            ("unload/plain/0000_part_00", plain, "none"), ("unload/quoted/0000_part_00", quoted, "none"),
            ("unload/csv/0000_part_00.csv.gz", Compressors.gzip(csv), "gzip"), ("unload/fixed/0000_part_00", fixed, "none"),
            ("unload/parquet/0000_part_00.parquet", try Self.parquet(), "parquet"),
        ]
        for (key, bytes, encoding) in cases {
            let connection = try database()
            _ = try connection.execute("DELETE FROM `\(setup.table)`")
            connection.close()
            let eTag = try await upload(setup, key: key, bytes)
            let answer = try await run(emulator, event(setup, key: key, eTag: eTag))
            let load = try #require((answer["loads"] as? [[String: Any]])?.first, "\(key): \(answer)")
            #expect(load["rowsRead"] as? Int == 3 && load["inserted"] as? Int == 3 && load["rejected"] as? Int == 0, "\(key): \(load)")
            #expect(load["batches"] as? Int == 1, "\(key)")
            #expect((load["parts"] as? [[String: Any]])?.first?["encoding"] as? String == encoding, "\(key)")
            #expect(try rows(setup) == Self.expected, "\(key)")
        }
        // The EventBridge form of the notification loads the same way (no ETag in it: the current version).
        let connection = try database()
        _ = try connection.execute("DELETE FROM `\(setup.table)`")
        connection.close()
        let answer = try await run(emulator, bridgedEvent(setup, key: "unload/pipe/0001_part_00.gz"))
        #expect((answer["loads"] as? [[String: Any]])?.first?["inserted"] as? Int == 3)
        #expect(try rows(setup) == Self.expected)
    }

    @Test func aReDeliveredEventLeavesTheSameTable() async throws {
        let setup = try await setup()
        let emulator = try emulator(setup)
        defer { emulator.stop() }
        let lines = (1...40).map { "\($0)|name \($0)|\($0).25|2026-03-\(String(format: "%02d", $0 % 28 + 1))|\\N\n" }.joined()
        let key = "unload/pipe/again/0000_part_00.gz"
        let eTag = try await upload(setup, key: key, Compressors.gzip(Array(lines.utf8)))
        let delivery = event(setup, key: key, eTag: eTag)
        let first = try #require((try await run(emulator, delivery)["loads"] as? [[String: Any]])?.first)
        #expect(first["inserted"] as? Int == 40 && first["batches"] as? Int == 6)
        let before = try rows(setup)
        let second = try #require((try await run(emulator, delivery)["loads"] as? [[String: Any]])?.first)
        #expect(second["inserted"] as? Int == 0 && second["updated"] as? Int == 0 && second["unchanged"] as? Int == 40, "\(second)")
        #expect(try rows(setup) == before)
        // A stale event (the object was replaced since) is skipped; the newer version has its own event.
        _ = try await upload(setup, key: key, Compressors.gzip(Array("1|changed|1.00|2026-01-01|\\N\n".utf8)))
        let stale = try await run(emulator, delivery)
        #expect((stale["loads"] as? [Any])?.isEmpty == true && (stale["skipped"] as? [Any])?.count == 1)
        #expect(try rows(setup) == before)
    }

    @Test func aManifestLoadsItsPartsOnceTheyAreAllThere() async throws {
        let setup = try await setup()
        let emulator = try emulator(setup)
        defer { emulator.stop() }
        let parts = [
            ("unload/manifest/run1/0000_part_00.gz", "1|alpha|10.50|2026-01-02|\\N\n2|béta ü|-3.00|\\N|x\n"),
            ("unload/manifest/run1/0001_part_00.gz", "3|\\N|\\N|2024-02-29|note 3\n"),
        ]
        var entries: [String] = []
        for (index, (key, text)) in parts.enumerated() {
            let bytes = Compressors.gzip(Array(text.utf8))
            let eTag = try await upload(setup, key: key, bytes)
            // A part alone is skipped under a manifest route.
            let answer = try await run(emulator, event(setup, key: key, eTag: eTag))
            #expect((answer["skipped"] as? [Any])?.count == 1 && (answer["loads"] as? [Any])?.isEmpty == true)
            entries.append(#"{"url":"s3://\#(setup.bucket)/\#(key)","meta":{"content_length":\#(bytes.count),"record_count":\#(2 - index)}}"#)
        }
        #expect(try rows(setup).isEmpty)
        // The manifest names a part that is not there yet: nothing is loaded, the invocation fails (Lambda retries).
        let early = #"{"entries":[\#(entries.joined(separator: ",")),{"url":"s3://\#(setup.bucket)/unload/manifest/run1/0002_part_00.gz"}],"schema":{"elements":[{"name":"id"},{"name":"name"},{"name":"amount"},{"name":"day"},{"name":"note"}]}}"#
        let earlyTag = try await upload(setup, key: "unload/manifest/run1/manifest", Array(early.utf8))
        let refused = try await failure(emulator, event(setup, key: "unload/manifest/run1/manifest", eTag: earlyTag))
        #expect(refused.type == "MySQLUpsert.IncompleteUnload" && refused.message.contains("0002_part_00.gz, which is not in S3"), "\(refused)")
        #expect(try rows(setup).isEmpty)
        // The complete VERBOSE manifest: columns from its schema, record counts checked.
        let manifest = #"{"entries":[\#(entries.joined(separator: ","))],"schema":{"elements":[{"name":"id","type":{"base":"integer"}},{"name":"name"},{"name":"amount"},{"name":"day"},{"name":"note"}]},"meta":{"record_count":3}}"#
        let tag = try await upload(setup, key: "unload/manifest/run1/manifest", Array(manifest.utf8))
        let load = try #require((try await run(emulator, event(setup, key: "unload/manifest/run1/manifest", eTag: tag))["loads"] as? [[String: Any]])?.first)
        #expect(load["trigger"] as? String == "manifest", "\(load)")
        #expect(load["inserted"] as? Int == 3 && (load["parts"] as? [Any])?.count == 2, "\(load)")
        #expect(((load["parts"] as? [[String: Any]]) ?? []).allSatisfy { $0["recordCountProblem"] is NSNull })
        #expect(try rows(setup) == Self.expected)
        // A manifest pointing outside its route is refused.
        let outside = #"{"entries":[{"url":"s3://\#(setup.bucket)/unload/pipe/0000_part_00"}]}"#
        let outsideTag = try await upload(setup, key: "unload/manifest/run2/manifest", Array(outside.utf8))
        let outsideFailure = try await failure(emulator, event(setup, key: "unload/manifest/run2/manifest", eTag: outsideTag))
        #expect(outsideFailure.type == "MySQLUpsert.Input" && outsideFailure.message.contains("which is not a part under"), "\(outsideFailure)")
    }

    @Test func hostileValuesArriveByteForByte() async throws {
        let setup = try await setup()
        let emulator = try emulator(setup)
        defer { emulator.stop() }
        let hostile = [
            "it's", "back\\slash", "nul\u{0}byte", "'); DROP TABLE t;--", "ü€😀", "\"dq\"", "\\'", "tab\there", "line\nbreak", "x\u{1A}y",
        ]
        // Escaped as UNLOAD's ESCAPE writes them: backslash before the delimiter, newline and backslash.
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: "\\\n")
        }
        let text = hostile.enumerated().map { "\($0.offset + 1)|n\($0.offset)|0|\\N|\(escape($0.element))\n" }.joined()
        let key = "unload/pipe/hostile/0000_part_00.zst"
        let eTag = try await upload(setup, key: key, Compressors.zstd(Array(text.utf8)))
        let load = try #require((try await run(emulator, event(setup, key: key, eTag: eTag))["loads"] as? [[String: Any]])?.first)
        #expect(load["inserted"] as? Int == hostile.count && load["rejected"] as? Int == 0, "\(load)")
        #expect(try rows(setup).map { $0[4] } == hostile.map { Self.hex($0) })
    }

    @Test func hostileKeysAndHeadersIssueNoSQL() async throws {
        let setup = try await setup()
        let emulator = try emulator(setup)
        defer { emulator.stop() }
        let queue = try await subscribedQueue(setup)
        // A key full of SQL is only a key: its rows load, the table stays.
        let key = "unload/pipe/'); DROP TABLE \(setup.table);-- `x`/0000_part_00"
        let eTag = try await upload(setup, key: key, Array(Self.pipeText.utf8))
        let load = try #require((try await run(emulator, event(setup, key: key, eTag: eTag))["loads"] as? [[String: Any]])?.first)
        #expect(load["inserted"] as? Int == 3)
        #expect(try rows(setup) == Self.expected)
        // A header naming a column the table does not have is refused before any statement.
        let connection = try database()
        defer { connection.close() }
        let before = try connection.query("SHOW GLOBAL STATUS LIKE 'Com_insert'").rows
        for header in ["id,`name`,amount,day,note", "id,name,amount,day,\"note`); DROP TABLE x;--\"", "id,name,amount,day,name"] {
            let csvKey = "unload/csv/hostile/0000_part_00.csv"
            let tag = try await upload(setup, key: csvKey, Array("\(header)\n9,a,1,2026-01-01,b\n".utf8))
            let refused = try await failure(emulator, event(setup, key: csvKey, eTag: tag))
            #expect(refused.type == "MySQLUpsert.Mapping", "\(header): \(refused)")
            #expect(refused.message.contains("pipeline.\(setup.table)"), "\(refused.message)")
        }
        #expect(try connection.query("SHOW GLOBAL STATUS LIKE 'Com_insert'").rows == before, "no INSERT was sent")
        // Each refusal was announced: no clean load sends a notice (NOTIFY_ON_SUCCESS is off), every failure does.
        let failures = try await notices(queue)
        #expect(failures.count == 3 && failures.allSatisfy { $0["result"] as? String == "failed" && $0["errorType"] as? String == "MySQLUpsert.Mapping" }, "\(failures)")
        #expect(try rows(setup) == Self.expected)
        // A key under no route, and a route to a table that does not exist, are refused with their names.
        let unrouted = try await failure(emulator, event(setup, key: "elsewhere/0000_part_00", eTag: "00"))
        #expect(unrouted.type == "MySQLUpsert.NoRoute" && unrouted.message.contains("elsewhere/0000_part_00"))
        let otherTag = try await upload(setup, key: "unload/other/0000_part_00", Array("1\n".utf8))
        let missing = try await failure(emulator, event(setup, key: "unload/other/0000_part_00", eTag: otherTag))
        #expect(missing.type == "MySQLUpsert.Mapping" && missing.message.contains("pipeline.no_such_table does not exist"), "\(missing)")
    }

    /// UPSERT_METHOD=staged: the same rows and counts by LOAD DATA LOCAL where the server allows it; where it does
    /// not (a second MariaDB with --local-infile=0), one log line, the rows by statements, and the container keeps
    /// to statements for later invocations.
    @Test func theStagedMethodLoadsTheSameRowsAndFallsBackWhereRefused() async throws {
        let setup = try await setup()
        let hostile = ["tab\there", "line\nbreak", "back\\slash", "nul\u{0}byte", "'); DROP TABLE t;--", "\\N", "ü€😀"]
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: "\\\n")
        }
        let text = hostile.enumerated().map { "\($0.offset + 1)|n\($0.offset)|\($0.offset).5|\\N|\(escape($0.element))\n" }.joined()
        let updates = hostile.enumerated().map { "\($0.offset + 1)|n\($0.offset)|\($0.offset % 2 == 0 ? "9" : "\($0.offset).5")|\\N|\(escape($0.element))\n" }.joined()

        let staged = try emulator(setup, ["UPSERT_METHOD": "staged"])
        defer { staged.stop() }
        var counts: [[Int?]] = []
        for (name, body) in [("insert", text), ("update", updates)] {
            let key = "unload/pipe/staged/\(name)/0000_part_00.gz"
            let eTag = try await upload(setup, key: key, Compressors.gzip(Array(body.utf8)))
            let load = try #require((try await run(staged, event(setup, key: key, eTag: eTag))["loads"] as? [[String: Any]])?.first)
            #expect((load["parts"] as? [[String: Any]])?.first?["method"] as? String == "staged", "\(load)")
            counts.append(["inserted", "updated", "unchanged", "rejected"].map { load[$0] as? Int })
        }
        #expect(counts == [[7, 0, 0, 0], [0, 4, 3, 0]])
        #expect(try rows(setup).map { $0[4] } == hostile.map { Self.hex($0) })
        #expect(try rows(setup).map { $0[2] } == ["9.00", "1.50", "9.00", "3.50", "9.00", "5.50", "9.00"])

        // The server without LOCAL INFILE: the same table there, created by hand.
        var refusing = try MySQLConnectionConfiguration(
            host: "127.0.0.1", port: Int(Self.env("PIPELINE_MYSQL_NO_LOCAL_INFILE_PORT"))!, user: Self.env("PIPELINE_MYSQL_USER"),
            password: Self.env("PIPELINE_MYSQL_PASSWORD"), database: "pipeline", tls: .verified(caBundlePath: Self.env("PIPELINE_MYSQL_CA")))
        refusing.timeoutSeconds = 20
        let other = try MySQLConnection(refusing)
        defer { other.close() }
        try other.execute("CREATE TABLE `\(setup.table)` \(Self.tableColumns)")
        let fallback = try emulator(setup, ["UPSERT_METHOD": "staged", "DB_PORT": String(refusing.port)])
        defer { fallback.stop() }
        var methods: [String?] = []
        for (name, body) in [("insert", text), ("update", updates)] {
            let key = "unload/pipe/refused/\(name)/0000_part_00"
            let eTag = try await upload(setup, key: key, Array(body.utf8))
            let load = try #require((try await run(fallback, event(setup, key: key, eTag: eTag))["loads"] as? [[String: Any]])?.first)
            methods.append((load["parts"] as? [[String: Any]])?.first?["method"] as? String)
            counts.append(["inserted", "updated", "unchanged", "rejected"].map { load[$0] as? Int })
        }
        #expect(methods == ["odku", "odku"])
        #expect(counts[2...] == [[7, 0, 0, 0], [0, 4, 3, 0]])
        #expect(try other.query("SELECT id, HEX(name), amount, day, HEX(note) FROM `\(setup.table)` ORDER BY id").rows == rows(setup))
        let lines = fallback.logs.split(separator: "\n").filter { $0.contains("refused LOAD DATA LOCAL") }
        #expect(lines.count == 1, "\(fallback.logs.suffix(3000))")
        #expect(lines.first?.contains("4166") == true || lines.first?.contains("1148") == true, "\(lines)")
    }

    @Test func rowsThatCannotBeWrittenGoToTheRejectsObject() async throws {
        let setup = try await setup()
        let emulator = try emulator(setup)
        defer { emulator.stop() }
        let queue = try await subscribedQueue(setup)
        let text = """
            1|alpha|10.50|2026-01-02|\\N
            2|bad amount|12.345|\\N|\\N
            3|a name much longer than twenty|1.00|\\N|\\N
            4|two fields
            \\N|no id|1.00|\\N|\\N
            5|bad date|1.00|2026-02-30|\\N
            6|fine|2.00|2026-12-06|ok

            """
        let key = "unload/pipe/rejects/0000_part_00.bz2"
        let eTag = try await upload(setup, key: key, Compressors.bzip2(Array(text.utf8)))
        let load = try #require((try await run(emulator, event(setup, key: key, eTag: eTag))["loads"] as? [[String: Any]])?.first)
        #expect(load["rowsRead"] as? Int == 7 && load["inserted"] as? Int == 2 && load["rejected"] as? Int == 5, "\(load)")
        let location = try #require((load["parts"] as? [[String: Any]])?.first?["rejects"] as? String)
        #expect(location == "s3://\(setup.bucket)/mysql-rejects/\(key).rejects.jsonl")
        let object = try await s3.getObject(bucket: setup.bucket, key: "mysql-rejects/\(key).rejects.jsonl")
        let lines = String(decoding: object.body, as: UTF8.self).split(separator: "\n").map {
            try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        #expect(lines.map { $0["line"] as? Int } == [2, 3, 4, 5, 6])
        #expect(lines.allSatisfy { $0["source"] as? String == "s3://\(setup.bucket)/\(key)" })
        #expect(lines.map { $0["column"] as? String } == ["amount", "name", nil, "id", "day"])
        #expect((lines[2]["reason"] as? String) == "the line has 2 fields, the table mapping has 5 columns")
        #expect((lines[2]["row"] as? [String]) == ["4", "two fields"])
        #expect((lines[0]["reason"] as? String)?.contains("12.345") == true)
        #expect((lines[0]["row"] as? [Any])?.count == 5 && (lines[0]["row"] as? [Any])?[3] is NSNull)
        #expect((lines[3]["reason"] as? String)?.contains("NOT NULL") == true)
        #expect((lines[4]["row"] as? [Any])?.count == 5)
        #expect(try rows(setup).map { $0[0] } == ["1", "6"])
        // The SNS summary names the counts and the rejects object.
        let notice = try #require(try await notices(queue).first)
        #expect(notice["rejected"] as? Int == 5 && notice["inserted"] as? Int == 2, "\(notice)")
        #expect((notice["parts"] as? [[String: Any]])?.first?["rejects"] as? String == location)
        // A corrected upload of the part leaves no rejects object behind.
        let fixedTag = try await upload(setup, key: key, Compressors.bzip2(Array("7|ok|1.00|\\N|\\N\n".utf8)))
        _ = try await run(emulator, event(setup, key: key, eTag: fixedTag))
        await #expect(throws: AWSError.self) { try await s3.headObject(bucket: setup.bucket, key: "mysql-rejects/\(key).rejects.jsonl") }
    }
}
