import AWS
import Foundation
import LambdaEvents

/// Sends the messages of a dead-letter queue or on-failure destination back into their function.
///
/// A message is one of three things:
/// - what Lambda puts in an asynchronous function's dead-letter queue, or EventBridge in a rule's: the original
///   event as the body;
/// - what Lambda sends an asynchronous function's on-failure destination: the event as `requestPayload`, beside
///   `requestContext` and the function's response;
/// - what a Kinesis event source mapping sends its on-failure destination: the shard and sequence range of a
///   batch (`KinesisBatchInfo`), whose records are read back from the stream.
///
/// A message is deleted only after the function succeeded with it, so running the re-drive again after a
/// failure (or after the tool was interrupted) only retries what is left; the functions themselves are
/// idempotent, so a message handled twice writes the same objects and partitions again.
struct DeadLetterRedrive: Sendable {
    let sqs: SQSClient
    let invoker: FunctionInvoker
    let ranges: KinesisRangeReader
    let log: OperationLog

    struct Summary: Equatable, Sendable {
        var redriven = 0
        var failed = 0
        var seen = 0
    }

    enum DeadLetter: Sendable {
        case event(Data)
        case kinesisBatch(KinesisFailureDestinationRecord.BatchInfo)

        /// Reads a message body; anything that is not a JSON object is refused with the reason.
        init(body: String) throws {
            let data = Data(body.utf8)
            guard (try? JSONSerialization.jsonObject(with: data)) is [String: Any] else {
                throw OperationError("the body is not a JSON object")
            }
            if let record = try? JSONDecoder().decode(KinesisFailureDestinationRecord.self, from: data) {
                self = .kinesisBatch(record.batchInfo)
            } else if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                object["requestContext"] is [String: Any], let payload = object["requestPayload"], !(payload is NSNull)
            {
                self = .event(try JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys, .withoutEscapingSlashes]))
            } else {
                self = .event(data)
            }
        }
    }

    /// - Parameters:
    ///   - limit: messages to handle at most; nil for all.
    ///   - dryRun: say what would be re-driven; invoke nothing and delete nothing.
    func run(queueURL: String, limit: Int?, dryRun: Bool) async throws -> Summary {
        var summary = Summary()
        var seenIDs = Set<String>()
        // A message stays hidden while it is handled. A dry run hides nothing (visibility 0), so the same
        // messages come back: it stops after three receives that bring nothing new.
        let visibility = dryRun ? 0 : 300
        var receivesWithNothingNew = 0
        while limit.map({ summary.seen < $0 }) ?? true, receivesWithNothingNew < (dryRun ? 3 : 1) {
            let wanted = min(10, limit.map { $0 - summary.seen } ?? 10)
            let messages = try await sqs.receiveMessages(queueURL: queueURL, maximum: wanted, waitSeconds: 1, visibilityTimeout: visibility)
            let fresh = messages.filter { seenIDs.insert($0.messageID).inserted }
            if fresh.isEmpty {
                receivesWithNothingNew += 1
                continue
            }
            receivesWithNothingNew = 0
            for message in fresh {
                summary.seen += 1
                if try await handle(message, queueURL: queueURL, dryRun: dryRun) { summary.redriven += 1 } else { summary.failed += 1 }
            }
        }
        log.say("\(dryRun ? "dry run: would re-drive" : "re-drove") \(summary.redriven) of \(summary.seen) messages to \(invoker.function); \(summary.failed) left in the queue")
        return summary
    }

    private func handle(_ message: SQSMessage, queueURL: String, dryRun: Bool) async throws -> Bool {
        let letter: DeadLetter
        do {
            letter = try DeadLetter(body: message.body)
        } catch {
            log.say("message \(message.messageID): left in the queue: \(error)")
            return false
        }
        let event: Data
        let what: String
        switch letter {
        case .event(let body):
            event = body
            let reason = [message.attributes["ErrorCode"], message.attributes["ErrorMessage"]].compactMap { $0 }.joined(separator: ": ")
            what = "event" + (reason.isEmpty ? "" : " (failed with \(reason))")
        case .kinesisBatch(let batch):
            what = "Kinesis batch \(batch.shardId) \(batch.startSequenceNumber)…\(batch.endSequenceNumber)"
            if dryRun {
                log.say("message \(message.messageID): would read \(what) from \(batch.streamArn) and invoke \(invoker.function)")
                return true
            }
            do {
                event = try await ranges.event(for: batch)
            } catch {
                log.say("message \(message.messageID): left in the queue: \(error)")
                return false
            }
        }
        if dryRun {
            log.say("message \(message.messageID): would invoke \(invoker.function) with the \(what)")
            return true
        }
        let outcome = try await invoker.invoke(event)
        guard outcome.succeeded else {
            log.say("message \(message.messageID): \(invoker.function) failed again, left in the queue: \(outcome.problem ?? "")")
            return false
        }
        try await sqs.deleteMessage(queueURL: queueURL, receiptHandle: message.receiptHandle)
        log.say("message \(message.messageID): \(invoker.function) handled the \(what); message deleted")
        return true
    }
}
