import AWS
import ArgumentParser
import Foundation
import HTTP

/// `pipeline-ops`: the operator's commands for recovering from failures, on the same modules as the functions.
/// AWS credentials, region and endpoints come from the environment or the shared config files, as for the
/// AWS CLI (`AWS_PROFILE`, `AWS_REGION`, `AWS_ENDPOINT_URL_<SERVICE>`).
@main
struct PipelineOps: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline-ops",
        abstract: "Re-drive failed events, re-submit rejected records and run GA4 backfills.",
        discussion: "Each command is idempotent and prints one line for everything it does. Use --dry-run first.",
        subcommands: [Redrive.self, ResubmitFailed.self, RequeueQuarantined.self, BackfillGA4.self])
}

/// What every command needs: AWS settings and one HTTP client.
struct AWSContext {
    let configuration: AWSConfiguration
    let http = HTTPClient()

    init() throws {
        do {
            configuration = try AWSConfiguration.fromEnvironment()
        } catch {
            throw ValidationError("AWS settings: \(error)")
        }
    }

    func invoker(_ function: String) -> FunctionInvoker {
        FunctionInvoker(lambda: LambdaClient(configuration: configuration, http: http), function: function)
    }
}

extension PipelineOps {
    struct Redrive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send the messages of a dead-letter queue or on-failure destination back into their function.",
            discussion: """
                Dead-letter messages of asynchronously invoked functions (AthenaPartitions, GA4Ingest) are the \
                original events; messages of the clickstream's on-failure destination name a shard and sequence \
                range, which is read back from the stream. A message is deleted only after the function handled \
                it successfully.
                """)

        @Option(help: "URL of the queue (a stack output).") var queueURL: String
        @Option(help: "Function to invoke: name or ARN.") var function: String
        @Option(help: "Handle at most this many messages (default: all).") var max: Int?
        @Flag(help: "Say what would be re-driven; invoke and delete nothing.") var dryRun = false

        func run() async throws {
            let context = try AWSContext()
            let redrive = DeadLetterRedrive(
                sqs: SQSClient(configuration: context.configuration, http: context.http), invoker: context.invoker(function),
                ranges: KinesisRangeReader(kinesis: KinesisClient(configuration: context.configuration, http: context.http)),
                log: OperationLog())
            let summary = try await redrive.run(queueURL: queueURL, limit: max, dryRun: dryRun)
            if summary.failed > 0 { throw ExitCode(1) }
        }
    }

    struct ResubmitFailed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "resubmit-failed",
            abstract: "Hand the clickstream records rejected on some days to KinesisTransform again, exactly once.",
            discussion: """
                Reads failed/dt=YYYY-MM-DD/ for each day from --from to --to and invokes the function once per \
                object with its records' original bytes, shard ids and sequence numbers. Records that now pass \
                become rows under the same keys on every run; records that still fail are written to failed/ \
                again with their new reason.
                """)

        @Option(help: "The data bucket.") var bucket: String
        @Option(help: "KinesisTransform's name or ARN.") var function: String
        @Option(help: "ARN of the clickstream stream (the records' source in the event).") var streamArn: String
        @Option(help: "First arrival day, YYYY-MM-DD (UTC).") var from: String
        @Option(help: "Last arrival day, YYYY-MM-DD (UTC).") var to: String
        @Option(help: "Prefix of the rejected records.") var failedPrefix = "failed/"
        @Flag(help: "Say what would be re-submitted; invoke nothing.") var dryRun = false

        func run() async throws {
            let days = try FailedRecordResubmission.days(from: from, to: to)
            let context = try AWSContext()
            let resubmission = FailedRecordResubmission(
                s3: S3Client(configuration: context.configuration, http: context.http), invoker: context.invoker(function),
                log: OperationLog())
            let prefix = failedPrefix.hasSuffix("/") ? failedPrefix : failedPrefix + "/"
            let summary = try await resubmission.run(
                bucket: bucket, failedPrefix: prefix, days: days, streamARN: streamArn, region: context.configuration.region,
                dryRun: dryRun)
            if summary.failedObjects > 0 { throw ExitCode(1) }
        }
    }

    struct RequeueQuarantined: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "requeue-quarantined",
            abstract: "Send quarantined files back to S3Validation after their contract changed.",
            discussion: """
                Moves each file under --prefix from quarantine/<rel> back to incoming/<rel> (its old report is \
                removed), where its upload event has S3Validation check it again. A newer file already waiting at \
                incoming/<rel> is never overwritten.
                """)

        @Option(help: "The bucket S3Validation writes (PROCESSED_DATA_BUCKET).") var bucket: String
        @Option(help: "Which quarantined files, e.g. quarantine/orders/ (must be under --quarantine-prefix).") var prefix: String
        @Option(help: "S3Validation's QUARANTINE_PREFIX.") var quarantinePrefix = "quarantine/"
        @Option(help: "S3Validation's INCOMING_PREFIX.") var incomingPrefix = "incoming/"
        @Flag(help: "Say what would be requeued; change nothing.") var dryRun = false

        func run() async throws {
            let context = try AWSContext()
            let summary = try await QuarantineRequeue(s3: S3Client(configuration: context.configuration, http: context.http), log: OperationLog())
                .run(bucket: bucket, prefix: prefix, quarantinePrefix: quarantinePrefix, incomingPrefix: incomingPrefix, dryRun: dryRun)
            if summary.kept > 0 { throw ExitCode(1) }
        }
    }

    struct BackfillGA4: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "backfill-ga4",
            abstract: "Pull GA4 reports for properties and a date range, invoking GA4Ingest until the backfill is complete.")

        @Option(help: "GA4Ingest's name or ARN.") var function: String
        @Option(name: .customLong("property"), help: "A GA4 property id (repeat for several).") var properties: [String]
        @Option(help: "First day, YYYY-MM-DD.") var from: String
        @Option(help: "Last day, YYYY-MM-DD.") var to: String
        @Option(name: .customLong("report"), help: "Only this configured report (repeat for several; default: all).")
        var reports: [String] = []
        @Option(help: "Invocations at most before giving up (each resumes where the last stopped).") var maxInvocations = 50
        @Flag(help: "Print the event; invoke nothing.") var dryRun = false

        func run() async throws {
            let request = try GA4Backfill.request(properties: properties, from: from, to: to, reports: reports)
            let context = try AWSContext()
            _ = try await GA4Backfill(invoker: context.invoker(function), log: OperationLog())
                .run(request, maximumInvocations: maxInvocations, dryRun: dryRun)
        }
    }
}
