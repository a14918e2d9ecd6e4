// MySQLUpsert: Redshift UNLOAD files (pipe-delimited, CSV, fixed-width or Parquet; gzip, zstd or bzip2) landing in S3
// are upserted into MySQL through RDS Proxy, with an IAM token or a Secrets Manager secret, over TLS.
import AWS
import CGlibcCompat
import Decompression
import LambdaRuntime

_ = cglibccompat_linked()
await LambdaRuntime.run(bytes: { initialization in
    // Which library inflates gzip inputs (ISA-L from the package's lib/, or zlib and why).
    initialization.logger.info(GzipInflateBackend.description)
    let configuration = try MySQLUpsertConfiguration(environment: initialization.environment)
    let aws = try initialization.environment.settings("AWS configuration") { try AWSConfiguration.fromEnvironment($0) }
    let http = initialization.http.client
    return MySQLUpsertHandler(
        configuration: configuration, s3: S3Client(configuration: aws, http: http),
        sns: configuration.topicARN == nil ? nil : SNSClient(configuration: aws, http: http), aws: aws, http: http,
        metrics: MetricsLogger(
            namespace: configuration.metricsNamespace,
            dimensions: [("FunctionName", initialization.environment.string("AWS_LAMBDA_FUNCTION_NAME", default: "MySQLUpsert"))]))
})
