import HTTP

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

public struct GlueColumn: Codable, Sendable, Equatable {
    public var Name: String
    public var `Type`: String?
    public var Comment: String?

    public init(name: String, type: String?, comment: String? = nil) {
        Name = name
        self.Type = type
        Comment = comment
    }
}

public struct GlueSerDeInfo: Codable, Sendable, Equatable {
    public var Name: String?
    public var SerializationLibrary: String?
    public var Parameters: [String: String]?

    public init(serializationLibrary: String?, parameters: [String: String]? = nil) {
        SerializationLibrary = serializationLibrary
        Parameters = parameters
    }
}

/// The storage descriptor of a table or partition: copy the table's and change `Location` for a partition,
/// or Athena cannot read it (no SerDe).
public struct GlueStorageDescriptor: Codable, Sendable, Equatable {
    public var Columns: [GlueColumn]?
    public var Location: String?
    public var InputFormat: String?
    public var OutputFormat: String?
    public var Compressed: Bool?
    public var SerdeInfo: GlueSerDeInfo?
    public var Parameters: [String: String]?

    public init(
        columns: [GlueColumn]? = nil, location: String?, inputFormat: String?, outputFormat: String?,
        serdeInfo: GlueSerDeInfo?, compressed: Bool? = nil, parameters: [String: String]? = nil
    ) {
        Columns = columns
        Location = location
        InputFormat = inputFormat
        OutputFormat = outputFormat
        SerdeInfo = serdeInfo
        Compressed = compressed
        Parameters = parameters
    }
}

public struct GluePartitionInput: Codable, Sendable, Equatable {
    /// In the order of the table's partition keys.
    public var Values: [String]
    public var StorageDescriptor: GlueStorageDescriptor?
    public var Parameters: [String: String]?

    public init(values: [String], storageDescriptor: GlueStorageDescriptor?, parameters: [String: String]? = nil) {
        Values = values
        StorageDescriptor = storageDescriptor
        Parameters = parameters
    }
}

public struct GluePartition: Decodable, Sendable, Equatable {
    public var Values: [String]
    public var DatabaseName: String?
    public var TableName: String?
    public var CreationTime: AWSTimestamp?
    public var StorageDescriptor: GlueStorageDescriptor?
    public var Parameters: [String: String]?
}

public struct GlueTable: Decodable, Sendable, Equatable {
    public var Name: String
    public var DatabaseName: String?
    public var Description: String?
    public var StorageDescriptor: GlueStorageDescriptor?
    public var PartitionKeys: [GlueColumn]?
    public var TableType: String?
    public var Parameters: [String: String]?
}

extension GlueTable {
    /// A partition of this table at `location`: the table's storage descriptor (columns, formats, SerDe) with
    /// the location changed, or Athena cannot read the partition.
    public func partition(values: [String], location: String) -> GluePartitionInput {
        var descriptor = StorageDescriptor ?? GlueStorageDescriptor(location: nil, inputFormat: nil, outputFormat: nil, serdeInfo: nil)
        descriptor.Location = location
        return GluePartitionInput(values: values, storageDescriptor: descriptor)
    }
}

/// A table's definition for CreateTable.
public struct GlueTableInput: Encodable, Sendable, Equatable {
    public var Name: String
    public var Description: String?
    public var TableType: String?
    public var Parameters: [String: String]?
    public var PartitionKeys: [GlueColumn]?
    public var StorageDescriptor: GlueStorageDescriptor?
}

extension GlueTable {
    /// This table's definition (columns, formats, SerDe, partition keys) under another name and location: a
    /// table of the same shape over other files, without writing its columns out a second time.
    public func sameShape(named name: String, location: String, description: String?) -> GlueTableInput {
        var descriptor = StorageDescriptor
        descriptor?.Location = location
        return GlueTableInput(
            Name: name, Description: description, TableType: TableType, Parameters: Parameters, PartitionKeys: PartitionKeys,
            StorageDescriptor: descriptor)
    }
}

/// The outcome of BatchCreatePartition once per-entry failures are sorted out.
public struct GlueBatchCreatePartitionResult: Sendable, Equatable {
    /// Partitions created by this call.
    public var created: [[String]]
    /// Partitions that existed already (success: registration is idempotent).
    public var alreadyExisted: [[String]]
}

/// AWS Glue Data Catalog (JSON 1.1): the partition and table calls.
public struct GlueClient: Sendable {
    public let client: AWSClient

    public init(configuration: AWSConfiguration, http: HTTPClient) {
        client = AWSClient(service: .glue, configuration: configuration, http: http)
    }

    private struct BatchInput: Encodable {
        var CatalogId: String?
        var DatabaseName: String
        var TableName: String
        var PartitionInputList: [GluePartitionInput]
    }

    private struct BatchOutput: Decodable {
        struct Failure: Decodable {
            struct Detail: Decodable { var ErrorCode: String?; var ErrorMessage: String? }
            var PartitionValues: [String]?
            var ErrorDetail: Detail?
        }
        var Errors: [Failure]?
    }

    /// Registers partitions, 100 per call. The call answers 200 with per-partition errors: existing partitions
    /// count as success, transient ones (internal errors, timeouts, throttling) are sent again with backoff,
    /// and whatever still fails is thrown as `.partialFailure` naming each partition.
    public func batchCreatePartition(
        database: String, table: String, partitions: [GluePartitionInput], catalogID: String? = nil
    ) async throws(AWSError) -> GlueBatchCreatePartitionResult {
        var result = GlueBatchCreatePartitionResult(created: [], alreadyExisted: [])
        var failures: [AWSError.PartialFailure] = []
        var start = 0
        while start < partitions.count {
            let chunk = Array(partitions[start..<min(start + 100, partitions.count)])
            start += 100
            var pending = chunk
            var attempt = 0
            while !pending.isEmpty {
                attempt += 1
                let input = BatchInput(CatalogId: catalogID, DatabaseName: database, TableName: table, PartitionInputList: pending)
                let output: BatchOutput = try await client.jsonCall(
                    "BatchCreatePartition", input, resource: "\(database).\(table)")
                var retry: [GluePartitionInput] = []
                var failedValues = Set<[String]>()
                for failure in output.Errors ?? [] {
                    let values = failure.PartitionValues ?? []
                    failedValues.insert(values)
                    let code = failure.ErrorDetail?.ErrorCode ?? "Unknown"
                    if code == "AlreadyExistsException" {
                        result.alreadyExisted.append(values)
                    } else if RetryStrategy.classify(status: 200, code: code) != nil, attempt < client.retry.maxAttempts,
                        let again = pending.first(where: { $0.Values == values })
                    {
                        retry.append(again)
                    } else {
                        failures.append(
                            .init(item: "partition (\(values.joined(separator: ", ")))", code: code, message: failure.ErrorDetail?.ErrorMessage ?? ""))
                    }
                }
                result.created += pending.map(\.Values).filter { !failedValues.contains($0) }
                pending = retry
                if !pending.isEmpty { try? await Task.sleep(for: client.retry.backoff(retry: attempt)) }
            }
        }
        guard failures.isEmpty else {
            throw AWSError(
                kind: .partialFailure, service: "Glue", operation: "BatchCreatePartition", status: 200,
                code: failures[0].code, message: "\(failures.count) of \(partitions.count) partitions were not created",
                resource: "\(database).\(table)", partialFailures: failures)
        }
        return result
    }

    public func getPartition(database: String, table: String, values: [String], catalogID: String? = nil)
        async throws(AWSError) -> GluePartition
    {
        struct Input: Encodable { var CatalogId: String?; var DatabaseName: String; var TableName: String; var PartitionValues: [String] }
        struct Output: Decodable { var Partition: GluePartition }
        let output: Output = try await client.jsonCall(
            "GetPartition", Input(CatalogId: catalogID, DatabaseName: database, TableName: table, PartitionValues: values),
            resource: "\(database).\(table) (\(values.joined(separator: ", ")))")
        return output.Partition
    }

    /// Replaces an existing partition's definition (its location, say); `values` name the partition.
    public func updatePartition(
        database: String, table: String, values: [String], partition: GluePartitionInput, catalogID: String? = nil
    ) async throws(AWSError) {
        struct Input: Encodable {
            var CatalogId: String?; var DatabaseName: String; var TableName: String; var PartitionValueList: [String]
            var PartitionInput: GluePartitionInput
        }
        struct Output: Decodable {}
        let _: Output = try await client.jsonCall(
            "UpdatePartition",
            Input(CatalogId: catalogID, DatabaseName: database, TableName: table, PartitionValueList: values, PartitionInput: partition),
            resource: "\(database).\(table) (\(values.joined(separator: ", ")))")
    }

    public func getTable(database: String, name: String, catalogID: String? = nil) async throws(AWSError) -> GlueTable {
        struct Input: Encodable { var CatalogId: String?; var DatabaseName: String; var Name: String }
        struct Output: Decodable { var Table: GlueTable }
        let output: Output = try await client.jsonCall(
            "GetTable", Input(CatalogId: catalogID, DatabaseName: database, Name: name), resource: "\(database).\(name)")
        return output.Table
    }

    /// Creates a table; false when one of that name exists already (not an error: creating is idempotent here,
    /// and two invocations may race to create it).
    @discardableResult
    public func createTable(database: String, table: GlueTableInput, catalogID: String? = nil) async throws(AWSError) -> Bool {
        struct Input: Encodable { var CatalogId: String?; var DatabaseName: String; var TableInput: GlueTableInput }
        struct Output: Decodable {}
        do {
            let _: Output = try await client.jsonCall(
                "CreateTable", Input(CatalogId: catalogID, DatabaseName: database, TableInput: table), resource: "\(database).\(table.Name)")
            return true
        } catch where error.kind == .service && error.code == "AlreadyExistsException" {
            return false
        }
    }

    /// Removes a partition's registration (not its files); false when there was none.
    @discardableResult
    public func deletePartition(database: String, table: String, values: [String], catalogID: String? = nil) async throws(AWSError) -> Bool {
        struct Input: Encodable { var CatalogId: String?; var DatabaseName: String; var TableName: String; var PartitionValues: [String] }
        struct Output: Decodable {}
        do {
            let _: Output = try await client.jsonCall(
                "DeletePartition", Input(CatalogId: catalogID, DatabaseName: database, TableName: table, PartitionValues: values),
                resource: "\(database).\(table) (\(values.joined(separator: ", ")))")
            return true
        } catch where error.isNotFound {
            return false
        }
    }
}
