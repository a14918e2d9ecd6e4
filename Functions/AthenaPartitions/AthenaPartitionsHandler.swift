import AWS
import Clickstream
import LambdaEvents
import LambdaRuntime

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// S3 ObjectCreated (direct or through EventBridge) → the partitions of the objects' tables, each registered
/// once per invocation. Keys that do not fit their table's layout are logged and skipped with the reason.
struct AthenaPartitionsHandler: ByteLambdaHandler {
    let configuration: AthenaPartitionsConfiguration
    let parser: PartitionKeyParser
    let registrar: any PartitionRegistrar

    init(configuration: AthenaPartitionsConfiguration, registrar: any PartitionRegistrar) {
        self.configuration = configuration
        self.parser = PartitionKeyParser(tables: configuration.tables)
        self.registrar = registrar
    }

    /// What the invocation did, returned as its response.
    struct Report: Encodable {
        struct Skipped: Encodable {
            var key: String
            var reason: String
        }

        /// Table name → partition paths registered (new or already present).
        var registered: [String: [String]] = [:]
        var skipped: [Skipped] = []
    }

    func handle(_ event: Data, context: LambdaContext) async throws -> Data {
        let notification: S3ObjectNotification
        do {
            notification = try S3ObjectNotification.decode(from: event)
        } catch {
            throw InvalidEventError(error.description)
        }

        var report = Report()
        var pending: [(PartitionedTable, [TablePartition])] = []
        for object in notification.objects {
            func skip(_ reason: String) {
                context.logger.warn("object skipped", ["bucket": .string(object.bucket), "key": .string(object.key), "reason": .string(reason)])
                report.skipped.append(.init(key: object.key, reason: reason))
            }
            guard object.isObjectCreated else { skip("event \(object.eventName) is not an object creation"); continue }
            guard object.bucket == configuration.bucket else { skip("bucket is not S3_BUCKET (\(configuration.bucket))"); continue }
            switch parser.parse(key: object.key) {
            case .unrelated:
                context.logger.debug("object outside every table prefix", ["key": .string(object.key)])
            case .skipped(let reason):
                skip(reason)
            case .partition(let table, let partition):
                if let index = pending.firstIndex(where: { $0.0 == table }) {
                    if !pending[index].1.contains(partition) { pending[index].1.append(partition) }
                } else {
                    pending.append((table, [partition]))
                }
            }
        }

        for (table, partitions) in pending {
            do {
                try await registrar.register(partitions, of: table)
            } catch {
                context.logger.error("partitions not registered", [
                    "table": .string(table.name), "partitions": .int(partitions.count), "error": .string(error.description),
                ])
                throw PartitionRegistrationError(table: table.name, partitions: partitions.map(\.path), underlying: error)
            }
            context.logger.info("partitions registered", [
                "table": .string(table.name), "partitions": .string(partitions.map(\.path).joined(separator: ",")),
                "registrar": .string(configuration.registrar.rawValue),
            ])
            report.registered[table.name] = partitions.map(\.path)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(report)
    }
}

/// Registration failed; Lambda's asynchronous retries try the whole event again (registration is idempotent).
struct PartitionRegistrationError: LambdaReportableError, CustomStringConvertible {
    let table: String
    let partitions: [String]
    let underlying: AWSError

    var errorType: String { "PartitionRegistrationFailed" }
    var errorMessage: String {
        "\(partitions.count) partitions of \(table) (\(partitions.prefix(3).joined(separator: ", "))\(partitions.count > 3 ? ", …" : "")) not registered: \(underlying.description)"
    }
    var description: String { errorMessage }
}
