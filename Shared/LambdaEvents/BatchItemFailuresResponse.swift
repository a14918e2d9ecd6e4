/// The partial batch response of a Kinesis, DynamoDB Streams or SQS event source mapping configured with
/// `ReportBatchItemFailures`: `{"batchItemFailures":[{"itemIdentifier":"…"}]}`.
///
/// For Kinesis the identifier is the record's sequence number and Lambda retries from the lowest one
/// reported; for SQS it is the message id. An empty list means the whole batch succeeded.
public struct BatchItemFailuresResponse: Codable, Equatable, Sendable {
    public var batchItemFailures: [BatchItemFailure]

    public init(batchItemFailures: [BatchItemFailure] = []) {
        self.batchItemFailures = batchItemFailures
    }

    /// Reports Kinesis records by sequence number.
    public init(failedSequenceNumbers: some Sequence<String>) {
        self.init(batchItemFailures: failedSequenceNumbers.map(BatchItemFailure.init(itemIdentifier:)))
    }

    /// Reports Kinesis records.
    public init(failedRecords: some Sequence<KinesisEventRecord>) {
        self.init(failedSequenceNumbers: failedRecords.map(\.sequenceNumber))
    }

    /// Reports SQS messages by message id.
    public init(failedMessageIds: some Sequence<String>) {
        self.init(batchItemFailures: failedMessageIds.map(BatchItemFailure.init(itemIdentifier:)))
    }

    enum CodingKeys: String, CodingKey {
        case batchItemFailures
    }

    public func encode(to encoder: any Encoder) throws {
        // Lambda reads an empty identifier as "the whole batch failed"; refuse to send one by accident.
        if let index = batchItemFailures.firstIndex(where: { $0.itemIdentifier.isEmpty }) {
            throw EncodingError.invalidValue(
                batchItemFailures[index].itemIdentifier,
                EncodingError.Context(
                    codingPath: encoder.codingPath + [CodingKeys.batchItemFailures],
                    debugDescription: "batchItemFailures[\(index)].itemIdentifier is empty; Lambda would retry the whole batch"))
        }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(batchItemFailures, forKey: .batchItemFailures)
    }
}

/// One failed item of a batch.
public struct BatchItemFailure: Codable, Equatable, Hashable, Sendable {
    public var itemIdentifier: String

    public init(itemIdentifier: String) {
        self.itemIdentifier = itemIdentifier
    }
}
